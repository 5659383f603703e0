// Realtime benchmark driver (run by bench/run-realtime.sh): N Socket.IO subscribers spread over several client
// processes (bench/realtime-client.mjs), a burst of writes over HTTP, and what arrived: delivered events per second,
// latency from commit (the event's server `timestamp`) to arrival in a client process, the server's memory (RSS from
// /proc, Java heap from jcmd) with N connections open, and the CPU time the server and the clients used in each phase
// (from /proc/<pid>/stat), so that it is clear which side was saturated.
// Two phases: a burst (writes as fast as `concurrency` parallel requests go: throughput, and latency under a backlog),
// then paced writes (one every `interval` ms: latency when delivery keeps up).
// "Delivered events per second" counts frames (one event to one subscriber) that arrived between the first write of
// the burst and the last frame's arrival.
// Environment: CLIENT_PROCS (client processes, default 4), CLIENT (raw: a plain WebSocket reading only the event's
// timestamp, the default; sio: the official socket.io-client with JSON.parse of each event, as the SDK does),
// HISTO_DIR (a folder: the server's class histogram after GC is written there before connecting and when idle),
// JFR_FILE (a JFR recording of the server, settings=profile, from the burst's start to the end of the paced phase).
// Usage: node realtime-subscribers.mjs <serverUrl> <appId> <entity> <serverPid> <jcmd> [subscribers] [writes]
//        [concurrency] [paced writes] [interval ms] [write server URL (another node; default: serverUrl)]
import { execFileSync, fork } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const [serverUrl, appId, entity, serverPid, jcmd] = process.argv.slice(2);
const subscribers = Number(process.argv[7] ?? 1000);
const writes = Number(process.argv[8] ?? 200);
const concurrency = Number(process.argv[9] ?? 8);
const pacedWrites = Number(process.argv[10] ?? 20);
const intervalMs = Number(process.argv[11] ?? 500);
const room = `entities:${appId}:${entity}`;
const writeUrl = process.argv[12] || serverUrl;
const api = `${writeUrl}/api/apps/${appId}/entities/${entity}`;
const procs = Math.max(1, Math.min(subscribers, Number(process.env.CLIENT_PROCS ?? 4)));
const client = process.env.CLIENT ?? "raw";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function loadavg() {
  return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

/** CPU seconds (user + system) a process has used so far; `kernel` only the system part. */
function cpuSeconds(pid, kernel = false) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // fields from the 3rd on (after "comm")
  const [utime, stime] = [Number(fields[11]), Number(fields[12])]; // the 14th and 15th fields
  return (kernel ? stime : utime + stime) / TICKS_PER_SECOND;
}

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
  return { rssKiB, heapUsedKiB, heapCommittedKiB };
}

function histogram(name) {
  if (!process.env.HISTO_DIR) return;
  try {
    const out = execFileSync(jcmd, [serverPid, "GC.class_histogram"], { encoding: "utf8", maxBuffer: 64 << 20 });
    writeFileSync(path.join(process.env.HISTO_DIR, `${name}.txt`), out);
  } catch (e) {
    console.error(`class histogram failed: ${e.message}`);
  }
}

function jfr(command, ...args) {
  if (!process.env.JFR_FILE) return;
  try {
    execFileSync(jcmd, [serverPid, command, "name=realtime-bench", ...args], { stdio: "ignore" });
  } catch (e) {
    console.error(`${command} failed: ${e.message}`);
  }
}

const mib = (kib) => +(kib / 1024).toFixed(1);

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function post(body) {
  const res = await fetch(api, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`POST ${res.status} ${await res.text()}`);
  return res.json();
}

