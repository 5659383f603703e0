// The dashboard's only way to the server: the same public API apps use, with the admin's token.
export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

const KEY = "homebase.dashboard.session";

export function loadSession() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY)) || null;
  } catch {
    return null;
  }
}

export function saveSession(s) {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
}

/** Calls the API; resolves to the JSON answer, rejects with an ApiError carrying the server's message. */
export async function api(session, method, path, body) {
  const headers = { Accept: "application/json" };
  if (session && session.token) headers.Authorization = "Bearer " + session.token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, "The server could not be reached (" + e.message + ")");
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const message = (json && (json.message || json.detail)) || `${method} ${path} failed with HTTP ${res.status}`;
    throw new ApiError(res.status, `${message} (HTTP ${res.status})`, json);
  }
  return json;
}

export const appPath = (session, rest) => `/api/apps/${encodeURIComponent(session.appId)}${rest}`;

/** "Error in field price: Input should be a valid number" -> {price: "Input should be a valid number"}. */
export function fieldErrors(err) {
  const message = (err && err.body && err.body.message) || "";
  const out = {};
  for (const m of message.matchAll(/Error in field ([\w.\[\]]+): ([^;\n]+)/g)) {
    const field = m[1].split(/[.\[]/)[0];
    out[field] = out[field] ? out[field] + "; " + m[2] : m[2];
  }
  return out;
}
