// Transport and error contract (api-contract §1, §4): unknown entity/app/record, malformed bodies,
// content types, size limits, injection attempts. Every error is JSON with a top-level message,
// never a 5xx. Entity: Probe (fixtures/app/base44/entities/probe.jsonc), used by this file only.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "@base44/sdk";
import {
  client, raw, rejectsWith, assertErrorBody, assertNotServerError, API, APP_ID, SERVER_URL, ID_RE,
} from "../lib/harness.mjs";

const base44 = client();
const Probe = base44.entities.Probe;
const JSON_CT = { "Content-Type": "application/json" };

before(async () => {
  await Probe.deleteMany({});
  await Probe.create({ label: "seed", n: 1 });
});

describe("unknown entity", () => {
  test("list is 404 with a message", async () => {
    await rejectsWith(base44.entities.NoSuchEntity.list(), 404, 'Entity "NoSuchEntity" not found');
  });
  test("filter is 404", async () => {
    await rejectsWith(base44.entities.NoSuchEntity.filter({ a: 1 }), 404);
  });
  test("get is 404", async () => {
    await rejectsWith(base44.entities.NoSuchEntity.get("0123456789abcdef01234567"), 404);
  });
  test("create is 404", async () => {
    await rejectsWith(base44.entities.NoSuchEntity.create({ a: 1 }), 404);
  });
  test("update is 404", async () => {
    await rejectsWith(base44.entities.NoSuchEntity.update("0123456789abcdef01234567", { a: 1 }), 404);
  });
  test("delete is 404", async () => {
    await rejectsWith(base44.entities.NoSuchEntity.delete("0123456789abcdef01234567"), 404);
  });
  test("deleteMany is 404", async () => {
    await rejectsWith(base44.entities.NoSuchEntity.deleteMany({}), 404);
  });
  test("bulkCreate is 404", async () => {
    await rejectsWith(base44.entities.NoSuchEntity.bulkCreate([{ a: 1 }]), 404);
  });
  test("a name that is not a word is 404", async () => {
    const res = await raw("GET", "/entities/Probe%3BDROP");
    assertErrorBody(res, [400, 404]);
  });
});

describe("unknown app", () => {
  test("an unknown app id is 404", async () => {
    await rejectsWith(client("ffffffffffffffffffffffff").entities.Probe.list(), 404);
  });
  test("appId 'undefined' is 404", async () => {
    const res = await raw("GET", `${SERVER_URL}/api/apps/undefined/entities/Probe`, { headers: { "X-App-Id": "undefined" } });
    assertErrorBody(res, 404);
  });
  test("the path app id is authoritative, not X-App-Id", async () => {
    const res = await raw("GET", "/entities/Probe", { headers: { "X-App-Id": "something-else" } });
    assert.equal(res.status, 200, res.text);
  });
});

describe("tokens (§1.6)", () => {
  test("a present but invalid token is 401 'Unauthorized', not anonymous access", async () => {
    const withBadToken = createClient({ serverUrl: SERVER_URL, appId: APP_ID, token: "not-a-valid-jwt" });
    await rejectsWith(withBadToken.entities.Probe.list(), 401, "Unauthorized");
    await rejectsWith(withBadToken.entities.Probe.create({ label: "bad-token" }), 401, "Unauthorized");
    assert.deepEqual(await Probe.filter({ label: "bad-token" }), []);
  });
  test("a non-Bearer Authorization header is 401", async () => {
    const res = await raw("GET", "/entities/Probe", { headers: { Authorization: "Basic dXNlcjpwYXNz" } });
    assertErrorBody(res, 401);
  });
});

