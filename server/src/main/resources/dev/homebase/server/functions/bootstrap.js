// Homebase function bootstrap: hosts one Base44 backend function in this Deno process.
//
// Usage: deno run <permissions> bootstrap.js <entry file URL>
//
// It imports the function's entry module, takes its request handler (api-contract §6.5):
//   (a) Deno.serve(handler) / Deno.serve(options, handler) / Deno.serve({ handler }) at import time, or
//   (b) export default handler / export default { fetch },
// then serves it on a free loopback port and prints one line "HOMEBASE_READY <port>" on stdout,
// which the server waits for. If both shapes are present, Deno.serve wins.

import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";

const entry = Deno.args[0];

// Every line printed while a call runs starts with "\u0001hb:<request id>\u0001", so the server can keep
// the function's output with the request that produced it (FunctionLogs.java). Outside a call
// (at import time) output is unchanged.
const calls = new AsyncLocalStorage();
const REQUEST_ID = "x-homebase-request-id";
for (const method of ["log", "info", "debug", "warn", "error", "trace"]) {
  const original = console[method].bind(console);
  console[method] = (...args) => {
    const id = calls.getStore();
    if (!id) return original(...args);
    const text = format(...args);
    original("%s", text.split("\n").map((line) => "\u0001hb:" + id + "\u0001" + line).join("\n"));
  };
}

// The server holds our stdin open for our whole life: end of input means it is gone (even killed
// outright), so exit rather than linger as an orphan.
(async () => {
  try {
    for await (const _ of Deno.stdin.readable) { /* nothing is ever sent */ }
  } catch (_) { /* closed */ }
  Deno.exit(0);
})();
const realServe = Deno.serve.bind(Deno);
let captured = null;

function handlerOf(args) {
  for (const a of args) {
    if (typeof a === "function") return a;
    if (a && typeof a === "object" && typeof a.handler === "function") return a.handler;
  }
  return null;
}

// (a) Capture the handler instead of listening where the function asked.
Deno.serve = (...args) => {
  const h = handlerOf(args);
  if (h && !captured) captured = h;
  const never = new Promise(() => {});
  return {
    finished: never,
    addr: { transport: "tcp", hostname: "127.0.0.1", port: 0 },
    shutdown: () => Promise.resolve(),
    ref() {},
    unref() {},
    [Symbol.asyncDispose]: () => Promise.resolve(),
  };
};

const mod = await import(entry);

let handler = captured;
if (!handler && mod.default) {
  const d = mod.default;
  if (typeof d === "function") handler = d;
  else if (typeof d.fetch === "function") handler = (req, info) => d.fetch(req, info);
}

const missing = "The function must export default a request handler or call Deno.serve()";

realServe({
  hostname: "127.0.0.1",
  port: 0,
  onListen({ port }) {
    console.log("HOMEBASE_READY " + port);
  },
}, (req, info) => {
  const id = req.headers.get(REQUEST_ID);
  return /^[A-Za-z0-9_-]{1,64}$/.test(id ?? "") ? calls.run(id, () => call(req, info)) : call(req, info);
});

async function call(req, info) {
  if (!handler) {
    console.error(missing);
    return Response.json({ error: missing, message: missing }, { status: 500 });
  }
  try {
    return await handler(req, info);
  } catch (e) {
    // The detail goes to the server log (stderr), not to the caller.
    console.error("Unhandled error in function:", e && e.stack ? e.stack : e);
    return Response.json({ error: "Function failed", message: "Function failed" }, { status: 500 });
  }
}
