// Exits in the middle of a call when asked (?exit=1); otherwise says which process answered.
Deno.serve((req: Request) => {
  if (new URL(req.url).searchParams.get("exit") === "1") Deno.exit(3);
  return Response.json({ pid: Deno.pid });
});
