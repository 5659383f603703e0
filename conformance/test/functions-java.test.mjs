// Java backend functions (api-contract §6.1–6.3, architecture §5) through the official client:
// base44.functions.invoke reaches base44/functions/java/*/Entry.java, which uses the Java SDK's
// FunctionServer and Base44.createClientFromRequest against this server.
// Entity: JavaFnRecord (fixtures/app/base44/entities/java-fn-record.jsonc), used by this file only.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { client, signedInClient, serviceClient, NO_ACCOUNT, NO_SERVICE, TEST_EMAIL } from "../lib/harness.mjs";

before(async () => {
  if (!NO_SERVICE) await serviceClient().asServiceRole.entities.JavaFnRecord.deleteMany({});
});

describe("Java functions: functions.invoke", () => {
  test("a signed-in caller: the function sees auth.me() and writes as the service role", { skip: NO_ACCOUNT }, async () => {
    const { client: base44 } = await signedInClient();
    const res = await base44.functions.invoke("java/whoami", { title: "from a signed-in caller" });
    assert.equal(res.status, 200);
    assert.match(res.headers["content-type"], /^application\/json/);
    assert.equal(res.data.email, TEST_EMAIL);
    assert.equal(res.data.me_status, null);
    assert.match(res.data.runtime, /^java \d+$/);
    const record = res.data.record;
    assert.equal(record.title, "from a signed-in caller");
    assert.equal(record.made_for, TEST_EMAIL);
    assert.match(record.id, /^[0-9a-f]{24}$/);
    if (!NO_SERVICE) {
      const stored = await serviceClient().asServiceRole.entities.JavaFnRecord.get(record.id);
      assert.equal(stored.made_for, TEST_EMAIL, "the record is in this server's database");
    }
  });

  test("an anonymous caller: auth.me() is refused inside the function, the service role still works", async () => {
    const res = await client().functions.invoke("java/whoami", { title: "from nobody" });
    assert.equal(res.status, 200);
    assert.equal(res.data.email, null);
    assert.ok([401, 403].includes(res.data.me_status), `me() status ${res.data.me_status}`);
    assert.equal(res.data.record.made_for, "anonymous");
    assert.equal(res.data.record.title, "from nobody");
  });

  test("the service role as caller: no user inside the function, its own asServiceRole still works", { skip: NO_SERVICE }, async () => {
    const res = await serviceClient().asServiceRole.functions.invoke("java/whoami", { title: "from the service role" });
    assert.equal(res.status, 200, JSON.stringify(res.data));
    assert.equal(res.data.email, null);
    assert.ok([401, 403, 404].includes(res.data.me_status), `me() status ${res.data.me_status}`);
    assert.equal(res.data.record.made_for, "anonymous");
    assert.equal(res.data.record.title, "from the service role");
  });

  test("a non-2xx status, its body and its headers come back as the function sent them", async () => {
    let err;
    try {
      await client().functions.invoke("java/teapot", { cups: 2 });
      assert.fail("a 418 must reject");
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      err = e;
    }
    assert.equal(err.response?.status, 418, String(err));
    assert.equal(err.response.data.message, "I'm a teapot");
    assert.deepEqual(err.response.data.got, { cups: 2 });
    assert.equal(err.response.headers["x-teapot"], "java");
  });
});