// ---- client processes ----
const workers = [];
let closing = false;
for (let i = 0; i < procs; i++) {
  const child = fork(path.join(here, "realtime-client.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const w = { child, pending: [] };
  child.on("message", (m) => {
    const waiter = w.pending.findIndex((p) => p.type === m.type);
    if (waiter >= 0) w.pending.splice(waiter, 1)[0].resolve(m);
  });
  child.on("exit", (code) => {
    if (code !== 0 && !closing) {
      console.error(`client process ${i} exited with ${code}`);
      process.exit(1);
    }
  });
  workers.push(w);
}
const ask = (w, cmd, type, extra = {}) =>
  new Promise((resolve) => {
    w.pending.push({ type, resolve });
    w.child.send({ cmd, ...extra });
  });
const askAll = (cmd, type, extra) => Promise.all(workers.map((w) => ask(w, cmd, type, extra)));
const tellAll = (cmd) => workers.forEach((w) => w.child.send({ cmd }));
async function status() {
  const all = await askAll("status", "status");
  return all.reduce((a, s) => ({
    connected: a.connected + s.connected,
    primed: a.primed + s.primed,
    frames: a.frames + s.frames,
    lastFrameAt: Math.max(a.lastFrameAt, s.lastFrameAt),
    reopened: a.reopened + (s.reopened ?? 0),
  }), { connected: 0, primed: 0, frames: 0, lastFrameAt: 0, reopened: 0 });
}
async function collect() {
  const all = await askAll("collect", "latencies");
  const latencies = all.flatMap((s) => s.latencies).sort((a, b) => a - b);
  return { frames: all.reduce((n, s) => n + s.frames, 0), lastFrameAt: Math.max(...all.map((s) => s.lastFrameAt)), latencies };
}

/** CPU seconds of the server and of all client processes (this driver included) so far. */
function cpu() {
  let clients = cpuSeconds(process.pid);
  for (const w of workers) clients += cpuSeconds(w.child.pid);
  return { server: cpuSeconds(serverPid), serverKernel: cpuSeconds(serverPid, true), clients, at: Date.now(), load: loadavg() };
}
function cpuBetween(a, b, frames) {
  const wall = (b.at - a.at) / 1000;
  const server = b.server - a.server;
  const clients = b.clients - a.clients;
  return {
    wallSeconds: +wall.toFixed(2),
    serverCpuSeconds: +server.toFixed(2),
    serverCores: +(server / wall).toFixed(2),
    serverKernelShare: +((b.serverKernel - a.serverKernel) / server).toFixed(2),
    clientCpuSeconds: +clients.toFixed(2),
    clientCores: +(clients / wall).toFixed(2),
    serverCpuMicrosPerFrame: frames ? +((server * 1e6) / frames).toFixed(1) : null,
    clientCpuMicrosPerFrame: frames ? +((clients * 1e6) / frames).toFixed(1) : null,
    loadAtEnd: b.load,
  };
}

// ---- connect ----
const loadAtStart = loadavg();
histogram("0-connections");
const before = serverMemory(true);
const t0 = Date.now();
const connectLimitMs = Math.max(60_000, subscribers * 20); // 10,000 subscribers on a busy box need more than a minute
const connecting = Promise.all(workers.map((w, i) => {
  const count = Math.floor(subscribers / procs) + (i < subscribers % procs ? 1 : 0);
  return ask(w, "connect", "connected", { serverUrl, appId, room, count, client });
}));
const timeLimit = sleep(connectLimitMs).then(() => "late");
if ((await Promise.race([connecting, timeLimit])) === "late") {
  const s = await status();
  throw new Error(`only ${s.connected} of ${subscribers} connected after ${connectLimitMs / 1000} s`);
}
const connectSecs = (Date.now() - t0) / 1000;
const reopened = (await status()).reopened;

// Joins are unacknowledged: write until every subscriber has received one event.
let primed = false;
for (let i = 0; i < 30 && !primed; i++) {
  await post({ customer: "prime", status: "open", amount: 0, priority: 1 });
  const end = Date.now() + 3000;
  while (Date.now() < end && (await status()).primed < subscribers) await sleep(25);
  primed = (await status()).primed === subscribers;
}
if (!primed) throw new Error("not every subscriber received the priming event");
await sleep(500);
const idle = serverMemory(true);
histogram(`${subscribers}-connections`);

// ---- burst ----
jfr("JFR.start", "settings=profile");
tellAll("measure");
const cpuBurst0 = cpu();
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
for (;;) {
  const s = await status();
  if (s.frames >= expected) break;
  if (s.frames !== lastCount) {
    lastCount = s.frames;
    stalledSince = Date.now();
  } else if (Date.now() - stalledSince > 10_000) {
    break; // nothing new for 10 s: report what arrived
  }
  await sleep(20);
}
const cpuBurst1 = cpu();
const busy = serverMemory(false);
const burst = await collect();
const deliverySecs = (burst.lastFrameAt - burstStart) / 1000;

// ---- paced ----
await sleep(1000);
tellAll("measure");
const cpuPaced0 = cpu();
for (let n = 0; n < pacedWrites; n++) {
  const started = Date.now();
  await post({ customer: `p${n}`, status: "open", amount: n, priority: 1, tags: ["paced"] });
  await sleep(Math.max(0, intervalMs - (Date.now() - started)));
}
const pacedEnd = Date.now() + 10_000;
while ((await status()).frames < pacedWrites * subscribers && Date.now() < pacedEnd) await sleep(20);
const cpuPaced1 = cpu();
jfr("JFR.dump", `filename=${process.env.JFR_FILE}`);
jfr("JFR.stop");
const paced = await collect();
const summary = (l) => ({ median: percentile(l, 50), p90: percentile(l, 90), p99: percentile(l, 99), max: l.at(-1) });

const memory = (m) => ({ rssMiB: mib(m.rssKiB), heapUsedMiB: mib(m.heapUsedKiB), heapCommittedMiB: mib(m.heapCommittedKiB) });
const result = {
  subscribers,
  clientProcesses: procs,
  client: client === "sio" ? "socket.io-client + JSON.parse per event" : "raw WebSocket, timestamp read by byte search",
  writesTo: writeUrl === serverUrl ? "the subscribers' node" : "another node (events cross over the database)",
  loadAtStart,
  connectSeconds: +connectSecs.toFixed(2),
  reopenedBeforeConnect: reopened,
  writes,
  writeConcurrency: concurrency,
  writesPerSecond: +(writes / ((writesDone - burstStart) / 1000)).toFixed(0),
  framesExpected: expected,
  framesDelivered: burst.frames,
  deliverySeconds: +deliverySecs.toFixed(2),
  deliveredEventsPerSecond: +(burst.frames / deliverySecs).toFixed(0),
  burstLatencyMs: summary(burst.latencies),
  burstCpu: cpuBetween(cpuBurst0, cpuBurst1, burst.frames),
  paced: { writes: pacedWrites, intervalMs, framesDelivered: paced.frames, latencyMs: summary(paced.latencies),
    cpu: cpuBetween(cpuPaced0, cpuPaced1, paced.frames) },
  server: {
    beforeConnections: memory(before), connectedIdleAfterGc: memory(idle), rightAfterBurst: memory(busy),
    perIdleConnectionKiB: {
      rss: +((idle.rssKiB - before.rssKiB) / subscribers).toFixed(1),
      heapUsed: +((idle.heapUsedKiB - before.heapUsedKiB) / subscribers).toFixed(1),
    },
  },
};
console.log(JSON.stringify(result, null, 2));
closing = true;
tellAll("close");
process.exit(burst.frames === expected && paced.frames === pacedWrites * subscribers ? 0 : 1);
