// Prints on stdout and stderr during a call (the server keeps each line with the call's request id),
// including the value of a secret, which must never be stored or logged.
console.log("logger loaded");
Deno.serve(async (req: Request) => {
  const marker = new URL(req.url).searchParams.get("marker") ?? "none";
  console.log("out", marker, { n: 1 });
  console.error("err " + marker + "\nsecond line " + marker);
  console.log("secret is " + (Deno.env.get("LOG_SECRET") ?? "unset"));
  await new Promise((r) => setTimeout(r, 5));
  console.info("after await " + marker);
  return Response.json({ ok: true });
});
