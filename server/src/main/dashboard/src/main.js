// The Homebase admin dashboard: sign-in and the Data page. Preact + htm (no JSX build step).
import { h, render } from "preact";
import { useEffect, useState } from "preact/hooks";
import htm from "htm";
import { api, appPath, fieldErrors, loadSession, saveSession } from "./api.js";
import { DataTransfer } from "./transfer.js";
import { UsersPage } from "./users.js";
import { AppsPage } from "./apps.js";
import { ActivityPage } from "./activity.js";
import { SettingsPage } from "./settings.js";
import { FunctionsPage } from "./functions.js";

const html = htm.bind(h);
const PAGE = 20;

function Alert({ error }) {
  if (!error) return null;
  return html`<p class="error" role="alert">${error}</p>`;
}

function SignIn({ onSignedIn }) {
  const params = new URLSearchParams(location.search);
  const [appId, setAppId] = useState(params.get("app") || localStorage.getItem("homebase.dashboard.app") || "");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = { appId: appId.trim() };
      const login = await api(session, "POST", appPath(session, "/auth/login"), { email, password });
      session.token = login.access_token;
      const me = await api(session, "GET", appPath(session, "/entities/User/me"));
      if (me.role !== "admin") throw new Error(`${me.email} is not an admin of app ${session.appId}: the dashboard is for admins only.`);
      session.email = me.email;
      localStorage.setItem("homebase.dashboard.app", session.appId);
      onSignedIn(session);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }
  return html`<main class="signin">
    <h1>Homebase dashboard</h1>
    <form onSubmit=${submit}>
      <label>App ID<input name="app" required value=${appId} onInput=${(e) => setAppId(e.target.value)} /></label>
      <label>Email<input name="email" type="email" autocomplete="username" required value=${email}
        onInput=${(e) => setEmail(e.target.value)} /></label>
      <label>Password<input name="password" type="password" autocomplete="current-password" required value=${password}
        onInput=${(e) => setPassword(e.target.value)} /></label>
      <${Alert} error=${error} />
      <button type="submit" disabled=${busy}>Sign in</button>
    </form>
  </main>`;
}

