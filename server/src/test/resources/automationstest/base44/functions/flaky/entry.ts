// Always fails, after saying which record it was called for.
Deno.serve(async (req: Request) => {
  const body = await req.json();
  console.log("flaky called for " + body.event?.entity_id);
  return Response.json({ error: "nope" }, { status: 500 });
});
