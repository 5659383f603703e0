// Shared helpers for the conformance tests. Not a test file (lives outside test/).
//
// The tests drive a running Homebase server: HOMEBASE_URL is its origin (no /api), HOMEBASE_APP_ID
// the app id of the fixture project (conformance/fixtures/app). The JUnit harness
// (src/test/java/.../ConformanceTest.java) starts the server and sets both.
import assert from "node:assert/strict";
import { createClient, Base44Error } from "@base44/sdk";

// The SDK logs every Base44Error to stderr unless NODE_ENV is "production". The suite provokes
// many errors on purpose; keep the output readable.
if (!process.env.NODE_ENV) process.env.NODE_ENV = "production";

export const SERVER_URL = requireEnv("HOMEBASE_URL").replace(/\/+$/, "");
export const APP_ID = requireEnv("HOMEBASE_APP_ID");
export const API = `${SERVER_URL}/api/apps/${APP_ID}`;

function requireEnv(name) {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set. Run the suite through ./mvnw verify (ConformanceTest), ` +
      `or start a server on conformance/fixtures/app and set HOMEBASE_URL and HOMEBASE_APP_ID.`);
  }
  return v;
}

/** A fresh official client, anonymous, exactly as an app would create it. */
export function client(appId = APP_ID) {
  return createClient({ serverUrl: SERVER_URL, appId });
}

export { Base44Error };

/** A verified account on the server (the JUnit harness creates it with HOMEBASE_ADMIN_EMAIL/PASSWORD). */
export const TEST_EMAIL = process.env.HOMEBASE_TEST_EMAIL;
export const TEST_PASSWORD = process.env.HOMEBASE_TEST_PASSWORD;
/** Reason to skip signed-in tests when the suite runs without a test account. */
export const NO_ACCOUNT = TEST_EMAIL && TEST_PASSWORD ? false : "HOMEBASE_TEST_EMAIL/HOMEBASE_TEST_PASSWORD not set";

/** A client signed in as the test account through auth.loginViaEmailPassword. */
export async function signedInClient() {
  const c = client();
  const res = await c.auth.loginViaEmailPassword(TEST_EMAIL, TEST_PASSWORD);
  assert.ok(res && typeof res.access_token === "string", "login returns an access_token");
  return { client: c, user: res.user, token: res.access_token };
}

/** 24 lowercase hex characters. */
export const ID_RE = /^[0-9a-f]{24}$/;
/** Naive UTC with microseconds: YYYY-MM-DDTHH:MM:SS.ffffff, no zone. */
export const TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;
export const SYSTEM_FIELDS = ["id", "created_date", "updated_date", "created_by", "created_by_id"];
/** Internal fields that exist on the server but must never be returned. */
export const INTERNAL_FIELDS = ["is_deleted", "deleted_date", "entity_name", "app_id", "environment", "_id", "data"];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Collects the events of `entity.subscribe`; `until(pred, ms)` waits (bounded, default `waitMs`) for a
 * matching event and fails with what arrived (`describe(e)` of each) when none does.
 */
export function collector(entity, { waitMs = 5000, where = "", describe = (e) => e } = {}) {
  const events = [];
  const unsubscribe = entity.subscribe((e) => events.push(e));
  return {
    events,
    unsubscribe,
    async until(pred, ms = waitMs) {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const hit = events.find(pred);
        if (hit) return hit;
        await sleep(25);
      }
      assert.fail(`no matching realtime event${where} within ${ms} ms; got ${JSON.stringify(events.map(describe))}`);
    },
  };
}

/**
 * Awaits `promise`, which must reject with a Base44Error of `status`. `message` is a string
 * (exact match) or a RegExp. Returns the error for further checks.
 */
export async function rejectsWith(promise, status, message) {
  let err;
  try {
    const value = await promise;
    assert.fail(`expected a ${status} error, but the call resolved with ${JSON.stringify(value)?.slice(0, 300)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    err = e;
  }
  assert.ok(err instanceof Base44Error, `expected Base44Error, got ${err?.name}: ${err?.message}`);
  assert.equal(err.status, status, `status (message: ${err.message}, body: ${JSON.stringify(err.data)})`);
  assert.ok(err.data && typeof err.data === "object", `error body must be a JSON object, got ${JSON.stringify(err.data)}`);
  assert.equal(typeof err.data.message, "string", `error body needs a top-level "message": ${JSON.stringify(err.data)}`);
  assert.ok(err.data.message.length > 0, "error message must not be empty");
  assert.notEqual(err.message, `Request failed with status code ${status}`, "the client must surface the server's message");
  if (typeof message === "string") assert.equal(err.message, message);
  else if (message instanceof RegExp) assert.match(err.message, message);
  return err;
}

