// Schema validation and the 422 body (api-contract §4.19, default non-strict mode).
// Entity: Gadget (fixtures/app/base44/entities/gadget.jsonc), used by this file only.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { client, raw, rejectsWith, assertErrorBody } from "../lib/harness.mjs";

const Gadget = client().entities.Gadget;

before(async () => {
  await Gadget.deleteMany({});
});

/** The create must fail with 422 and exactly `message`; nothing of `batch` may be stored. */
async function rejects422(body, message) {
  const batch = `v-${Math.random().toString(36).slice(2)}`;
  const err = await rejectsWith(Gadget.create({ batch, ...body }), 422, message);
  assert.deepEqual(await Gadget.filter({ batch }), [], "nothing stored");
  return err;
}

describe("422 body", () => {
  test("wrong type: 'Error in field price: Input should be a valid number'", async () => {
    const err = await rejects422({ name: "g", price: "not a number" }, "Error in field price: Input should be a valid number");
    assert.equal(err.data.message, "Error in field price: Input should be a valid number");
    assert.equal(err.data.detail, "Error in field price: Input should be a valid number");
    assert.equal(err.data.error_type, "ValidationError");
  });

  test("raw HTTP: status 422 and JSON body", async () => {
    const res = await raw("POST", "/entities/Gadget", { json: { name: "g", price: "x" } });
    assertErrorBody(res, 422, "Error in field price: Input should be a valid number");
    assert.equal(res.body.error_type, "ValidationError");
  });
});

describe("required fields (create only)", () => {
  test("missing required field", async () => {
    await rejects422({ price: 1 }, "Error in field name: Field required");
  });
  test("null in a required field", async () => {
    await rejects422({ name: null, price: 1 }, "Error in field name: Field required");
  });
  test("missing required number", async () => {
    await rejects422({ name: "g" }, "Error in field price: Field required");
  });
  test("empty body", async () => {
    const res = await raw("POST", "/entities/Gadget", { json: {} });
    assertErrorBody(res, 422, /^Error in field (name|price): Field required$/);
  });
  test("an unknown key does not satisfy a required field", async () => {
    await rejects422({ Name: "g", price: 1 }, "Error in field name: Field required");
  });
  test("update does not require required fields", async () => {
    const rec = await Gadget.create({ name: "upd", price: 1 });
    const upd = await Gadget.update(rec.id, { count: 2 });
    assert.equal(upd.count, 2);
    assert.equal(upd.name, "upd");
  });
});

describe("type checks", () => {
  test("string field given a number", async () => {
    await rejects422({ name: 5, price: 1 }, "Error in field name: Input should be a valid string");
  });
  test("string field given an object", async () => {
    await rejects422({ name: { a: 1 }, price: 1 }, "Error in field name: Input should be a valid string");
  });
  test("number field given a boolean", async () => {
    await rejects422({ name: "g", price: true }, "Error in field price: Input should be a valid number");
  });
  test("integer field given a fraction", async () => {
    await rejects422({ name: "g", price: 1, count: 1.5 }, "Error in field count: Input should be a valid integer");
  });
  test("integer field given a non-numeric string", async () => {
    await rejects422({ name: "g", price: 1, count: "many" }, "Error in field count: Input should be a valid integer");
  });
  test("boolean field given a non-boolean string", async () => {
    await rejects422({ name: "g", price: 1, enabled: "maybe" }, "Error in field enabled: Input should be a valid boolean");
  });
  test("array field given a string", async () => {
    await rejects422({ name: "g", price: 1, tags: "a,b" }, "Error in field tags: Input should be a valid array");
  });
  test("array element of the wrong type: path f[i]", async () => {
    await rejects422({ name: "g", price: 1, tags: ["ok", 5] }, "Error in field tags[1]: Input should be a valid string");
  });
  test("object field given a string", async () => {
    await rejects422({ name: "g", price: 1, spec: "heavy" }, "Error in field spec: Input should be a valid object");
  });
  test("object field given an array", async () => {
    await rejects422({ name: "g", price: 1, spec: [1] }, "Error in field spec: Input should be a valid object");
  });
  test("nested property of the wrong type: path f.sub", async () => {
    await rejects422({ name: "g", price: 1, spec: { weight: "heavy" } }, "Error in field spec.weight: Input should be a valid number");
  });
  test("update validates provided fields", async () => {
    const rec = await Gadget.create({ name: "u2", price: 1 });
    await rejectsWith(Gadget.update(rec.id, { count: "x" }), 422, "Error in field count: Input should be a valid integer");
    await rejectsWith(Gadget.update(rec.id, { spec: { color: 3 } }), 422, "Error in field spec.color: Input should be a valid string");
  });
});

describe("accepted values", () => {
  test("null is accepted for optional fields", async () => {
    const rec = await Gadget.create({ name: "nulls", price: 1, count: null, enabled: null, tags: null, spec: null });
    for (const f of ["count", "enabled", "tags", "spec"]) assert.equal(rec[f] ?? null, null, f);
  });
  test("lax coercion: numeric strings for number and integer", async () => {
    const rec = await Gadget.create({ name: "coerce", price: "5.5", count: "7" });
    assert.equal(rec.price, 5.5);
    assert.equal(rec.count, 7);
    const got = await Gadget.get(rec.id);
    assert.equal(got.price, 5.5, "the coerced value is stored");
    assert.equal(got.count, 7);
  });
  test("lax coercion: 'true'/'false' for boolean", async () => {
    const a = await Gadget.create({ name: "b1", price: 1, enabled: "true" });
    const b = await Gadget.create({ name: "b2", price: 1, enabled: "false" });
    assert.equal(a.enabled, true);
    assert.equal(b.enabled, false);
  });
  test("lax coercion: 5.0 is a valid integer", async () => {
    const res = await raw("POST", "/entities/Gadget", { body: '{"name":"float-int","price":1,"count":5.0}', headers: { "Content-Type": "application/json" } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.count, 5);
  });
  test("integers are valid numbers", async () => {
    const rec = await Gadget.create({ name: "int-num", price: 3 });
    assert.equal(rec.price, 3);
  });
  test("numbers are never coerced to strings", async () => {
    await rejects422({ name: "g", price: 1, batch: 12 }, "Error in field batch: Input should be a valid string");
  });
  test("enum is not enforced in default mode", async () => {
    const rec = await Gadget.create({ name: "enum", price: 1, status: "archived" });
    assert.equal(rec.status, "archived");
  });
  test("enum default is applied", async () => {
    const rec = await Gadget.create({ name: "enum-default", price: 1 });
    assert.equal(rec.status, "draft");
  });
  test("unknown nested keys are kept or dropped, never an error", async () => {
    const rec = await Gadget.create({ name: "nested-extra", price: 1, spec: { weight: 2, extra: "x" } });
    assert.equal(rec.spec.weight, 2);
  });
});