function cell(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const SYSTEM = ["id", "created_date", "updated_date", "created_by"];

function RecordForm({ session, entity, record, onDone, onCancel }) {
  const initial = {};
  for (const f of entity.fields) {
    const v = record ? record[f.name] : undefined;
    initial[f.name] = v === undefined || v === null ? (f.type === "boolean" ? false : "")
      : typeof v === "object" ? JSON.stringify(v) : f.type === "boolean" ? v : String(v);
  }
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  function toJson() {
    const body = {};
    for (const f of entity.fields) {
      const raw = values[f.name];
      if (f.type === "boolean") { body[f.name] = !!raw; continue; }
      if (raw === "") { if (record && record[f.name] != null) body[f.name] = null; continue; } // cleared: null
      if (f.type === "number" || f.type === "integer") {
        const n = Number(raw);
        body[f.name] = raw.trim() !== "" && Number.isFinite(n) ? n : raw; // the server answers 422 on a bad value
      } else if (f.type === "array" || f.type === "object") {
        try { body[f.name] = JSON.parse(raw); } catch { body[f.name] = raw; }
      } else body[f.name] = raw;
    }
    return body;
  }

  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const base = appPath(session, `/entities/${encodeURIComponent(entity.name)}`);
      if (record) await api(session, "PUT", `${base}/${encodeURIComponent(record.id)}`, toJson());
      else await api(session, "POST", base, toJson());
      onDone(record ? "Record saved." : "Record created.");
    } catch (err) {
      const byField = fieldErrors(err);
      setErrors(byField);
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  return html`<form class="record-form" aria-label=${record ? "Edit record" : "New record"} onSubmit=${submit}>
    <h3>${record ? `Edit ${entity.name} ${record.id}` : `New ${entity.name}`}</h3>
    ${entity.fields.map((f) => {
      const id = `field-${f.name}`;
      const err = errors[f.name];
      const common = { id, name: f.name, "aria-invalid": err ? "true" : undefined,
        "aria-describedby": err ? id + "-error" : undefined };
      let input;
      if (f.type === "boolean") {
        input = html`<input type="checkbox" ...${common} checked=${!!values[f.name]}
          onChange=${(e) => setValues({ ...values, [f.name]: e.target.checked })} />`;
      } else if (f.enum && f.enum.length) {
        input = html`<select ...${common} value=${values[f.name]} onChange=${(e) => setValues({ ...values, [f.name]: e.target.value })}>
          <option value=""></option>
          ${f.enum.map((v) => html`<option value=${String(v)}>${String(v)}</option>`)}
        </select>`;
      } else if (f.type === "array" || f.type === "object") {
        input = html`<textarea ...${common} rows="3" value=${values[f.name]}
          onInput=${(e) => setValues({ ...values, [f.name]: e.target.value })}></textarea>`;
      } else {
        input = html`<input ...${common} value=${values[f.name]}
          inputmode=${f.type === "number" || f.type === "integer" ? "decimal" : undefined}
          onInput=${(e) => setValues({ ...values, [f.name]: e.target.value })} />`;
      }
      return html`<div class="field">
        <label for=${id}>${f.name}${f.required ? " *" : ""} <small>${f.type}</small></label>
        ${input}
        ${err ? html`<span class="field-error" id=${id + "-error"}>${err}</span>` : null}
      </div>`;
    })}
    <${Alert} error=${error} />
    <div class="buttons">
      <button type="submit" disabled=${busy}>${record ? "Save" : "Create"}</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

function Records({ session, entity }) {
  const columnsKey = `homebase.dashboard.columns.${session.appId}.${entity.name}`;
  const allColumns = ["id", ...entity.fields.map((f) => f.name), "created_date", "updated_date", "created_by"];
  const [columns, setColumns] = useState(() => {
    try { return JSON.parse(localStorage.getItem(columnsKey)) || allColumns; } catch { return allColumns; }
  });
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState("-created_date");
  const [query, setQuery] = useState({ q: null, sort: "-created_date" });
  const [cursors, setCursors] = useState([null]); // the cursor of each page seen so far
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [editing, setEditing] = useState(null); // null, "new" or a record
  const [reload, setReload] = useState(0);
  const [selected, setSelected] = useState([]); // ids ticked for bulk delete

  useEffect(() => {
    setFilter(""); setSort("-created_date"); setQuery({ q: null, sort: "-created_date" });
    setCursors([null]); setEditing(null); setNotice(null); setError(null);
    try { setColumns(JSON.parse(localStorage.getItem(columnsKey)) || allColumns); } catch { setColumns(allColumns); }
  }, [entity.name]);

  useEffect(() => {
    let live = true;
    const params = new URLSearchParams({ limit: String(PAGE) });
    const cursor = cursors[cursors.length - 1];
    if (cursor) params.set("cursor", cursor);
    else {
      if (query.q) params.set("q", query.q);
      params.set("sort", query.sort);
    }
    api(session, "GET", appPath(session, `/entities/${encodeURIComponent(entity.name)}/v2/list?${params}`))
      .then((p) => { if (live) { setPage(p); setSelected([]); } })
      .catch((err) => { if (live) { setPage({ items: [], has_more: false }); setError(err.message); } });
    return () => { live = false; };
  }, [entity.name, query, cursors, reload]);

  function apply(e) {
    e.preventDefault();
    const text = filter.trim();
    if (text) {
      try {
        const parsed = JSON.parse(text);
        if (typeof parsed !== "object" || Array.isArray(parsed) || parsed === null) throw new Error("not an object");
      } catch (err) {
        setError(`The filter must be a JSON object, like {"status": "open"} (${err.message})`);
        return;
      }
    }
    setQuery({ q: text || null, sort: sort.trim() || "-created_date" });
    setCursors([null]);
  }

  async function remove(r) {
    if (!confirm(`Delete ${entity.name} ${r.id}?`)) return;
    try {
      await api(session, "DELETE", appPath(session, `/entities/${encodeURIComponent(entity.name)}/${encodeURIComponent(r.id)}`));
      setNotice(`Deleted ${r.id}.`);
      setReload(reload + 1);
    } catch (err) {
      setError(err.message);
    }
  }

  async function removeSelected() {
    if (!selected.length || !confirm(`Delete ${selected.length} ${entity.name} records?`)) return;
    const failures = [];
    for (const id of selected) {
      try {
        await api(session, "DELETE", appPath(session, `/entities/${encodeURIComponent(entity.name)}/${encodeURIComponent(id)}`));
      } catch (err) {
        failures.push(`${id}: ${err.message}`);
      }
    }
    setNotice(`Deleted ${selected.length - failures.length} records.`);
    setError(failures.length ? "Not deleted: " + failures.join("; ") : null);
    setReload(reload + 1);
  }

  const tick = (id, on) => setSelected(on ? [...selected, id] : selected.filter((x) => x !== id));

  function toggleColumn(c) {
    const next = columns.includes(c) ? columns.filter((x) => x !== c) : allColumns.filter((x) => x === c || columns.includes(x));
    setColumns(next);
    localStorage.setItem(columnsKey, JSON.stringify(next));
  }

  const sortFields = allColumns.filter((c) => c !== "created_by");
  return html`<section aria-label="Records of ${entity.name}">
    <h2>${entity.name}</h2>
    <details class="schema"><summary>Schema</summary>
      <ul>${entity.fields.map((f) => html`<li><code>${f.name}</code>: ${f.type}${f.required ? " (required)" : ""}${f.enum ? " one of " + f.enum.join(", ") : ""}${f.format ? ` (${f.format})` : ""}</li>`)}</ul>
    </details>
    <form class="toolbar" onSubmit=${apply} aria-label="Filter">
      <label>Filter (JSON query)<input name="filter" placeholder='{"status": "open"}' value=${filter}
        onInput=${(e) => setFilter(e.target.value)} /></label>
      <label>Sort<select name="sort" value=${sort} onChange=${(e) => setSort(e.target.value)}>
        ${sortFields.flatMap((c) => [html`<option value=${"-" + c}>${c} ↓</option>`, html`<option value=${c}>${c} ↑</option>`])}
      </select></label>
      <button type="submit">Apply</button>
      <button type="button" onClick=${() => { setEditing("new"); setNotice(null); }}>New record</button>
      <button type="button" disabled=${!selected.length} onClick=${removeSelected}>Delete selected (${selected.length})</button>
    </form>
    <details class="columns"><summary>Columns</summary>
      ${allColumns.map((c) => html`<label class="inline"><input type="checkbox" checked=${columns.includes(c)}
        onChange=${() => toggleColumn(c)} /> ${c}</label>`)}
    </details>
    <${DataTransfer} key=${entity.name} session=${session} entity=${entity} query=${query} onImported=${() => setCursors([null])} />
    ${notice ? html`<p class="notice" role="status">${notice}</p>` : null}
    <${Alert} error=${error} />
    ${editing ? html`<${RecordForm} session=${session} entity=${entity} record=${editing === "new" ? null : editing}
      onCancel=${() => setEditing(null)}
      onDone=${(msg) => { setEditing(null); setNotice(msg); setCursors([null]); }} />` : null}
    ${page === null ? html`<p>Loading…</p>` : html`
      <table>
        <thead><tr><th scope="col"><input type="checkbox" aria-label="Select all on this page"
          checked=${page.items.length > 0 && selected.length === page.items.length}
          onChange=${(e) => setSelected(e.target.checked ? page.items.map((r) => r.id) : [])} /></th>${columns.map((c) => html`<th scope="col">${c}</th>`)}<th scope="col">Actions</th></tr></thead>
        <tbody>
          ${page.items.length === 0 ? html`<tr><td colspan=${columns.length + 2}>No records.</td></tr>` : null}
          ${page.items.map((r) => html`<tr data-id=${r.id}>
            <td><input type="checkbox" aria-label=${"Select " + r.id} checked=${selected.includes(r.id)}
              onChange=${(e) => tick(r.id, e.target.checked)} /></td>
            ${columns.map((c) => html`<td>${cell(r[c])}</td>`)}
            <td class="actions">
              <button type="button" onClick=${() => { setEditing(r); setNotice(null); }} aria-label=${"Edit " + r.id}>Edit</button>
              <button type="button" onClick=${() => remove(r)} aria-label=${"Delete " + r.id}>Delete</button>
            </td>
          </tr>`)}
        </tbody>
      </table>
      <nav class="pager" aria-label="Record pages">
        <button type="button" disabled=${cursors.length < 2} onClick=${() => setCursors(cursors.slice(0, -1))}>Previous page</button>
        <span>Page ${cursors.length}</span>
        <button type="button" disabled=${!page.has_more} onClick=${() => setCursors([...cursors, page.next_cursor])}>Next page</button>
      </nav>`}
  </section>`;
}

function DataPage({ session }) {
  const [entities, setEntities] = useState(null);
  const [current, setCurrent] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api(session, "GET", appPath(session, "/dashboard/entities"))
      .then((r) => { setEntities(r.entities); if (r.entities.length) setCurrent(r.entities[0].name); })
      .catch((err) => setError(err.message));
  }, [session.appId]);
  const entity = entities && entities.find((e) => e.name === current);
  return html`<div class="data">
    <nav class="entities" aria-label="Entities">
      <h2>Entities</h2>
      <${Alert} error=${error} />
      ${entities && entities.length === 0 ? html`<p>This app has no entities.</p>` : null}
      <ul>${(entities || []).map((e) => html`<li><button type="button" aria-current=${e.name === current ? "page" : undefined}
        onClick=${() => setCurrent(e.name)}>${e.name}</button></li>`)}</ul>
    </nav>
    ${entity ? html`<${Records} session=${session} entity=${entity} />` : null}
  </div>`;
}

function App() {
  const [session, setSession] = useState(loadSession());
  const [tab, setTab] = useState("data");
  if (!session) return html`<${SignIn} onSignedIn=${(s) => { saveSession(s); setSession(s); }} />`;
  return html`<div class="shell">
    <header>
      <strong>Homebase</strong>
      <span>App <code>${session.appId}</code></span>
      <nav aria-label="Pages" class="tabs">
        ${[["data", "Data"], ["users", "Users"], ["functions", "Functions"], ["activity", "Activity"], ["settings", "Settings"], ["apps", "Apps"]].map(([id, label]) => html`<button type="button"
          aria-current=${tab === id ? "page" : undefined} onClick=${() => setTab(id)}>${label}</button>`)}
      </nav>
      <span class="who">${session.email}</span>
      <button type="button" onClick=${() => { saveSession(null); setSession(null); }}>Sign out</button>
    </header>
    <main>${tab === "functions" ? html`<${FunctionsPage} session=${session} />`
      : tab === "users" ? html`<${UsersPage} session=${session} />`
      : tab === "apps" ? html`<${AppsPage} session=${session} onSwitch=${(s) => { saveSession(s); setSession(s); }} />`
      : tab === "activity" ? html`<${ActivityPage} session=${session} />`
      : tab === "settings" ? html`<${SettingsPage} session=${session} />`
      : html`<${DataPage} session=${session} />`}</main>
  </div>`;
}

render(html`<${App} />`, document.getElementById("app"));
