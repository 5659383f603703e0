// Answers what it was sent (method, URL, body size), for FuzzTest.
Deno.serve(async (req: Request) => {
  const body = await req.arrayBuffer();
  return Response.json({ method: req.method, url: req.url, bytes: body.byteLength });
});