/**
 * Raw HTTP for what the client cannot express. `path` is relative to /api/apps/{appId} unless it
 * starts with "http". Returns {status, headers, body (parsed JSON or undefined), text}.
 */
export async function raw(method, path, { body, headers = {}, json } = {}) {
  const url = path.startsWith("http") ? path : `${API}${path}`;
  const init = { method, headers: { Accept: "application/json", ...headers } };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers["Content-Type"] ??= "application/json";
  } else if (body !== undefined) {
    init.body = body;
  }
  const res = await fetch(url, init);
  const text = await res.text();
  let parsed;
  try {
    parsed = text.length ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** A raw response must be an error of one of `statuses` with a JSON body carrying a top-level message. */
export function assertErrorBody(res, statuses, message) {
  const allowed = Array.isArray(statuses) ? statuses : [statuses];
  assert.ok(allowed.includes(res.status),
    `expected status ${allowed.join(" or ")}, got ${res.status}: ${res.text.slice(0, 300)}`);
  assert.ok(res.body && typeof res.body === "object" && !Array.isArray(res.body),
    `error body must be a JSON object, got: ${res.text.slice(0, 300)}`);
  assert.equal(typeof res.body.message, "string", `error body needs a top-level "message": ${res.text.slice(0, 300)}`);
  assert.ok(res.body.message.length > 0);
  const ct = res.headers.get("content-type") ?? "";
  assert.match(ct, /application\/json/, "error responses are JSON");
  if (typeof message === "string") assert.equal(res.body.message, message);
  else if (message instanceof RegExp) assert.match(res.body.message, message);
}

/** Never a 5xx; a 4xx must carry a JSON message. */
export function assertNotServerError(res) {
  assert.ok(res.status < 500, `server error ${res.status}: ${res.text.slice(0, 300)}`);
  if (res.status >= 400) assertErrorBody(res, res.status);
}

/** Sorted values of `key` (default "name") of a record array, for order-insensitive comparison. */
export function keys(records, key = "name") {
  assert.ok(Array.isArray(records), `expected an array, got ${JSON.stringify(records)?.slice(0, 200)}`);
  return records.map((r) => r[key]).sort();
}

/** Values of `key` in response order. */
export function ordered(records, key = "name") {
  assert.ok(Array.isArray(records), `expected an array, got ${JSON.stringify(records)?.slice(0, 200)}`);
  return records.map((r) => r[key]);
}

/** Parses a naive-UTC timestamp into epoch milliseconds. */
export function tsMillis(ts) {
  return Date.parse(ts + "Z");
}

/** A service-role token for the app (ConformanceTest mints it with `homebase service-token`). */
export const SERVICE_TOKEN = process.env.HOMEBASE_SERVICE_TOKEN;
/** Reason to skip service-role tests when the suite runs without a service token. */
export const NO_SERVICE = SERVICE_TOKEN ? false : "HOMEBASE_SERVICE_TOKEN not set";

/** A client created with a service token, as a backend script would; use its `asServiceRole`. */
export function serviceClient() {
  return createClient({ serverUrl: SERVER_URL, appId: APP_ID, serviceToken: SERVICE_TOKEN });
}

/** Reason to skip tests that need both the test account and a service token. */
export const NO_ACCOUNT_OR_SERVICE = NO_ACCOUNT || NO_SERVICE;

/** An ordinary (role "user") account; ConformanceTest registers it through register + verify-otp. */
export const USER_EMAIL = process.env.HOMEBASE_USER_EMAIL;
export const USER_PASSWORD = process.env.HOMEBASE_USER_PASSWORD;
/** Reason to skip tests that need the ordinary user. */
export const NO_USER = USER_EMAIL && USER_PASSWORD ? false : "HOMEBASE_USER_EMAIL/HOMEBASE_USER_PASSWORD not set";

/** A client signed in as the ordinary user. */
export async function userClient() {
  const c = client();
  const res = await c.auth.loginViaEmailPassword(USER_EMAIL, USER_PASSWORD);
  assert.ok(res && typeof res.access_token === "string", "login returns an access_token");
  return { client: c, user: res.user, token: res.access_token };
}
