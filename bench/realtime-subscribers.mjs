// Realtime benchmark client (run by bench/run-realtime.sh): N Socket.IO subscribers in this one process, a burst of
// writes over HTTP, and what arrived: delivered events per second, latency from commit (the event's server
// `timestamp`) to delivery, and the server's memory (RSS from /proc, Java heap from jcmd) with N connections open.
// Two phases: a burst (writes as fast as `concurrency` parallel requests go: throughput, and latency under a backlog),
// then paced writes (one every `interval` ms: latency when delivery keeps up).
// Usage: node realtime-subscribers.mjs <serverUrl> <appId> <entity> <serverPid> <jcmd> [subscribers] [writes]
//        [concurrency] [paced writes] [interval ms] [write server URL (another node; default: serverUrl)]
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

// socket.io-client 4 as the official SDK ships it (installed with the conformance suite's @base44/sdk).
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../conformance/package.json"));
const { io } = require("socket.io-client");

const [serverUrl, appId, entity, serverPid, jcmd] = process.argv.slice(2);
const subscribers = Number(process.argv[7] ?? 1000);
const writes = Number(process.argv[8] ?? 200);
const concurrency = Number(process.argv[9] ?? 8);
const pacedWrites = Number(process.argv[10] ?? 20);
const intervalMs = Number(process.argv[11] ?? 500);
const room = `entities:${appId}:${entity}`;
const writeUrl = process.argv[12] || serverUrl;
const api = `${writeUrl}/api/apps/${appId}/entities/${entity}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function serverMemory(gc) {
  const status = readFileSync(`/proc/${serverPid}/status`, "utf8");
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
  let heapUsedKiB = NaN;
  let heapCommittedKiB = NaN;
  try {
    if (gc) execFileSync(jcmd, [serverPid, "GC.run"], { stdio: "ignore" });
    const info = execFileSync(jcmd, [serverPid, "GC.heap_info"], { encoding: "utf8" });
    const m = /total (?:reserved \d+K, committed )?(\d+)K, used (\d+)K/.exec(info);
    if (m) {
      heapCommittedKiB = Number(m[1]);
      heapUsedKiB = Number(m[2]);
    }
  } catch {
    // jcmd unavailable: RSS only
  }
  return { rssMiB: +(rssKiB / 1024).toFixed(1), heapUsedMiB: +(heapUsedKiB / 1024).toFixed(1), heapCommittedMiB: +(heapCommittedKiB / 1024).toFixed(1) };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function post(body) {
  const res = await fetch(api, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`POST ${res.status} ${await res.text()}`);
  return res.json();
}

// ---- connect ----
const before = serverMemory(true);
const sockets = [];
let connected = 0;
let frames = 0;
let lastFrameAt = 0;
let measuring = false;
let latencies = [];
const seenPrime = new Map(); // prime id -> count
const t0 = Date.now();
const connectLimitMs = Math.max(60_000, subscribers * 20); // 10,000 subscribers on a busy box need more than a minute
for (let i = 0; i < subscribers; i++) {
  const s = io(serverUrl, {
    path: "/ws-user-apps/socket.io/",
    transports: ["websocket"],
    query: { app_id: appId, token: "null" },
    forceNew: true,
    reconnection: false,
    timeout: 60_000,
  });
  s.on("connect", () => {
    connected++;
    s.emit("join", room);
  });
  s.on("connect_error", (e) => console.error(`connect_error: ${e.message}`));
  s.on("update_model", (msg) => {
    const now = Date.now();
    const ev = JSON.parse(msg.data);
    if (ev.data?.customer === "prime") {
      seenPrime.set(ev.id, (seenPrime.get(ev.id) ?? 0) + 1);
      return;
    }
    if (!measuring) return;
    frames++;
    lastFrameAt = now;
    latencies.push(now - Date.parse(ev.timestamp));
  });
  sockets.push(s);
  // Open handshakes 50 at a time: a thousand in one tick only measures how the client's own timeouts cope.
  if (i % 50 === 49) {
    const end = Date.now() + 60_000;
    while (connected <= i - 50 && Date.now() < end) await sleep(10);
  }
}
while (connected < subscribers) {
  if (Date.now() - t0 > connectLimitMs) throw new Error(`only ${connected} of ${subscribers} connected after ${connectLimitMs / 1000} s`);
  await sleep(50);
}
const connectSecs = (Date.now() - t0) / 1000;

// Joins are unacknowledged: write until every subscriber has received one event.
let primed = false;
for (let i = 0; i < 30 && !primed; i++) {
  const p = await post({ customer: "prime", status: "open", amount: 0, priority: 1 });
  const end = Date.now() + 3000;
  while (Date.now() < end && (seenPrime.get(p.id) ?? 0) < subscribers) await sleep(25);
  primed = (seenPrime.get(p.id) ?? 0) === subscribers;
}
if (!primed) throw new Error("not every subscriber received the priming event");
await sleep(500);
const idle = serverMemory(true);

// ---- burst ----
measuring = true;
const burstStart = Date.now();
let next = 0;
async function writer() {
  while (next < writes) {
    const n = next++;
    await post({ customer: `c${n}`, status: "open", amount: n, priority: 1 + (n % 5), tags: ["bench"] });
  }
}
await Promise.all(Array.from({ length: concurrency }, writer));
const writesDone = Date.now();
const expected = writes * subscribers;
let lastCount = -1;
let stalledSince = Date.now();
while (frames < expected) {
  if (frames !== lastCount) {
    lastCount = frames;
    stalledSince = Date.now();
  } else if (Date.now() - stalledSince > 10_000) {
    break; // nothing new for 10 s: report what arrived
  }
  await sleep(20);
}
const busy = serverMemory(false);
const deliverySecs = (lastFrameAt - burstStart) / 1000;
const burstFrames = frames;
const burstLatencies = latencies.sort((a, b) => a - b);

// ---- paced ----
await sleep(1000);
frames = 0;
latencies = [];
for (let n = 0; n < pacedWrites; n++) {
  const started = Date.now();
  await post({ customer: `p${n}`, status: "open", amount: n, priority: 1, tags: ["paced"] });
  await sleep(Math.max(0, intervalMs - (Date.now() - started)));
}
const pacedEnd = Date.now() + 10_000;
while (frames < pacedWrites * subscribers && Date.now() < pacedEnd) await sleep(20);
const pacedLatencies = latencies.sort((a, b) => a - b);
const summary = (l) => ({ median: percentile(l, 50), p90: percentile(l, 90), p99: percentile(l, 99), max: l.at(-1) });

const mem = process.memoryUsage();
const result = {
  subscribers,
  writesTo: writeUrl === serverUrl ? "the subscribers' node" : "another node (events cross over the database)",
  connectSeconds: +connectSecs.toFixed(2),
  writes,
  writeConcurrency: concurrency,
  writesPerSecond: +(writes / ((writesDone - burstStart) / 1000)).toFixed(0),
  framesExpected: expected,
  framesDelivered: burstFrames,
  deliverySeconds: +deliverySecs.toFixed(2),
  deliveredEventsPerSecond: +(burstFrames / deliverySecs).toFixed(0),
  burstLatencyMs: summary(burstLatencies),
  paced: { writes: pacedWrites, intervalMs, framesDelivered: frames, latencyMs: summary(pacedLatencies) },
  server: { beforeConnections: before, connectedIdleAfterGc: idle, rightAfterBurst: busy },
  clientRssMiB: +(mem.rss / 1048576).toFixed(1),
};
console.log(JSON.stringify(result, null, 2));
for (const s of sockets) s.close();
process.exit(burstFrames === expected && frames === pacedWrites * subscribers ? 0 : 1);
