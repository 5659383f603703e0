// The Data page's export and import. Export: the dashboard's admin-only export route, with the table's filter and
// sort, saved as a file. Import: the file is read here (preview, column -> field mapping, cells converted by the
// field types) and sent as a JSON array to the apps' own import route, which creates every row or none.
import { h } from "preact";
import { useState } from "preact/hooks";
import htm from "htm";
import { ApiError, appPath } from "./api.js";
import { FileProblem, guessField, readImport, toRecords } from "./csv.js";

const html = htm.bind(h);
const PREVIEW = 5;

/** A fetch with the admin's token; resolves to the Response, rejects with an ApiError carrying the server's message. */
async function send(session, method, path, body) {
  let res;
  try {
    res = await fetch(path, { method, body, headers: { Authorization: "Bearer " + session.token } });
  } catch (e) {
    throw new ApiError(0, "The server could not be reached (" + e.message + ")");
  }
  if (res.ok) return res;
  let json = null;
  try { json = await res.json(); } catch { json = null; }
  const message = (json && (json.message || json.detail)) || `${method} ${path} failed with HTTP ${res.status}`;
  throw new ApiError(res.status, `${message} (HTTP ${res.status})`, json);
}

const show = (v) => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** Export and import for one entity. `query` is the table's applied {q, sort}; `onImported` reloads the table. */
export function DataTransfer({ session, entity, query, onImported }) {
  const [file, setFile] = useState(null); // {name, kind, columns, rows}
  const [mapping, setMapping] = useState({});
  const [badRow, setBadRow] = useState(null);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(false);
  const base = appPath(session, `/entities/${encodeURIComponent(entity.name)}`);

  async function exportAs(format) {
    setError(null);
    setNotice(null);
    const params = new URLSearchParams({ format });
    if (query.q) params.set("q", query.q);
    if (query.sort) params.set("sort", query.sort);
    setBusy(true);
    try {
      const res = await send(session, "GET", appPath(session, `/dashboard/entities/${encodeURIComponent(entity.name)}/export?${params}`));
      const url = URL.createObjectURL(await res.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = `${entity.name}.${format}`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      setNotice(`Exported ${entity.name}.${format}${query.q ? " (filtered)" : ""}.`);
    } catch (err) {
      setError("Export failed: " + err.message);
    } finally {
      setBusy(false);
    }
  }

  async function choose(e) {
    setError(null);
    setNotice(null);
    setBadRow(null);
    setFile(null);
    const chosen = e.target.files && e.target.files[0];
    if (!chosen) return;
    try {
      const read = readImport(chosen.name, await chosen.text());
      setMapping(Object.fromEntries(read.columns.map((c) => [c, guessField(c, entity.fields)])));
      setFile({ name: chosen.name, ...read });
    } catch (err) {
      setError(err instanceof FileProblem ? `${chosen.name}: ${err.message}` : `${chosen.name} could not be read (${err.message})`);
    }
  }

  async function submit(e) {
    e.preventDefault();
    if (!file) return;
    setError(null);
    setNotice(null);
    setBadRow(null);
    if (!file.rows.length) { setError(`${file.name} has no data rows.`); return; }
    if (!Object.values(mapping).some(Boolean)) { setError("Map at least one column to a field."); return; }
    const form = new FormData();
    const records = toRecords(file, mapping, entity.fields);
    form.append("file", new Blob([JSON.stringify(records)], { type: "application/json" }), `${entity.name}.json`);
    setBusy(true);
    try {
      const answer = await (await send(session, "POST", `${base}/import`, form)).json();
      if (answer.status !== "success") {
        const row = /^Row (\d+)/.exec(answer.details || "");
        setBadRow(row ? Number(row[1]) : null);
        setError(`Nothing was imported. ${answer.details}`);
        return;
      }
      setNotice(`Imported ${answer.output.length} records into ${entity.name}.`);
      setFile(null);
      e.target.reset();
      onImported();
    } catch (err) {
      setError("Import failed, nothing was imported: " + err.message);
    } finally {
      setBusy(false);
    }
  }

  const shown = file ? file.rows.slice(0, PREVIEW).map((r, i) => [i + 1, r]) : [];
  if (file && badRow > PREVIEW && badRow <= file.rows.length) shown.push([badRow, file.rows[badRow - 1]]);
  const cellOf = (row, column, i) => (file.kind === "json" ? show(row[column]) : row[i] ?? "");
  return html`<div class="transfer">
    <div class="buttons" role="group" aria-label="Export">
      <button type="button" disabled=${busy} onClick=${() => exportAs("csv")}>Export CSV</button>
      <button type="button" disabled=${busy} onClick=${() => exportAs("json")}>Export JSON</button>
    </div>
    <details class="import" open=${!!file}>
      <summary>Import CSV or JSON</summary>
      <form aria-label="Import" onSubmit=${submit}>
        <label>File to import (CSV with a header row, or a JSON array)
          <input type="file" name="file" accept=".csv,.json,text/csv,application/json" onChange=${choose} /></label>
        ${file ? html`<div class="preview">
          <table>
            <caption>${file.name}: ${file.rows.length} rows; the first ${Math.min(PREVIEW, file.rows.length)} shown.
              Choose the field each column goes to.</caption>
            <thead>
              <tr><th scope="col">Row</th>${file.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr>
              <tr><th scope="row">Field</th>${file.columns.map((c) => html`<td>
                <select aria-label=${"Field for column " + c} value=${mapping[c]}
                  onChange=${(e) => setMapping({ ...mapping, [c]: e.target.value })}>
                  <option value="">(skip)</option>
                  ${entity.fields.map((f) => html`<option value=${f.name}>${f.name} (${f.type})</option>`)}
                </select></td>`)}</tr>
            </thead>
            <tbody>${shown.map(([n, r]) => html`<tr class=${n === badRow ? "bad-row" : undefined}>
              <th scope="row">${n}</th>${file.columns.map((c, i) => html`<td>${cellOf(r, c, i)}</td>`)}</tr>`)}</tbody>
          </table>
          <p class="hint">Columns such as <code>id</code>, <code>created_date</code> and <code>created_by</code> are skipped
            at first: the server assigns them. The import is all or nothing.</p>
        </div>` : null}
        <button type="submit" disabled=${!file || busy}>${file ? `Import ${file.rows.length} rows` : "Import"}</button>
      </form>
    </details>
    ${notice ? html`<p class="notice" role="status">${notice}</p>` : null}
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
  </div>`;
}
