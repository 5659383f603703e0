// The Functions page: the app's backend functions (runtime, entry, last deploy), an invoke form that calls a
// function through the apps' own route with the admin's token, and the functions' logs with filters and a live
// tail. Endpoints: dashboard/functions (admin only), functions/<name> (as apps call it), functions-logs (admin only).
import { h } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import htm from "htm";
import { api, appPath } from "./api.js";

const html = htm.bind(h);
const METHODS = ["POST", "GET", "PUT", "PATCH", "DELETE"];
const TAIL_EVERY_MS = 2000;
const FIRST_PAGE = 100;
const TAIL_PAGE = 200;
const KEEP = 500; // lines shown at most; the oldest drop off the bottom

const Alert = ({ error }) => (error ? html`<p class="error" role="alert">${error}</p>` : null);
const utc = (t) => (t ? t.replace("T", " ").replace("Z", "").slice(0, 19) + " UTC" : "");
const functionPath = (session, name) => appPath(session, "/functions/" + name.split("/").map(encodeURIComponent).join("/"));

export function FunctionsPage({ session }) {
  const [functions, setFunctions] = useState(null);
  const [error, setError] = useState(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    api(session, "GET", appPath(session, "/dashboard/functions"))
      .then((r) => { setFunctions(r.functions); setError(null); })
      .catch((err) => { setFunctions([]); setError(err.message); });
  }, [session.appId, reload]);
  return html`<div class="functions-page">
    <section aria-labelledby="functions-heading">
      <h2 id="functions-heading">Functions</h2>
      <${Alert} error=${error} />
      ${functions === null ? html`<p>Loading…</p>` : html`<table>
        <thead><tr><th scope="col">Name</th><th scope="col">Runtime</th><th scope="col">Entry</th>
          <th scope="col">Last deploy</th><th scope="col">Warm processes</th></tr></thead>
        <tbody>
          ${functions.length === 0 ? html`<tr><td colspan="5">This app has no backend functions (base44/functions/).</td></tr>` : null}
          ${functions.map((f) => html`<tr data-function=${f.name}>
            <td><code>${f.name}</code></td><td>${f.runtime === "java" ? "Java" : "Deno"}</td><td><code>${f.path}</code></td>
            <td>${utc(f.loaded_at)}</td><td>${f.processes}</td></tr>`)}
        </tbody>
      </table>`}
      <button type="button" class="refresh" onClick=${() => setReload(reload + 1)}>Refresh list</button>
    </section>
    ${functions && functions.length ? html`<${Invoke} session=${session} functions=${functions}
      onDone=${() => setReload((n) => n + 1)} />` : null}
    <${Logs} session=${session} functions=${functions || []} />
  </div>`;
}

