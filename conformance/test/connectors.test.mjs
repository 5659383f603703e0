// Connectors (api-contract §8) and SSO tokens (§9) through the official client, against the connector
// provider stub ConformanceTest starts (ConnectorStub.java: OAuth server + API, HOMEBASE_TEST_CONNECTOR_STUB)
// and declares as base44/connectors/stubapi.jsonc in the served project. Skipped without the stub.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "@base44/sdk";
import {
  serviceClient, userClient, rejectsWith, raw, SERVER_URL, APP_ID, SERVICE_TOKEN,
  NO_ACCOUNT_OR_SERVICE, NO_USER,
} from "../lib/harness.mjs";

const STUB = process.env.HOMEBASE_TEST_CONNECTOR_STUB;
const SKIP = !STUB ? "HOMEBASE_TEST_CONNECTOR_STUB not set" : NO_ACCOUNT_OR_SERVICE || NO_USER;

/** Follows a connect's redirect_url: the stub redirects back to our callback, which stores the tokens. */
async function finishConnect(redirectUrl) {
  assert.ok(redirectUrl.startsWith(`${STUB}/authorize?`), redirectUrl);
  const params = new URL(redirectUrl).searchParams;
  assert.equal(params.get("client_id"), "stub-client");
  assert.equal(params.get("code_challenge_method"), "S256");
  assert.equal(params.get("redirect_uri"), `${SERVER_URL}/api/connectors/callback`);
  const toProvider = await fetch(redirectUrl, { redirect: "manual" });
  assert.equal(toProvider.status, 302);
  const callback = toProvider.headers.get("location");
  const done = await fetch(callback, { redirect: "manual" });
  assert.equal(done.status, 200, await done.text());
  return callback;
}

describe("connectors (§8) and SSO tokens (§9)", { skip: SKIP }, () => {
  test("the app's own connection: connect, tokens for the service role only, callApi", async () => {
    const svc = serviceClient().asServiceRole;
    // Connect the app's account (an admin; the CLI `homebase connectors connect stubapi` prints the same URL).
    const login = await raw("POST", "/auth/login", { json: { email: process.env.HOMEBASE_TEST_EMAIL, password: process.env.HOMEBASE_TEST_PASSWORD } });
    const start = await raw("POST", "/connectors/stubapi/connect", { headers: { Authorization: `Bearer ${login.body.access_token}` } });
    assert.equal(start.status, 200, start.text);
    const callback = await finishConnect(start.body.redirect_url);
    // A replayed callback is refused.
    assert.equal((await fetch(callback, { redirect: "manual" })).status, 400);

    const conn = await svc.connectors.getConnection("stubapi");
    assert.match(conn.accessToken, /^stub-token-\d+$/);
    assert.deepEqual(conn.connectionConfig, { region: "eu" });
    assert.equal(await svc.connectors.getAccessToken("stubapi"), conn.accessToken);
    assert.deepEqual(await svc.connectors.getWorkspaceConnection("stubapi"), conn);

    // Users, admins included, get 403 with the contract's message.
    const asUser = await raw("GET", "/external-auth/tokens/stubapi", { headers: { Authorization: `Bearer ${login.body.access_token}` } });
    assert.equal(asUser.status, 403);
    assert.equal(asUser.body.detail, "This endpoint is only accessible to service tokens");
    assert.ok(!asUser.text.includes(conn.accessToken));

    // callApi: the token and only the allowed headers reach the declared host.
    const r = await svc.connectors.callApi("stubapi", {
      method: "POST", path: "/echo", query: { a: "1" }, headers: { "X-Stub": "yes", "X-Other": "no" }, body: { hello: "world" },
    });
    assert.equal(r.success, true);
    assert.equal(r.phase, "responded");
    assert.equal(r.status, 200);
    assert.equal(r.dataBase64, null);
    assert.match(r.contentType, /application\/json/);
    assert.equal(r.creditsCharged, 0);
    assert.equal(r.data.method, "POST");
    assert.deepEqual(r.data.query, { a: "1" });
    assert.equal(r.data.authorization, `Bearer ${conn.accessToken}`);
    assert.equal(r.data.headers["x-stub"], "yes");
    assert.equal(r.data.headers["x-other"], undefined);
    assert.deepEqual(JSON.parse(r.data.body), { hello: "world" });

    const bin = await svc.connectors.callApi("stubapi", { path: "/bytes" });
    assert.equal(bin.data, null);
    assert.equal(bin.contentType, "image/png");
    assert.ok(Buffer.from(bin.dataBase64, "base64").subarray(1, 4).toString() === "PNG");
    const down = await svc.connectors.callApi("stubapi", { path: "/fail" });
    assert.equal(down.success, false);
    assert.equal(down.status, 503);
    assert.deepEqual(down.data, { error: "down" });

    await rejectsWith(svc.connectors.callApi("stubapi", { host: "evil.example", path: "/echo" }), 400, /not a declared host/);
    const missing = await rejectsWith(svc.connectors.getConnection("nope"), 404);
    assert.equal(missing.code, "NOT_FOUND");
  });

  test("app-user connectors and SSO tokens of the on-behalf-of user only", async () => {
    const { client: user, user: me, token } = await userClient();
    const redirectUrl = await user.connectors.connectAppUser("stubapi");
    await finishConnect(redirectUrl);

    const onBehalf = createClient({ serverUrl: SERVER_URL, appId: APP_ID, serviceToken: SERVICE_TOKEN, token }).asServiceRole;
    const mine = await onBehalf.connectors.getCurrentAppUserConnection("stubapi");
    assert.match(mine.accessToken, /^stub-token-\d+$/);
    assert.equal(await onBehalf.connectors.getCurrentAppUserAccessToken("stubapi"), mine.accessToken);
    // Without an on-behalf-of user: 401.
    await rejectsWith(serviceClient().asServiceRole.connectors.getCurrentAppUserConnection("stubapi"), 401);

    // SSO: a password sign-in keeps no provider token (404); another user's id is refused (403).
    const none = await rejectsWith(onBehalf.sso.getAccessToken(me.id), 404, "No access token stored");
    assert.equal(none.code, "NOT_FOUND");
    await rejectsWith(onBehalf.sso.getIdToken("someone-else"), 403);
    await rejectsWith(serviceClient().asServiceRole.sso.getAccessToken(me.id), 403);

    await user.connectors.disconnectAppUser("stubapi");
    await rejectsWith(user.connectors.disconnectAppUser("stubapi"), 404, "No active connection found for this connector");
    await rejectsWith(onBehalf.connectors.getCurrentAppUserConnection("stubapi"), 404);
    await rejectsWith(client().connectors.connectAppUser("stubapi"), 401);
  });
});

function client() {
  return createClient({ serverUrl: SERVER_URL, appId: APP_ID });
}
