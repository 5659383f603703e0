// The platform routes a generated app calls besides its data, through the official client:
// app.getPublicSettings (api-contract §12), appLogs (§11), analytics (§13), and the parts of the Base44 API that
// Homebase does not implement (501, or the contract's 404), plus the old /app-logs path without /api.
// No entity. The fixture app declares no "visibility": it is public with login, the hosted platform's default.
// Principals: anonymous, the bootstrap admin, the ordinary user, a user registered here and then deleted
// (needs the mail server), the service role.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "@base44/sdk";
import {
  client, signedInClient, serviceClient, userClient, rejectsWith, raw, sleep, TS_RE,
  APP_ID, SERVER_URL, NO_ACCOUNT, NO_SERVICE, NO_USER, NO_ACCOUNT_OR_SERVICE,
} from "../lib/harness.mjs";
import { registerUser, NO_MAIL } from "../lib/mail.mjs";

const RUN = `conf-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

/** Polls `read` until `done(value)` (writes of page views and events are asynchronous); returns the value. */
async function eventually(read, done, what, ms = 5000) {
  const end = Date.now() + ms;
  let value;
  while (Date.now() < end) {
    value = await read();
    if (done(value)) return value;
    await sleep(50);
  }
  assert.fail(`${what} not seen within ${ms} ms; last answer ${JSON.stringify(value)?.slice(0, 500)}`);
}

describe("app.getPublicSettings (§12)", () => {
  test("anonymous on a login app: 403 auth_required with the app id", async () => {
    const err = await rejectsWith(client().app.getPublicSettings(), 403);
    assert.equal(err.data.extra_data.reason, "auth_required");
    assert.equal(err.data.extra_data.app_id, APP_ID);
    assert.equal(err.code, "auth_required");
  });

  test("a token that no longer works is asked to sign in again, not a 401", async () => {
    const c = createClient({ serverUrl: SERVER_URL, appId: APP_ID, token: "eyJhbGciOiJIUzI1NiJ9.e30.bm90LWEtc2lnbmF0dXJl" });
    const err = await rejectsWith(c.app.getPublicSettings(), 403);
    assert.equal(err.data.extra_data.reason, "auth_required");
  });

  test("signed in: the app id and its visibility", { skip: NO_ACCOUNT }, async () => {
    const { client: admin } = await signedInClient();
    assert.deepEqual(await admin.app.getPublicSettings(), { id: APP_ID, public_settings: "public_with_login" });
  });

  test("the ordinary user opens it too", { skip: NO_USER }, async () => {
    const { client: user } = await userClient();
    assert.equal((await user.app.getPublicSettings()).public_settings, "public_with_login");
  });

  test("a signed-in user who was removed from the app: 403 user_not_registered", { skip: NO_MAIL || NO_SERVICE }, async () => {
    const gone = await registerUser("gone");
    assert.equal((await gone.client.app.getPublicSettings()).public_settings, "public_with_login");
    await serviceClient().asServiceRole.entities.User.delete(gone.user.id);
    const err = await rejectsWith(gone.client.app.getPublicSettings(), 403);
    assert.equal(err.data.extra_data.reason, "user_not_registered");
    assert.equal(err.data.extra_data.app_id, APP_ID);
  });

  test("unknown app: 404 App not found", async () => {
    const err = await rejectsWith(client("000000000000000000000000").app.getPublicSettings(), 404, "App not found");
    assert.equal(err.code, "NOT_FOUND");
  });
});

describe("appLogs (§11)", { skip: NO_ACCOUNT_OR_SERVICE }, () => {
  let admin, adminUser, service;

  before(async () => {
    ({ client: admin, user: adminUser } = await signedInClient());
    service = serviceClient().asServiceRole;
  });

  test("logUserInApp stores page views, anonymous or signed in; fetchLogs reads them newest first", async () => {
    assert.equal(await client().appLogs.logUserInApp(`${RUN}/home`), undefined);
    await admin.appLogs.logUserInApp(`/${RUN}/dash/board`);
    await admin.appLogs.logUserInApp(`${RUN}/home`);
    const logs = await eventually(() => admin.appLogs.fetchLogs({ page_name: `${RUN}/home` }), (r) => r.total === 2,
      "two views of the home page");
    assert.deepEqual(Object.keys(logs).sort(), ["items", "total"]);
    assert.equal(logs.items.length, 2);
    const [newest, oldest] = logs.items;
    assert.deepEqual(Object.keys(newest).sort(), ["created_date", "page_name", "user_id"]);
    assert.equal(newest.page_name, `${RUN}/home`);
    assert.equal(newest.user_id, adminUser.id);
    assert.equal(oldest.user_id, null, "anonymous");
    assert.match(newest.created_date, TS_RE);
    assert.ok(newest.created_date >= oldest.created_date);

    const dash = await eventually(() => service.appLogs.fetchLogs({ page_name: `/${RUN}/dash/board` }), (r) => r.total === 1,
      "the page name with slashes");
    assert.equal(dash.items[0].page_name, `/${RUN}/dash/board`);
    const mine = await admin.appLogs.fetchLogs({ user_id: adminUser.id, limit: 1, skip: 0 });
    assert.equal(mine.items.length, 1);
    assert.ok(mine.total >= 2);
    const later = await admin.appLogs.fetchLogs({ page_name: `${RUN}/home`, since: "2999-01-01T00:00:00Z" });
    assert.deepEqual(later, { items: [], total: 0 });
  });

  test("the old path without /api (older Base44 Vite plugins) is stored too", async () => {
    const res = await raw("POST", `${SERVER_URL}/app-logs/${APP_ID}/log-user-in-app/${RUN}/legacy`);
    assert.equal(res.status, 200, res.text);
    const logs = await eventually(() => admin.appLogs.fetchLogs({ page_name: `${RUN}/legacy` }), (r) => r.total === 1,
      "the page view sent without /api");
    assert.equal(logs.items[0].user_id, null);
  });

  test("getStats: page views per page and per day, active users", async () => {
    const page = `${RUN}/stats`;
    await admin.appLogs.logUserInApp(page);
    await admin.appLogs.logUserInApp(page);
    await client().appLogs.logUserInApp(page);
    const stats = await eventually(() => admin.appLogs.getStats({ page_name: page }), (s) => s.page_views === 3,
      "three views in the statistics");
    assert.equal(stats.active_users, 1);
    assert.deepEqual(stats.pages, [{ page_name: page, views: 3, users: 1 }]);
    assert.equal(stats.days.length, 1);
    assert.match(stats.days[0].date, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(stats.days[0].views, 3);
    const all = await service.appLogs.getStats();
    assert.ok(all.page_views >= 3 && all.pages.some((p) => p.page_name === page), JSON.stringify(all).slice(0, 300));
  });

  test("reading logs is for admins and the service role", async () => {
    await rejectsWith(client().appLogs.fetchLogs(), 401);
    await rejectsWith(client().appLogs.getStats(), 401);
    await rejectsWith(admin.appLogs.fetchLogs({ limit: 0 }), 400);
  });

  test("an ordinary user may log pages but not read them", { skip: NO_USER }, async () => {
    const { client: user } = await userClient();
    await user.appLogs.logUserInApp(`${RUN}/user`);
    await rejectsWith(user.appLogs.fetchLogs(), 403);
    await rejectsWith(user.appLogs.getStats(), 403);
  });
});

describe("analytics (§13)", { skip: NO_ACCOUNT }, () => {
  test("analytics.track batches reach the server and count in getStats", async () => {
    const { client: admin } = await signedInClient();
    const name = `${RUN}_click`;
    admin.analytics.track({ eventName: name, properties: { plan: "pro", seats: 3 } });
    admin.analytics.track({ eventName: name });
    const stats = await eventually(() => admin.appLogs.getStats(), (s) => s.events.some((e) => e.event_name === name && e.count === 2),
      "two tracked events", 10000);
    assert.ok(Array.isArray(stats.events));
    admin.cleanup();
  });

  test("a batch without any headers is accepted; a malformed one is a 400", async () => {
    const url = `${SERVER_URL}/api/apps/${APP_ID}/analytics/track/batch`;
    const ok = await fetch(url, { method: "POST", body: JSON.stringify({ events: [{ event_name: `${RUN}_beacon`, session_id: "s" }] }) });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { accepted: 1 });
    const bad = await raw("POST", "/analytics/track/batch", { json: { events: [{ properties: {} }] } });
    assert.equal(bad.status, 400, bad.text);
    assert.match(bad.body.message, /event_name/);
  });
});

describe("the Base44 API Homebase does not implement: 501 not_implemented", () => {
  /** The call must reject with `status`, code not_implemented and "<feature> is not available in Homebase". */
  async function unavailable(promise, status, feature) {
    const err = await rejectsWith(promise, status, `${feature} is not available in Homebase`);
    assert.equal(err.code, "not_implemented");
  }

  test("integrations: installable packages are 404 (§7.3)", async () => {
    await unavailable(client().integrations.Slack.PostMessage({ text: "x" }), 404, "Integration packages");
  });

  test("the typesafe AI gateway is a 404 (§15; the OpenAI one is in ai.test.mjs)", async () => {
    const typesafe = await raw("POST", `${SERVER_URL}/api/apps/${APP_ID}/ai/typesafe/v1/evaluate`, { json: {} });
    assert.equal(typesafe.status, 404, typesafe.text);
  });

  test("actors: the connection-token mint is a 404, which the client treats as terminal (§16)", async () => {
    const res = await raw("POST", `/actors/${encodeURIComponent("Chat Room")}/connection-token`,
      { json: { room: "r1", connection_id: "c1" } });
    assert.equal(res.status, 404, res.text);
    assert.equal(res.body.code, "not_implemented");
    assert.equal(res.body.message, "Actors is not available in Homebase");
  });

  test("a path that is no Base44 route stays a 404 that says so", async () => {
    const res = await raw("GET", "/no-such-thing");
    assert.equal(res.status, 404, res.text);
    assert.match(res.body.message, /^GET \/api\/apps\/[^/]+\/no-such-thing is not a route of the Base44 API/);
    assert.notEqual(res.body.code, "not_implemented");
  });
});
