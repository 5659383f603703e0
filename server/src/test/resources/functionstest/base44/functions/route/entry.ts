// Direct fetch target: tells which function answered and what path, query and headers it got.
Deno.serve(async (req: Request) => {
  const url = new URL(req.url);
  return Response.json({
    name: "route",
    path: url.pathname,
    search: url.search,
    method: req.method,
    body: await req.text(),
    appId: req.headers.get("Base44-App-Id"),
    apiUrl: req.headers.get("Base44-Api-Url"),
    dataEnv: req.headers.get("X-Data-Env"),
    hasAuthorization: req.headers.has("Authorization"),
    serviceAuthIsBearer: (req.headers.get("Base44-Service-Authorization") ?? "").startsWith("Bearer "),
  });
});
