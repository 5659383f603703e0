// The Settings page: the app's function secrets (names only: set, replace, delete; a value is never shown or read
// back) and what is in force on the server (sign-in providers, rate limits, storage, database, mail), read-only,
// each with the environment variable or config entry it comes from.
import { h } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import htm from "htm";
import { api, appPath } from "./api.js";

const html = htm.bind(h);
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

function Secrets({ session }) {
  const [secrets, setSecrets] = useState(null);
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);
  const valueInput = useRef(null);

  useEffect(() => {
    api(session, "GET", appPath(session, "/dashboard/secrets"))
      .then((r) => setSecrets(r.secrets))
      .catch((err) => { setSecrets([]); setError(err.message); });
  }, [reload]);

  async function save(e) {
    e.preventDefault();
    const n = name.trim();
    setNotice(null);
    if (!NAME.test(n)) {
      setError(`"${n}" is not a secret name: letters, digits and _, not starting with a digit.`);
      return;
    }
    setBusy(true);
    try {
      const replacing = (secrets || []).some((s) => s.name === n);
      await api(session, "PUT", appPath(session, `/dashboard/secrets/${encodeURIComponent(n)}`), { value });
      setValue(""); // the value leaves the page as soon as it is stored
      setName("");
      setError(null);
      setNotice(`${replacing ? "Replaced" : "Set"} ${n}. The app's functions see it from their next call.`);
      setReload((x) => x + 1);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  async function remove(n) {
    if (!confirm(`Delete the secret ${n}? Functions that read it will no longer find it.`)) return;
    try {
      await api(session, "DELETE", appPath(session, `/dashboard/secrets/${encodeURIComponent(n)}`));
      setError(null);
      setNotice(`Deleted ${n}.`);
      setReload((x) => x + 1);
    } catch (err) {
      setError(err.message);
    }
  }

  function replace(n) {
    setName(n);
    setValue("");
    setNotice(null);
    if (valueInput.current) valueInput.current.focus();
  }

  return html`<section class="secrets" aria-labelledby="secrets-title">
    <h3 id="secrets-title">Secrets</h3>
    <p>Environment variables of the app's backend functions (<code>Deno.env.get("NAME")</code>), also where sign-in
      providers keep their client secrets. Values are never shown.</p>
    <form class="toolbar" aria-label="Set a secret" onSubmit=${save}>
      <label>Secret name<input name="secret-name" required value=${name} autocomplete="off" spellcheck="false"
        onInput=${(e) => setName(e.target.value)} /></label>
      <label>Value<input name="secret-value" type="password" required value=${value} autocomplete="new-password" ref=${valueInput}
        onInput=${(e) => setValue(e.target.value)} /></label>
      <button type="submit" disabled=${busy}>Save secret</button>
    </form>
    ${notice ? html`<p class="notice" role="status">${notice}</p>` : null}
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${secrets === null ? html`<p>Loading…</p>` : html`<table class="secret-list">
      <thead><tr><th scope="col">name</th><th scope="col">last set (UTC)</th><th scope="col">Actions</th></tr></thead>
      <tbody>
        ${secrets.length === 0 ? html`<tr><td colspan="3">No secrets.</td></tr>` : null}
        ${secrets.map((s) => html`<tr data-secret=${s.name}>
          <td><code>${s.name}</code></td><td>${s.updated_date || ""}</td>
          <td class="actions">
            <button type="button" aria-label=${"Replace " + s.name} onClick=${() => replace(s.name)}>Replace</button>
            <button type="button" aria-label=${"Delete " + s.name} onClick=${() => remove(s.name)}>Delete</button>
          </td>
        </tr>`)}
      </tbody>
    </table>`}
  </section>`;
}

function Summary({ session }) {
  const [summary, setSummary] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api(session, "GET", appPath(session, "/dashboard/settings"))
      .then((r) => setSummary(r.sections))
      .catch((err) => setError(err.message));
  }, []);
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!summary) return html`<p>Loading…</p>`;
  return html`<div class="summary">
    ${summary.map((s) => html`<section aria-labelledby=${"settings-" + s.id} id=${"settings-section-" + s.id}>
      <h4 id=${"settings-" + s.id}>${s.title}</h4>
      <table>
        <thead><tr><th scope="col">setting</th><th scope="col">in force</th><th scope="col">from</th></tr></thead>
        <tbody>${s.items.map((i) => html`<tr data-setting=${s.id + "." + i.id}>
          <th scope="row">${i.label}</th>
          <td>${i.enabled === undefined ? null : html`<span class=${i.enabled ? "badge on" : "badge off"}>${i.enabled ? "on" : "off"}</span> `}${i.value}${i.client_id ? html` <small>client id <code>${i.client_id}</code></small>` : null}</td>
          <td><code>${i.source}</code></td>
        </tr>`)}</tbody>
      </table>
    </section>`)}
  </div>`;
}

export function SettingsPage({ session }) {
  return html`<section class="settings" aria-label="Settings">
    <h2>Settings</h2>
    <${Secrets} session=${session} />
    <h3 class="read-only">In force on this server <small>(read-only: change the environment variables and restart)</small></h3>
    <${Summary} session=${session} />
  </section>`;
}
