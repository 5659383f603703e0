// The Apps page: for the server admin (HOMEBASE_ADMIN_EMAIL), every app this server serves, and a switch to any of
// them without signing in again (dashboard/apps/{id}/switch hands out a one-hour token of that app). Any other admin
// sees only the app they signed in to.
import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import htm from "htm";
import { api, appPath } from "./api.js";

const html = htm.bind(h);

export function AppsPage({ session, onSwitch }) {
  const [me, setMe] = useState(null);
  const [apps, setApps] = useState(null);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setApps(null);
    api(session, "GET", appPath(session, "/dashboard/me"))
      .then(async (who) => {
        if (!live) return;
        setMe(who);
        if (!who.server_admin) return;
        const list = await api(session, "GET", appPath(session, "/dashboard/apps"));
        if (live) setApps(list.apps);
      })
      .catch((err) => { if (live) setError(err.message); });
    return () => { live = false; };
  }, [session.appId, session.token]);

  async function open(app) {
    setBusy(true);
    try {
      const r = await api(session, "POST", appPath(session, `/dashboard/apps/${encodeURIComponent(app.id)}/switch`));
      setError(null);
      setNotice(`Switched to app ${app.name || app.id}.`);
      onSwitch({ ...session, appId: r.app_id, token: r.access_token, email: r.email });
    } catch (err) {
      setNotice(null);
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  return html`<section class="apps" aria-label="Apps">
    <h2>Apps</h2>
    ${notice ? html`<p class="notice" role="status">${notice}</p>` : null}
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${me && !me.server_admin ? html`<p>You are an admin of app <code>${session.appId}</code> only. The list of every app
      on this server is for the server admin (<code>HOMEBASE_ADMIN_EMAIL</code>).</p>` : null}
    ${me && me.server_admin && apps === null && !error ? html`<p>Loading…</p>` : null}
    ${apps ? html`<table>
      <thead><tr><th scope="col">id</th><th scope="col">name</th><th scope="col">entities</th><th scope="col">users</th>
        <th scope="col">Actions</th></tr></thead>
      <tbody>
        ${apps.map((a) => html`<tr data-id=${a.id} aria-current=${a.id === session.appId ? "true" : undefined}>
          <td><code>${a.id}</code></td><td>${a.name}</td><td>${a.entities}</td><td>${a.users}</td>
          <td class="actions">${a.id === session.appId ? html`<strong>current app</strong>`
            : html`<button type="button" disabled=${busy} aria-label=${"Switch to app " + a.id} onClick=${() => open(a)}>Switch</button>`}</td>
        </tr>`)}
      </tbody>
    </table>` : null}
  </section>`;
}
