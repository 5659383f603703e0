import { createClientFromRequest } from "npm:@base44/sdk@0.8.50";

// Reads the caller through the injected headers, then writes as the service role against this server.
Deno.serve(async (req: Request) => {
  const base44 = createClientFromRequest(req);
  let me = null;
  try {
    me = await base44.auth.me();
  } catch (e) {
    me = { error: (e as { status?: number }).status ?? String(e) };
  }
  const { title } = await req.json();
  const item = await base44.asServiceRole.entities.Item.create({ title, made_for: me?.email ?? "anonymous" });
  return Response.json({ email: me?.email ?? null, me, item });
});