describe("transport", () => {
  test("percent-escapes in the entity name are decoded", async () => {
    const res = await raw("GET", "/entities/Pr%6Fbe");
    assert.equal(res.status, 200, res.text);
    assert.ok(Array.isArray(res.body));
  });
  test("GET with Content-Type: application/json and no body is fine", async () => {
    const res = await raw("GET", "/entities/Probe", { headers: JSON_CT });
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  });
  test("a zero-length POST declaring JSON is treated as no body", async () => {
    const res = await raw("POST", "/entities/Probe", { headers: JSON_CT, body: "" });
    assert.equal(res.status, 201, res.text);
    assert.match(res.body.id, ID_RE);
  });
  test("unknown headers are ignored", async () => {
    const res = await raw("GET", "/entities/Probe", { headers: { "X-Whatever": "1", "X-Origin-URL": "http://x/y" } });
    assert.equal(res.status, 200, res.text);
  });
  test("an unknown record id is 404 with a JSON message", async () => {
    const res = await raw("GET", "/entities/Probe/0123456789abcdef01234567");
    assertErrorBody(res, 404);
  });
  for (const id of ["%27%20OR%201%3D1--", "x%2Fy", "x%00y", "%E2%9C%93", "a".repeat(300)]) {
    test(`record id ${id.length > 40 ? id.slice(0, 10) + "..." : id} is a JSON 404 (or 400), not an error`, async () => {
      const res = await raw("GET", `/entities/Probe/${id}`);
      assertErrorBody(res, [400, 404]);
    });
  }
});

describe("CORS (§1.5)", () => {
  const ORIGIN = "http://localhost:5173";
  test("preflight allows the methods and headers the client uses, with credentials", async () => {
    const res = await fetch(`${API}/entities/Probe/0123456789abcdef01234567`, {
      method: "OPTIONS",
      headers: {
        Origin: ORIGIN,
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "authorization,content-type,x-app-id,x-origin-url,x-base44-anonymous-id",
      },
    });
    await res.arrayBuffer();
    assert.ok(res.status >= 200 && res.status < 300, `preflight status ${res.status}`);
    assert.ok([ORIGIN, "*"].includes(res.headers.get("access-control-allow-origin")), "allow-origin");
    assert.equal(res.headers.get("access-control-allow-credentials"), "true");
    const methods = (res.headers.get("access-control-allow-methods") ?? "").toUpperCase();
    for (const m of ["GET", "POST", "PUT", "DELETE", "PATCH"]) assert.ok(methods.includes(m), `allow-methods has ${m}: ${methods}`);
    const allowed = (res.headers.get("access-control-allow-headers") ?? "").toLowerCase();
    for (const h of ["authorization", "content-type", "x-app-id", "x-origin-url", "x-base44-anonymous-id"]) {
      assert.ok(allowed === "*" || allowed.includes(h), `allow-headers has ${h}: ${allowed}`);
    }
  });
  test("actual responses carry allow-origin and expose x-base44-connector-error", async () => {
    const res = await fetch(`${API}/entities/Probe`, { headers: { Origin: ORIGIN } });
    await res.arrayBuffer();
    assert.equal(res.status, 200);
    assert.ok([ORIGIN, "*"].includes(res.headers.get("access-control-allow-origin")));
    assert.match((res.headers.get("access-control-expose-headers") ?? "").toLowerCase(), /x-base44-connector-error/);
  });
  test("error responses carry CORS headers too", async () => {
    const res = await fetch(`${API}/entities/NoSuchEntity`, { headers: { Origin: ORIGIN } });
    await res.arrayBuffer();
    assert.equal(res.status, 404);
    assert.ok([ORIGIN, "*"].includes(res.headers.get("access-control-allow-origin")), "a browser can read the error body");
  });
});

