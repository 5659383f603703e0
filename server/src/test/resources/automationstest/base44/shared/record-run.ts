// Writes one Run record describing this automation call, with the service token the platform sent
// (plain fetch, no SDK, so the test needs no npm download).
export async function recordRun(req: Request): Promise<Response> {
  const body = await req.json();
  const service = req.headers.get("Base44-Service-Authorization") ?? "";
  const run = {
    automation: body.automation?.name,
    type: body.automation?.type,
    scheduled_at: body.automation?.scheduled_at,
    event_type: body.event?.type,
    entity_id: body.event?.entity_id,
    title: body.data?.title,
    old_title: body.old_data?.title ?? body.event?.old_data?.title,
    arg: body.arg,
    had_user_auth: req.headers.has("Authorization"),
  };
  const url = `${req.headers.get("Base44-Api-Url")}/api/apps/${req.headers.get("Base44-App-Id")}/entities/Run`;
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Authorization": service },
    body: JSON.stringify(run),
  });
  const text = await res.text();
  console.log("run recorded", res.status, run.automation);
  return new Response(text, { status: res.ok ? 200 : 500 });
}
