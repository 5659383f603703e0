// Echoes what the platform forwarded, without ever echoing a token.
Deno.serve(async (req: Request) => {
  const url = new URL(req.url);
  const body = await req.text();
  const has = (name: string) => req.headers.has(name);
  return Response.json({
    method: req.method,
    q: url.searchParams.get("q"),
    body,
    contentType: req.headers.get("content-type"),
    appId: req.headers.get("Base44-App-Id"),
    apiUrl: req.headers.get("Base44-Api-Url"),
    dataEnv: req.headers.get("X-Data-Env"),
    state: req.headers.get("Base44-State"),
    functionsVersion: req.headers.get("Base44-Functions-Version"),
    hasAuthorization: has("Authorization"),
    serviceAuthIsBearer: (req.headers.get("Base44-Service-Authorization") ?? "").startsWith("Bearer "),
    custom: req.headers.get("X-Custom"),
    pid: Deno.pid,
  }, { headers: { "X-Function": "hello" } });
});