describe("malformed and non-object bodies", () => {
  test("malformed JSON on create is 400", async () => {
    const res = await raw("POST", "/entities/Probe", { body: '{"label": ', headers: JSON_CT });
    assertErrorBody(res, 400);
  });
  test("malformed JSON on update is 400", async () => {
    const [rec] = await Probe.filter({ label: "seed" });
    const res = await raw("PUT", `/entities/Probe/${rec.id}`, { body: "{nope", headers: JSON_CT });
    assertErrorBody(res, 400);
  });
  test("malformed JSON on bulk create is 400", async () => {
    const res = await raw("POST", "/entities/Probe/bulk", { body: "[{", headers: JSON_CT });
    assertErrorBody(res, 400);
  });
  test("malformed JSON on deleteMany is 400 and deletes nothing", async () => {
    const before = (await Probe.list()).length;
    const res = await raw("DELETE", "/entities/Probe", { body: "{", headers: JSON_CT });
    assertErrorBody(res, 400);
    assert.equal((await Probe.list()).length, before);
  });
  for (const body of ["[1,2]", '"text"', "42", "true", "null"]) {
    test(`create with a non-object JSON body (${body}) is 400 or 422`, async () => {
      const res = await raw("POST", "/entities/Probe", { body, headers: JSON_CT });
      assertErrorBody(res, [400, 422]);
    });
    test(`update with a non-object JSON body (${body}) is 400 or 422`, async () => {
      const [rec] = await Probe.filter({ label: "seed" });
      const res = await raw("PUT", `/entities/Probe/${rec.id}`, { body, headers: JSON_CT });
      assertErrorBody(res, [400, 422]);
    });
  }
  for (const body of ["[1,2]", '"text"', "42"]) {
    test(`deleteMany with a non-object filter (${body}) is 400 and deletes nothing`, async () => {
      const before = (await Probe.list()).length;
      const res = await raw("DELETE", "/entities/Probe", { body, headers: JSON_CT });
      assertErrorBody(res, 400);
      assert.equal((await Probe.list()).length, before);
    });
  }
  test("deeply nested JSON body is 400, not a server error", async () => {
    const depth = 5000;
    const body = '{"label":"deep","n":' + "[".repeat(depth) + "]".repeat(depth) + "}";
    const res = await raw("POST", "/entities/Probe", { body, headers: JSON_CT });
    assertErrorBody(res, [400, 422]);
  });
  test("deeply nested deleteMany filter is 400 and deletes nothing", async () => {
    const before = (await Probe.list()).length;
    let q = '{"label":"nothing-matches"}';
    for (let i = 0; i < 3000; i++) q = `{"$or":[${q}]}`;
    const res = await raw("DELETE", "/entities/Probe", { body: q, headers: JSON_CT });
    assertErrorBody(res, 400);
    assert.equal((await Probe.list()).length, before);
  });
});

