// Custom (OpenAPI) integrations (api-contract §7.4) through the official client's integrations.custom.call, against
// the third-party API stub that ConformanceTest starts (UpstreamStub.java) and names in the app's
// base44/integrations/echo.jsonc (spec: echo.openapi.yaml; X-Api-Key: "Key " + the ECHO_KEY secret). The stub's
// /v1/echo/* paths answer with what arrived, so each test checks what the server sent upstream.
// Principals: the signed-in test account, the service role, anonymous (refused).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { client, signedInClient, serviceClient, rejectsWith, NO_ACCOUNT, NO_SERVICE } from "../lib/harness.mjs";

const UPSTREAM = process.env.HOMEBASE_TEST_UPSTREAM;
const KEY = process.env.HOMEBASE_TEST_UPSTREAM_KEY;
const NO_UPSTREAM = UPSTREAM && KEY ? false : "HOMEBASE_TEST_UPSTREAM/_KEY not set (ConformanceTest writes echo.jsonc for its stub)";
const SKIP = NO_UPSTREAM || NO_ACCOUNT;

describe("integrations.custom.call (§7.4)", { skip: SKIP }, () => {
  test("method:path with pathParams, queryParams and headers: placed per the document, with the secret", async () => {
    const { client: c } = await signedInClient();
    const res = await c.integrations.custom.call("echo", "get:/echo/repos/{owner}/{repo}", {
      pathParams: { owner: "my org", repo: "r/1" }, queryParams: { per_page: 5, tag: ["a", "b"] }, headers: { "X-Trace": "t-1" },
    });
    assert.equal(res.success, true);
    assert.equal(res.status_code, 200);
    assert.equal(res.data.method, "GET");
    assert.equal(res.data.path, "/v1/echo/repos/my%20org/r%2F1");
    assert.equal(res.data.query, "per_page=5&tag=a&tag=b");
    assert.equal(res.data.x_api_key, `Key ${KEY}`);
    assert.equal(res.data.x_trace, "t-1");
  });

  test("by operationId, and a JSON payload", async () => {
    const { client: c } = await signedInClient();
    const byId = await c.integrations.custom.call("echo", "getRepo", { pathParams: { owner: "o", repo: "r" } });
    assert.equal(byId.data.path, "/v1/echo/repos/o/r");
    const created = await c.integrations.custom.call("echo", "createItem", { payload: { title: "Hi", tags: ["x"] } });
    assert.deepEqual(created, { success: true, status_code: 201, data: { id: 7, received: { title: "Hi", tags: ["x"] } } });
    const posted = await c.integrations.custom.call("echo", "post:/echo/notes", { payload: { text: "n" } });
    assert.match(posted.data.content_type, /^application\/json/);
    assert.deepEqual(JSON.parse(posted.data.body), { text: "n" });
  });

  test("the service role calls too; an upstream 404 is an answer, not an error", { skip: NO_SERVICE }, async () => {
    const res = await serviceClient().asServiceRole.integrations.custom.call("echo", "missing");
    assert.deepEqual(res, { success: false, status_code: 404, data: { error: "not here" } });
  });

  test("unknown slug and operation: 404 with the contract's messages", async () => {
    const { client: c } = await signedInClient();
    await rejectsWith(c.integrations.custom.call("nope", "get:/x"), 404, "Custom integration 'nope' not found in workspace");
    await rejectsWith(c.integrations.custom.call("echo", "get:/nothing/{id}", { pathParams: { id: "1" } }), 404,
      "Operation 'get:/nothing/{id}' not found in integration 'echo'");
  });

  test("missing required parameters and payload: 400 naming them", async () => {
    const { client: c } = await signedInClient();
    await rejectsWith(c.integrations.custom.call("echo", "getRepo", { pathParams: { owner: "o" } }), 400,
      "Missing required path parameter 'repo' for operation 'get:/echo/repos/{owner}/{repo}'");
    await rejectsWith(c.integrations.custom.call("echo", "post:/echo/notes"), 400,
      "Missing required payload (the request body) for operation 'post:/echo/notes'");
  });

  test("a redirect to another host is refused (502)", async () => {
    const { client: c } = await signedInClient();
    await rejectsWith(c.integrations.custom.call("echo", "get:/away"), 502, /redirected to another host \(http:\/\/localhost:\d+\)/);
  });

  test("anonymous callers: 401 naming the setting", async () => {
    await rejectsWith(client().integrations.custom.call("echo", "missing"), 401, /"allowAnonymous": \["custom\/echo"\]/);
  });
});
