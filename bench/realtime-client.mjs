// One subscriber process of the realtime benchmark (forked by realtime-subscribers.mjs, which spreads the subscribers
// over several of these so that the client side is not one single-threaded process). Talks to its parent over IPC:
//   {cmd:"connect", serverUrl, appId, room, count, client} -> {type:"connected", n} when all are connected
//   {cmd:"status"}                  -> {type:"status", connected, primed, frames, lastFrameAt, reopened}
//   {cmd:"measure"}                 -> resets frames and latencies (a new phase starts)
//   {cmd:"collect"}                 -> {type:"latencies", frames, lastFrameAt, latencies}
//   {cmd:"close"}                   -> closes every socket and exits
// What one frame costs here, and what it measures:
// - client "raw" (default): a plain WebSocket (the `ws` package socket.io-client itself uses in Node) speaking
//   Engine.IO v4 / Socket.IO v5 by hand: answers CONNECT and pings, sends ["join", room], and for each update_model
//   frame reads the event's `timestamp` (commit time) by a byte search, without parsing the JSON. Latency = arrival of
//   the frame in this process minus the commit time; nothing the server does is skipped.
// - client "sio": the official socket.io-client (as @base44/sdk 0.8.50 uses it), with JSON.parse of the event's
//   `data` as the SDK does: the real client's cost per frame, which on shared cores competes with the server.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../conformance/package.json"));

let connected = 0;
let primed = 0;
let frames = 0;
let lastFrameAt = 0;
let measuring = false;
let latencies = [];
const closers = [];
let closing = false;
let reopened = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Called once per update_model frame: the commit time (ms since epoch) and whether it is a priming event. */
function onEvent(state, timestampMs, prime) {
  if (prime) {
    if (!state.primed) {
      state.primed = true;
      primed++;
    }
    return;
  }
  if (!measuring) return;
  const now = Date.now();
  frames++;
  lastFrameAt = now;
  latencies.push(now - timestampMs);
}

const TIMESTAMP = Buffer.from('timestamp\\":\\"'); // inside the JSON string `data`, so its quotes are escaped
const PRIME = Buffer.from('customer\\":\\"prime\\"');
const UPDATE_MODEL = Buffer.from('42["update_model"');

function openRaw(serverUrl, appId, room) {
  const WebSocket = require("ws");
  const url = `${serverUrl.replace(/^http/, "ws")}/ws-user-apps/socket.io/?app_id=${encodeURIComponent(appId)}&token=null&EIO=4&transport=websocket`;
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const state = { primed: false, connected: false };
  ws.on("message", (buf) => {
    // Engine.IO packet types: 0 open, 2 ping, 4 message; Socket.IO inside 4: 0 CONNECT, 2 EVENT.
    const type = buf[0];
    if (type === 0x34 /* 4 */) {
      if (buf[1] === 0x32 /* 2 */ && buf.indexOf(UPDATE_MODEL) === 0) {
        const at = buf.indexOf(TIMESTAMP);
        if (at < 0) throw new Error("update_model without a timestamp");
        const ts = Date.parse(buf.toString("latin1", at + TIMESTAMP.length, at + TIMESTAMP.length + 24));
        onEvent(state, ts, buf.indexOf(PRIME) >= 0);
      } else if (buf[1] === 0x30 /* 0 */) {
        connected++;
        state.connected = true;
        ws.send(`42${JSON.stringify(["join", room])}`);
      } else if (buf[1] === 0x34 /* 4: CONNECT_ERROR */) {
        console.error(`connect_error: ${buf.toString()}`);
      }
    } else if (type === 0x32 /* 2 ping */) {
      ws.send("3");
    } else if (type === 0x30 /* 0 open */) {
      ws.send("40");
    }
  });
  ws.on("error", (e) => console.error(`websocket error: ${e.message}`));
  ws.on("close", (code, reason) => {
    if (closing) return;
    if (state.connected) {
      console.error(`websocket closed: ${code} ${reason}`);
    } else {
      // Closed before Socket.IO's CONNECT was answered (on a starved machine the server's 20 s connect timeout can
      // pass): open another one, and report how often that happened.
      reopened++;
      openRaw(serverUrl, appId, room);
    }
  });
  closers.push(() => ws.terminate());
}

function openSio(serverUrl, appId, room) {
  const { io } = require("socket.io-client");
  const s = io(serverUrl, {
    path: "/ws-user-apps/socket.io/",
    transports: ["websocket"],
    query: { app_id: appId, token: "null" },
    forceNew: true,
    reconnection: false,
    timeout: 60_000,
  });
  const state = { primed: false };
  s.on("connect", () => {
    connected++;
    s.emit("join", room);
  });
  s.on("connect_error", (e) => console.error(`connect_error: ${e.message}`));
  s.on("update_model", (msg) => {
    const ev = JSON.parse(msg.data); // what the SDK does with each event
    onEvent(state, Date.parse(ev.timestamp), ev.data?.customer === "prime");
  });
  closers.push(() => s.close());
}

async function connect({ serverUrl, appId, room, count, client }) {
  const open = client === "sio" ? openSio : openRaw;
  for (let i = 0; i < count; i++) {
    open(serverUrl, appId, room);
    // Open handshakes 50 at a time: a thousand in one tick only measures how the client's own timeouts cope.
    if (i % 50 === 49) {
      const end = Date.now() + 60_000;
      while (connected <= i - 50 && Date.now() < end) await sleep(10);
    }
  }
  while (connected < count) await sleep(20); // the parent enforces the overall time limit
  process.send({ type: "connected", n: connected });
}

process.on("disconnect", () => process.exit(0)); // the driver ended (or failed): end too

process.on("message", (m) => {
  switch (m.cmd) {
    case "connect":
      connect(m).catch((e) => {
        console.error(e);
        process.exit(1);
      });
      break;
    case "status":
      process.send({ type: "status", connected, primed, frames, lastFrameAt, reopened });
      break;
    case "measure":
      frames = 0;
      lastFrameAt = 0;
      latencies = [];
      measuring = true;
      break;
    case "collect":
      process.send({ type: "latencies", frames, lastFrameAt, latencies });
      break;
    case "close":
      closing = true;
      for (const c of closers) c();
      process.exit(0);
  }
});
