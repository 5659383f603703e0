// Server-sent events that prove the stream is not buffered: the first event is sent at once, the
// last only once the caller has created the file named by ?release= in this folder (which it does
// after reading the first event), or "gave-up" after 20 s.
Deno.serve((req: Request) => {
  const release = new URL(req.url).searchParams.get("release") ?? "release";
  if (!/^[a-z0-9-]+$/.test(release)) return new Response("bad release name", { status: 400 });
  const file = new URL("./" + release, import.meta.url);
  const enc = new TextEncoder();
  const body = new ReadableStream({
    async start(controller) {
      controller.enqueue(enc.encode("data: first\n\n"));
      let outcome = "gave-up";
      for (let i = 0; i < 400; i++) {
        try {
          await Deno.stat(file);
          outcome = "released";
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      controller.enqueue(enc.encode("data: " + outcome + "\n\n"));
      controller.close();
    },
  });
  return new Response(body, { headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" } });
});
