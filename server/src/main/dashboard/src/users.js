// The Users page: list and search (by email), invite, change role (the apps' API, with the admin's token); send a
// reset mail (auth/reset-password-request, as the login page does); disable, enable and delete (the admin-only
// dashboard/users routes). Your own account offers none of these.
import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import htm from "htm";
import { api, appPath } from "./api.js";

const html = htm.bind(h);
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function UsersPage({ session }) {
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [users, setUsers] = useState(null);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [reload, setReload] = useState(0);
  const [inviteEmail, setInviteEmail] = useState("");
  const [inviteRole, setInviteRole] = useState("user");

  useEffect(() => {
    const params = new URLSearchParams({ sort: "email", limit: "200" });
    if (query) params.set("q", JSON.stringify({ email: { $regex: escape(query), $options: "i" } }));
    api(session, "GET", appPath(session, `/entities/User?${params}`))
      .then((list) => { setUsers(list); setError(null); })
      .catch((err) => { setUsers([]); setError(err.message); });
  }, [query, reload]);

  async function invite(e) {
    e.preventDefault();
    try {
      await api(session, "POST", appPath(session, "/users/invite-user"), { user_email: inviteEmail.trim(), role: inviteRole });
      setNotice(`Invited ${inviteEmail.trim()} as ${inviteRole}.`);
      setError(null);
      setInviteEmail("");
      setReload(reload + 1);
    } catch (err) {
      setError(err.message);
    }
  }

  // Runs one action on a user; its message on success, the server's message (role="alert") on failure.
  async function act(done, method, path, body) {
    try {
      await api(session, method, path, body);
      setNotice(done);
      setError(null);
      setReload(reload + 1);
    } catch (err) {
      setNotice(null);
      setError(err.message);
    }
  }

  const userPath = (u, rest = "") => appPath(session, `/dashboard/users/${encodeURIComponent(u.id)}${rest}`);
  const setDisabled = (u, off) => act(`${u.email} is ${off ? "disabled" : "enabled"}.`, "POST", userPath(u, off ? "/disable" : "/enable"));
  const sendReset = (u) => act(`Reset mail sent to ${u.email}.`, "POST", appPath(session, "/auth/reset-password-request"), { email: u.email });
  function remove(u) {
    if (!confirm(`Delete the user ${u.email}? They can no longer sign in; records they created stay.`)) return;
    act(`Deleted ${u.email}.`, "DELETE", userPath(u));
  }

  async function changeRole(user, role) {
    try {
      await api(session, "PUT", appPath(session, `/entities/User/${encodeURIComponent(user.id)}`), { role });
      setNotice(`${user.email} is now ${role}.`);
      setError(null);
      setReload(reload + 1);
    } catch (err) {
      setError(err.message);
    }
  }

  return html`<section class="users" aria-label="Users">
    <h2>Users</h2>
    <form class="toolbar" aria-label="Search users" onSubmit=${(e) => { e.preventDefault(); setQuery(search.trim()); }}>
      <label>Search by email<input name="search" value=${search} onInput=${(e) => setSearch(e.target.value)} /></label>
      <button type="submit">Search</button>
    </form>
    <form class="toolbar" aria-label="Invite a user" onSubmit=${invite}>
      <label>Email to invite<input name="invite" type="email" required value=${inviteEmail}
        onInput=${(e) => setInviteEmail(e.target.value)} /></label>
      <label>Role<select name="role" value=${inviteRole} onChange=${(e) => setInviteRole(e.target.value)}>
        <option value="user">user</option><option value="admin">admin</option>
      </select></label>
      <button type="submit">Invite</button>
    </form>
    ${notice ? html`<p class="notice" role="status">${notice}</p>` : null}
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${users === null ? html`<p>Loading…</p>` : html`<table>
      <thead><tr><th scope="col">email</th><th scope="col">full_name</th><th scope="col">verified</th>
        <th scope="col">created_date</th><th scope="col">role</th><th scope="col">status</th><th scope="col">Actions</th></tr></thead>
      <tbody>
        ${users.length === 0 ? html`<tr><td colspan="7">No users.</td></tr>` : null}
        ${users.map((u) => html`<tr data-id=${u.id}>
          <td>${u.email}</td><td>${u.full_name || ""}</td><td>${u.is_verified ? "yes" : "no"}</td><td>${u.created_date}</td>
          <td><select aria-label=${"Role of " + u.email} value=${u.role} disabled=${u.email === session.email}
            onChange=${(e) => changeRole(u, e.target.value)}>
            <option value="user">user</option><option value="admin">admin</option>
          </select></td>
          <td>${u.disabled ? html`<strong class="disabled">disabled</strong>` : "active"}</td>
          <td class="actions">${u.email === session.email ? html`<small>(you)</small>` : html`
            <button type="button" aria-label=${(u.disabled ? "Enable " : "Disable ") + u.email}
              onClick=${() => setDisabled(u, !u.disabled)}>${u.disabled ? "Enable" : "Disable"}</button>
            ${u.disabled ? null : html`<button type="button" aria-label=${"Send reset mail to " + u.email}
              onClick=${() => sendReset(u)}>Send reset mail</button>`}
            <button type="button" aria-label=${"Delete " + u.email} onClick=${() => remove(u)}>Delete</button>`}
          </td>
        </tr>`)}
      </tbody>
    </table>`}
  </section>`;
}
