// Backend functions through the official client (api-contract §6): functions.invoke and functions.fetch
// against Deno functions in fixtures/app/base44/functions/ that use npm:@base44/sdk's createClientFromRequest
// against this server. Entity: FnRecord (fixtures/app/base44/entities/fn-record.jsonc), used by this file only.
// Principals: anonymous, the bootstrap admin (signed in), the service role. The secret CONFORMANCE_SECRET is
// set with `homebase secrets set` before the server starts (ConformanceTest) and given to node as
// HOMEBASE_FUNCTION_SECRET.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import {
  client, signedInClient, serviceClient, ID_RE, APP_ID, TEST_EMAIL, NO_ACCOUNT_OR_SERVICE,
} from "../lib/harness.mjs";

const SECRET = process.env.HOMEBASE_FUNCTION_SECRET;
const skip = NO_ACCOUNT_OR_SERVICE || (SECRET ? false : "HOMEBASE_FUNCTION_SECRET not set");

/** The rejection of a functions call: axios (interceptResponses is off for functions) status and body. */
async function rejection(promise) {
  try {
    const res = await promise;
    assert.fail(`expected a rejection, got ${res?.status} ${JSON.stringify(res?.data)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    return { status: e.response?.status ?? e.status, data: e.response?.data ?? e.data, headers: e.response?.headers };
  }
}

describe("backend functions", { skip }, () => {
  let admin, service;

  before(async () => {
    admin = (await signedInClient()).client;
    service = serviceClient().asServiceRole;
    await service.entities.FnRecord.deleteMany({});
  });

  test("invoke: the function sees the signed-in caller and writes as the service role", async () => {
    const res = await admin.functions.invoke("fn-whoami", { note: "from the admin" });
    assert.equal(res.status, 200);
    assert.equal(res.data.email, TEST_EMAIL);
    assert.equal(res.data.role, "admin");
    assert.match(res.data.record.id, ID_RE);
    assert.equal(res.data.record.note, "from the admin");
    assert.equal(res.data.record.owner, TEST_EMAIL);
    // The record is really on this server, visible to the service role here.
    const stored = await service.entities.FnRecord.get(res.data.record.id);
    assert.equal(stored.note, "from the admin");
    assert.notEqual(stored.created_by, TEST_EMAIL, "written by the function's service role, not as the caller");
  });

  test("invoke: an anonymous caller gets no user but the function still has the service role", async () => {
    const res = await client().functions.invoke("fn-whoami", { note: "anonymous form" });
    assert.equal(res.status, 200);
    assert.equal(res.data.email, null);
    assert.equal(res.data.record.owner, "anonymous");
    assert.equal((await service.entities.FnRecord.filter({ note: "anonymous form" })).length, 1);
  });

  test("invoke: a secret set with `homebase secrets set` is in the function's environment", async () => {
    const res = await client().functions.invoke("fn-whoami", { note: "secret check" });
    assert.equal(res.data.secret, SECRET);
  });

  test("invoke: the service role can call functions too", async () => {
    const res = await service.functions.invoke("fn-default", { by: "service" });
    assert.equal(res.status, 200);
    assert.deepEqual(res.data.body, { by: "service" });
  });

  test("invoke: a function invoked by the service role can use its own asServiceRole", async () => {
    // The function's Authorization is the caller's service token, which its SDK sends as on-behalf-of.
    const res = await service.functions.invoke("fn-whoami", { note: "invoked by the service role" });
    assert.equal(res.status, 200, JSON.stringify(res.data));
    assert.equal(res.data.email, null, "no end user");
    assert.equal(res.data.record.note, "invoked by the service role");
    assert.equal((await service.entities.FnRecord.filter({ note: "invoked by the service role" })).length, 1);
  });

  for (const [who, make] of [
    ["a signed-in user", async () => admin],
    ["an anonymous caller", async () => client()],
    ["the service role", async () => service],
  ]) {
    test(`invoke: a function invoked by ${who} calls another, as the caller and as the service role`, async () => {
      const note = `relay from ${who} ${Date.now()}`;
      const res = await (await make()).functions.invoke("fn-relay", { note });
      assert.equal(res.status, 200, JSON.stringify(res.data));
      const email = who === "a signed-in user" ? TEST_EMAIL : null;
      assert.equal(res.data.asCaller.email, email, "the inner function sees the outer caller");
      assert.equal(res.data.asCaller.record.note, `${note} (as caller)`);
      assert.equal(res.data.asService.email, null, "invoked by the service role: no end user");
      assert.equal(res.data.asService.record.note, `${note} (as service)`);
      assert.equal(res.data.seen, 1, "the outer function's own asServiceRole read");
    });
  }

  test("invoke: an export-default handler gets the data as JSON", async () => {
    const res = await admin.functions.invoke("fn-default", { a: 1, nested: { b: [1, 2] } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.data, { shape: "export default", method: "POST", body: { a: 1, nested: { b: [1, 2] } }, appId: APP_ID });
  });

  test("invoke: an error status and body pass through, and invoke rejects with them", async () => {
    const err = await rejection(admin.functions.invoke("fn-teapot", {}));
    assert.equal(err.status, 418);
    assert.deepEqual(err.data, { message: "I am a teapot", code: "TEAPOT" });
    assert.equal(err.headers?.["x-teapot"], "short-and-stout");
  });

  test("invoke: an unknown function is a 404 with a message", async () => {
    const err = await rejection(client().functions.invoke("fn-does-not-exist", {}));
    assert.equal(err.status, 404);
    assert.equal(typeof err.data.message, "string");
    assert.equal(err.data.code, "FUNCTION_NOT_FOUND");
  });

  test("fetch: direct fetch streams server-sent events as they are written", async () => {
    const release = `release-${Date.now()}-${Math.random().toString(16).slice(2)}`;
    const res = await admin.functions.fetch(`/fn-stream/tail?release=${release}`, { headers: { Accept: "text/event-stream" } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/event-stream");
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes("\n\n")) {
      const { value, done } = await reader.read();
      assert.ok(!done, `stream ended before the first event: ${text}`);
      text += decoder.decode(value, { stream: true });
    }
    assert.equal(text, "data: first /tail\n\n", "the rest of the path reaches the function");
    // The function sends its last event only once this record exists: a buffered stream would have
    // delivered nothing until the function gave up.
    await service.entities.FnRecord.create({ note: release });
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    assert.equal(text, "data: first /tail\n\ndata: released\n\n");
  });

  test("fetch: an unknown path is a 404 with detail", async () => {
    const res = await client().functions.fetch("fn-nothing-here", { method: "POST", body: "{}" });
    assert.equal(res.status, 404);
    const body = await res.json();
    assert.equal(body.detail, "Function not found");
    assert.equal(typeof body.message, "string");
  });
});
