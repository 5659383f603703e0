// Answers a JSON body {name} with a greeting and prints one line with the name (the dashboard's live tail shows it).
Deno.serve(async (req: Request) => {
  const body = req.method === "GET" ? {} : await req.json().catch(() => ({}));
  const name = typeof body.name === "string" ? body.name : "nobody";
  console.log("greeting " + name);
  return Response.json({ hello: name, method: req.method });
});
