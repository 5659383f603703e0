// Used only by the latency test: its first call is always a cold start.
Deno.serve(() => Response.json({ pong: true, pid: Deno.pid }));