function Invoke({ session, functions, onDone }) {
  const [name, setName] = useState(functions[0].name);
  const [method, setMethod] = useState("POST");
  const [body, setBody] = useState("{}");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [answer, setAnswer] = useState(null);
  const sendsBody = method !== "GET";

  async function send(e) {
    e.preventDefault();
    setError(null);
    setAnswer(null);
    let payload;
    if (sendsBody && body.trim()) {
      try {
        payload = JSON.stringify(JSON.parse(body));
      } catch (err) {
        setError(`The body is not valid JSON, so nothing was sent (${err.message}).`);
        return;
      }
    }
    const headers = { Accept: "application/json, text/plain, */*", Authorization: "Bearer " + session.token };
    if (payload !== undefined) headers["Content-Type"] = "application/json";
    setBusy(true);
    const started = performance.now();
    try {
      const res = await fetch(functionPath(session, name), { method, headers, body: payload });
      const text = await res.text();
      const ms = Math.round(performance.now() - started);
      let shown = text;
      let json = null;
      try {
        json = text ? JSON.parse(text) : null;
        if (json !== null) shown = JSON.stringify(json, null, 2);
      } catch {
        json = null;
      }
      setAnswer({ status: res.status, statusText: res.statusText, ok: res.ok, ms, type: res.headers.get("Content-Type") || "", shown });
      if (!res.ok) {
        const why = (json && (json.message || json.error || json.detail)) || text.slice(0, 200) || "no body";
        setError(`${name} answered HTTP ${res.status}: ${typeof why === "string" ? why : JSON.stringify(why)}`);
      }
    } catch (err) {
      setError(`The function could not be called (${err.message}).`);
    } finally {
      setBusy(false);
      onDone();
    }
  }

  return html`<section aria-labelledby="invoke-heading" class="invoke">
    <h2 id="invoke-heading">Invoke</h2>
    <form aria-label="Invoke a function" onSubmit=${send}>
      <div class="toolbar">
        <label>Function<select name="function" value=${name} onChange=${(e) => setName(e.target.value)}>
          ${functions.map((f) => html`<option value=${f.name}>${f.name}</option>`)}
        </select></label>
        <label>Method<select name="method" value=${method} onChange=${(e) => setMethod(e.target.value)}>
          ${METHODS.map((m) => html`<option value=${m}>${m}</option>`)}
        </select></label>
      </div>
      <label>JSON body${sendsBody ? "" : " (a GET sends none)"}<textarea name="body" rows="5" spellcheck="false"
        disabled=${!sendsBody} value=${body} onInput=${(e) => setBody(e.target.value)}
        onKeyDown=${(e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); e.target.form.requestSubmit(); } }}></textarea></label>
      <p class="hint">Sent to <code>${functionPath(session, name)}</code> with your token, as the app's client would
        (<kbd>Ctrl</kbd>+<kbd>Enter</kbd> in the body sends too).</p>
      <button type="submit" disabled=${busy}>${busy ? "Sending…" : "Send"}</button>
    </form>
    <${Alert} error=${error} />
    ${answer ? html`<div class="answer" role="region" aria-label="Answer">
      <p><strong class=${answer.ok ? "ok" : "bad"}>HTTP ${answer.status}${answer.statusText ? " " + answer.statusText : ""}</strong>${" · "}
        <span class="duration">${answer.ms} ms</span>${answer.type ? html`${" · "}<code>${answer.type}</code>` : null}</p>
      <pre>${answer.shown || "(no body)"}</pre>
    </div>` : null}
  </section>`;
}

/** The query string of the log filters (without the cursor or limit). */
function logParams(q) {
  const p = new URLSearchParams();
  if (q.function) p.set("function", q.function);
  if (q.level) p.set("level", q.level);
  if (q.text) p.set("q", q.text);
  if (q.since) p.set("since", q.since);
  if (q.until) p.set("until", q.until);
  return p;
}