describe("content types", () => {
  test("text/plain body on create is accepted as JSON or rejected with a 4xx message", async () => {
    const res = await raw("POST", "/entities/Probe", { body: '{"label":"plain"}', headers: { "Content-Type": "text/plain" } });
    assertNotServerError(res);
    if (res.status < 300) assert.equal(res.body.label, "plain");
    else assertErrorBody(res, [400, 415]);
  });
  test("form-urlencoded body on create is a 4xx with a message", async () => {
    const res = await raw("POST", "/entities/Probe", { body: "label=form", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    assertErrorBody(res, [400, 415, 422]);
  });
  test("multipart body on create is a 4xx with a message", async () => {
    const form = new FormData();
    form.append("label", "multi");
    const res = await raw("POST", "/entities/Probe", { body: form });
    assertErrorBody(res, [400, 415, 422]);
  });
  test("JSON with charset parameter is accepted", async () => {
    const res = await raw("POST", "/entities/Probe", { body: '{"label":"charset"}', headers: { "Content-Type": "application/json; charset=utf-8" } });
    assert.equal(res.status, 201, res.text);
  });
  test("no Content-Type with a JSON body is accepted or a 4xx with a message", async () => {
    const res = await fetch(`${API}/entities/Probe`, { method: "POST", body: new Blob(['{"label":"noct"}']) });
    const text = await res.text();
    assert.ok(res.status < 500, `server error ${res.status}: ${text}`);
    if (res.status >= 400) assert.equal(typeof JSON.parse(text).message, "string");
  });
});

describe("limits", () => {
  test("an oversized body is 413 with a message", async () => {
    const blob = "x".repeat(51 * 1024 * 1024); // > 50 MB
    let res;
    try {
      res = await raw("POST", "/entities/Probe", { body: `{"label":"big","blob":"${blob}"}`, headers: JSON_CT });
    } catch (e) {
      assert.fail(`the server should answer 413, but the connection failed: ${e.cause?.code ?? e.message}`);
    }
    assertErrorBody(res, 413);
    assert.deepEqual(await Probe.filter({ label: "big" }), []);
  });
  test("a large but reasonable body (1 MB string) is accepted", async () => {
    const blob = "y".repeat(1024 * 1024);
    const rec = await Probe.create({ label: "large", blob });
    assert.equal(rec.blob.length, blob.length);
    const got = await Probe.get(rec.id);
    assert.equal(got.blob, blob);
    await Probe.delete(rec.id);
  });
});

describe("injection attempts are harmless", () => {
  const evilNames = [
    "label'; DROP TABLE records; --",
    'label") OR 1=1 --',
    "label\" = '' OR '1'='1",
    "data->>'label'",
    "label\u0000",
    "$where",
  ];
  for (const name of evilNames) {
    test(`filter field ${JSON.stringify(name)} is 400 or matches nothing`, async () => {
      const res = await raw("GET", `/entities/Probe?q=${encodeURIComponent(JSON.stringify({ [name]: "x" }))}`);
      assertNotServerError(res);
      if (res.status === 200) assert.deepEqual(res.body, []);
      else assertErrorBody(res, 400);
    });
    test(`sort field ${JSON.stringify(name)} is 400 or ignored`, async () => {
      const res = await raw("GET", `/entities/Probe?sort=${encodeURIComponent(name)}`);
      assertNotServerError(res);
      if (res.status === 200) assert.ok(Array.isArray(res.body) && res.body.length >= 1);
      else assertErrorBody(res, 400);
    });
    test(`fields projection ${JSON.stringify(name)} is 400 or harmless`, async () => {
      const res = await raw("GET", `/entities/Probe?fields=${encodeURIComponent("label," + name)}`);
      assertNotServerError(res);
      if (res.status === 200) {
        assert.ok(Array.isArray(res.body) && res.body.length >= 1);
        for (const r of res.body) assert.ok("id" in r);
      } else assertErrorBody(res, 400);
    });
  }
  test("SQL in values is just data", async () => {
    const label = "x'); DELETE FROM records; --";
    const rec = await Probe.create({ label });
    assert.equal((await Probe.get(rec.id)).label, label);
    assert.deepEqual((await Probe.filter({ label })).map((r) => r.id), [rec.id]);
    assert.deepEqual((await Probe.filter({ label: { $regex: "DELETE" } })).map((r) => r.id), [rec.id]);
  });
  test("creating a record with an evil key drops it", async () => {
    const rec = await Probe.create({ label: "evil-key", "label'); DROP TABLE x; --": 1 });
    assert.deepEqual(Object.keys(rec).filter((k) => k.includes("DROP")), []);
  });
  test("the entity still works after all of the above", async () => {
    const rows = await Probe.filter({ label: "seed" });
    assert.equal(rows.length, 1);
  });
});

describe("error bodies for unsupported methods and paths", () => {
  test("PATCH on a record is a 4xx with a message", async () => {
    const [rec] = await Probe.filter({ label: "seed" });
    const res = await raw("PATCH", `/entities/Probe/${rec.id}`, { json: { label: "x" } });
    assertErrorBody(res, [404, 405]);
  });
  test("an unknown sub-path is 404 with a message", async () => {
    const res = await raw("GET", "/entities/Probe/0123456789abcdef01234567/extra");
    assertErrorBody(res, [404, 405]);
  });
});