function Logs({ session, functions }) {
  const [form, setForm] = useState({ function: "", level: "", text: "", from: "", to: "" });
  const [query, setQuery] = useState({});
  const [lines, setLines] = useState(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState(null);
  const [live, setLive] = useState(true);
  const liveRef = useRef(live);
  liveRef.current = live;

  // One effect per query: the newest lines first, then (while Live is on and the tab is visible) every 2 s the
  // lines after the newest id seen, oldest first, until a short page. Ids only grow: no gaps, no duplicates.
  useEffect(() => {
    let stopped = false;
    let timer = null;
    let cursor = null;
    const seen = new Set();
    const base = logParams(query);
    setLines(null);
    setError(null);

    async function first() {
      const p = new URLSearchParams(base);
      p.set("limit", String(FIRST_PAGE));
      try {
        const page = await api(session, "GET", appPath(session, `/functions-logs?${p}`));
        if (stopped) return;
        page.items.forEach((l) => seen.add(l.id));
        cursor = page.items.reduce((max, l) => Math.max(max, l.id), 0);
        setLines(page.items);
        setTotal(page.total);
      } catch (err) {
        if (stopped) return;
        setLines([]);
        setError(err.message);
      }
      schedule();
    }

    async function tail() {
      if (cursor === null || !liveRef.current || document.visibilityState !== "visible") return schedule();
      try {
        for (;;) {
          const p = new URLSearchParams(base);
          p.set("after", String(cursor));
          p.set("limit", String(TAIL_PAGE));
          const page = await api(session, "GET", appPath(session, `/functions-logs?${p}`));
          if (stopped) return;
          const fresh = page.items.filter((l) => !seen.has(l.id));
          fresh.forEach((l) => seen.add(l.id));
          if (page.items.length) cursor = page.items[page.items.length - 1].id;
          if (fresh.length) {
            setLines((old) => [...fresh.reverse(), ...(old || [])].slice(0, KEEP));
            setTotal((t) => t + fresh.length);
          }
          setError(null);
          if (page.items.length < TAIL_PAGE) break;
        }
      } catch (err) {
        if (stopped) return;
        setError(`Live tail: ${err.message}`);
      }
      schedule();
    }

    function schedule() {
      if (!stopped) timer = setTimeout(tail, TAIL_EVERY_MS);
    }

    first();
    return () => { stopped = true; clearTimeout(timer); };
  }, [session.appId, query]);

  function apply(e) {
    e.preventDefault();
    // The inputs are read as UTC, like the times in the table.
    const since = form.from ? new Date(form.from + "Z") : null;
    const until = form.to ? new Date(form.to + "Z") : null;
    if ((since && isNaN(since)) || (until && isNaN(until))) {
      setError("From and To must be dates and times.");
      return;
    }
    setQuery({ function: form.function, level: form.level, text: form.text.trim(),
      since: since ? since.toISOString() : "", until: until ? until.toISOString() : "" });
  }
  const set = (key) => (e) => setForm({ ...form, [key]: e.target.value });

  return html`<section aria-labelledby="logs-heading" class="logs">
    <h2 id="logs-heading">Logs</h2>
    <form class="toolbar" aria-label="Filter logs" onSubmit=${apply}>
      <label>Function<select name="log-function" value=${form.function} onChange=${set("function")}>
        <option value="">All functions</option>
        ${functions.map((f) => html`<option value=${f.name}>${f.name}</option>`)}
      </select></label>
      <label>Level<select name="level" value=${form.level} onChange=${set("level")}>
        <option value="">All levels</option><option value="info">info (stdout)</option><option value="warn">warn (stderr)</option>
      </select></label>
      <label>Text<input name="text" value=${form.text} onInput=${set("text")} /></label>
      <label>From (UTC)<input name="from" type="datetime-local" step="1" value=${form.from} onInput=${set("from")} /></label>
      <label>To (UTC)<input name="to" type="datetime-local" step="1" value=${form.to} onInput=${set("to")} /></label>
      <button type="submit">Filter</button>
      <label class="inline"><input type="checkbox" name="live" checked=${live} onChange=${(e) => setLive(e.target.checked)} /> Live</label>
    </form>
    <p class="hint">${lines === null ? "Loading…"
      : `${total} matching line${total === 1 ? "" : "s"}${lines.length < total ? `, the newest ${lines.length} shown` : ""}; `
        + (live ? "live: new lines appear every 2 s." : "paused.")}</p>
    <${Alert} error=${error} />
    ${lines === null ? null : html`<table class="log-lines">
      <thead><tr><th scope="col">Time (UTC)</th><th scope="col">Function</th><th scope="col">Level</th>
        <th scope="col">Message</th><th scope="col">Request</th></tr></thead>
      <tbody>
        ${lines.length === 0 ? html`<tr><td colspan="5">No lines.</td></tr>` : null}
        ${lines.map((l) => html`<tr data-log-id=${l.id} class=${"level-" + l.level}>
          <td>${utc(l.created_date)}</td><td><code>${l.function}</code></td><td>${l.level}</td>
          <td class="message">${l.message}</td><td><code>${l.request_id || ""}</code></td></tr>`)}
      </tbody>
    </table>`}
  </section>`;
}
