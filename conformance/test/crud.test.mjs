// create / get / update / delete through the official client (api-contract §4.1, §4.4, §4.5, §4.7, §4.8).
// Entity: Product (fixtures/app/base44/entities/product.jsonc), used by this file only.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import {
  client, raw, rejectsWith, ID_RE, TS_RE, SYSTEM_FIELDS, INTERNAL_FIELDS, sleep, tsMillis,
  NO_ACCOUNT, TEST_EMAIL, signedInClient,
} from "../lib/harness.mjs";

const base44 = client();
const Product = base44.entities.Product;
const PRODUCT_FIELDS = ["name", "price", "quantity", "in_stock", "category", "tags", "dimensions",
  "release_date", "sku", "notes"];

function assertRecordShape(rec) {
  assert.equal(typeof rec, "object");
  assert.match(rec.id, ID_RE, "id is 24 lowercase hex");
  assert.match(rec.created_date, TS_RE, "created_date is naive UTC with microseconds");
  assert.match(rec.updated_date, TS_RE, "updated_date is naive UTC with microseconds");
  assert.ok("created_by" in rec, "created_by is present");
  assert.ok("created_by_id" in rec, "created_by_id is present");
  for (const k of INTERNAL_FIELDS) assert.ok(!(k in rec), `internal field ${k} must not be returned`);
  const allowed = new Set([...SYSTEM_FIELDS, "is_sample", ...PRODUCT_FIELDS]);
  for (const k of Object.keys(rec)) assert.ok(allowed.has(k), `unexpected key ${k} in ${JSON.stringify(rec)}`);
}

before(async () => {
  await Product.deleteMany({});
});

describe("create", () => {
  test("returns the stored record with system fields", async () => {
    const t0 = Date.now();
    const rec = await Product.create({
      name: "Hammer",
      price: 12.5,
      quantity: 3,
      in_stock: false,
      category: "tools",
      tags: ["steel", "hand tool"],
      dimensions: { width: 2.5, height: 30, unit: "cm" },
      release_date: "2024-02-29",
      sku: "crud-create",
    });
    assertRecordShape(rec);
    assert.equal(rec.name, "Hammer");
    assert.equal(rec.price, 12.5);
    assert.equal(rec.quantity, 3);
    assert.equal(rec.in_stock, false);
    assert.equal(rec.category, "tools");
    assert.deepEqual(rec.tags, ["steel", "hand tool"]);
    assert.deepEqual(rec.dimensions, { width: 2.5, height: 30, unit: "cm" });
    assert.equal(rec.release_date, "2024-02-29");
    assert.equal(rec.created_date, rec.updated_date, "created_date == updated_date on create");
    const created = tsMillis(rec.created_date);
    assert.ok(Math.abs(created - t0) < 120_000, `created_date ${rec.created_date} is UTC now (test clock ${new Date(t0).toISOString()})`);
  });

  test("anonymous caller: created_by and created_by_id are null", async () => {
    const rec = await Product.create({ name: "Anon", price: 1, sku: "crud-anon" });
    assert.equal(rec.created_by, null);
    assert.equal(rec.created_by_id, null);
  });

  test("signed-in caller: created_by is the email and created_by_id the user id", { skip: NO_ACCOUNT }, async () => {
    const { client: signedIn } = await signedInClient();
    const me = await signedIn.auth.me();
    assert.equal(me.email, TEST_EMAIL);
    const rec = await signedIn.entities.Product.create({ name: "Owned", price: 1, sku: "crud-owned" });
    assertRecordShape(rec);
    assert.equal(rec.created_by, TEST_EMAIL);
    assert.equal(rec.created_by_id, me.id);
    const got = await Product.get(rec.id);
    assert.equal(got.created_by, TEST_EMAIL, "stored, visible to anonymous callers too (no RLS)");
    const upd = await Product.update(rec.id, { price: 2, created_by: "mallory@example.com", created_by_id: "x" });
    assert.equal(upd.created_by, TEST_EMAIL, "created_by cannot be changed by update");
    assert.equal(upd.created_by_id, me.id);
    assert.deepEqual((await Product.filter({ created_by: TEST_EMAIL })).map((r) => r.id), [rec.id]);
  });

  test("responds 201", async () => {
    const res = await raw("POST", "/entities/Product", { json: { name: "Status", price: 1, sku: "crud-201" } });
    assert.equal(res.status, 201, res.text);
    assert.match(res.body.id, ID_RE);
  });

  test("applies schema defaults for absent fields", async () => {
    const rec = await Product.create({ name: "Defaults", price: 2, sku: "crud-defaults" });
    assert.equal(rec.quantity, 0);
    assert.equal(rec.in_stock, true);
    assert.equal(rec.category, "general");
    assert.ok(!("tags" in rec) || rec.tags === null, "no default for tags");
  });

  test("explicit values win over defaults, including falsy ones", async () => {
    const rec = await Product.create({ name: "Falsy", price: 0, quantity: 0, in_stock: false, category: "toys", sku: "crud-falsy" });
    assert.equal(rec.price, 0);
    assert.equal(rec.quantity, 0);
    assert.equal(rec.in_stock, false);
    assert.equal(rec.category, "toys");
  });

  test("drops unknown keys and client-supplied system fields", async () => {
    const rec = await Product.create({
      name: "Dropper",
      price: 3,
      sku: "crud-drop",
      color: "red",
      _id: "abc",
      id: "ffffffffffffffffffffffff",
      created_date: "2000-01-01T00:00:00.000000",
      updated_date: "2000-01-01T00:00:00.000000",
      created_by: "mallory@example.com",
      created_by_id: "mallory",
      is_deleted: true,
      app_id: "other-app",
    });
    assertRecordShape(rec);
    assert.ok(!("color" in rec), "unknown key dropped");
    assert.notEqual(rec.id, "ffffffffffffffffffffffff", "client id ignored");
    assert.notEqual(rec.created_date, "2000-01-01T00:00:00.000000");
    assert.notEqual(rec.updated_date, "2000-01-01T00:00:00.000000");
    assert.equal(rec.created_by, null);
    assert.equal(rec.created_by_id, null);
    const fetched = await Product.get(rec.id);
    assert.ok(!("color" in fetched), "unknown key not stored");
  });

  test("round-trips unicode, empty strings, large integers and decimals", async () => {
    const rec = await Product.create({
      name: "héllo ✓ 日本語 🚀 \"quoted\" \\ back",
      price: 0.1 + 0.2,
      quantity: 9007199254740991,
      sku: "",
      notes: "line1\nline2\ttab",
    });
    const got = await Product.get(rec.id);
    assert.equal(got.name, "héllo ✓ 日本語 🚀 \"quoted\" \\ back");
    assert.equal(got.price, 0.1 + 0.2);
    assert.equal(got.quantity, 9007199254740991);
    assert.equal(got.sku, "");
    assert.equal(got.notes, "line1\nline2\ttab");
  });

  test("ids are unique", async () => {
    const a = await Product.create({ name: "U1", price: 1, sku: "crud-uniq" });
    const b = await Product.create({ name: "U2", price: 1, sku: "crud-uniq" });
    assert.notEqual(a.id, b.id);
  });
});

describe("get", () => {
  test("returns the same record as create", async () => {
    const rec = await Product.create({ name: "Getter", price: 4, tags: ["a"], dimensions: { width: 1 }, sku: "crud-get" });
    const got = await Product.get(rec.id);
    assert.deepEqual(got, rec);
  });

  test("unknown id (well-formed) is 404 with a message", async () => {
    // §4.4 names 'Record with id "<id>" not found' for missing records and 'Entity <E> with ID <id> not found'
    // for RLS-hidden ones; one message for both (no existence leak) is accepted.
    const id = "0123456789abcdef01234567";
    await rejectsWith(Product.get(id), 404, new RegExp(`^(Record with id "${id}" not found|Entity Product with ID ${id} not found)$`));
  });

  test("unknown id (not hex) is 404 with a message", async () => {
    await rejectsWith(Product.get("no-such-record"), 404);
  });

  test("entity names are case-insensitive in the path", async () => {
    const rec = await Product.create({ name: "Cased", price: 5, sku: "crud-case" });
    const lower = await base44.entities.product.get(rec.id);
    assert.deepEqual(lower, rec);
    const upper = await base44.entities.PRODUCT.get(rec.id);
    assert.deepEqual(upper, rec);
    const created = await base44.entities.pRoDuCt.create({ name: "ViaMixedCase", price: 6, sku: "crud-case" });
    assert.match(created.id, ID_RE);
    const listed = await Product.filter({ sku: "crud-case" });
    assert.equal(listed.length, 2);
  });
});

describe("update", () => {
  test("partial update merges top-level keys and bumps updated_date", async () => {
    const rec = await Product.create({ name: "Before", price: 10, quantity: 5, tags: ["x"], sku: "crud-upd" });
    await sleep(15);
    const upd = await Product.update(rec.id, { price: 11.25 });
    assertRecordShape(upd);
    assert.equal(upd.id, rec.id);
    assert.equal(upd.price, 11.25);
    assert.equal(upd.name, "Before", "absent keys untouched");
    assert.equal(upd.quantity, 5);
    assert.deepEqual(upd.tags, ["x"]);
    assert.equal(upd.created_date, rec.created_date, "created_date unchanged");
    assert.ok(upd.updated_date > rec.updated_date, `updated_date moves forward (${rec.updated_date} -> ${upd.updated_date})`);
    const got = await Product.get(rec.id);
    assert.deepEqual(got, upd, "get returns the updated record");
  });

  test("a nested object value replaces the whole nested object (shallow merge)", async () => {
    const rec = await Product.create({ name: "Nested", price: 1, dimensions: { width: 1, height: 2, unit: "m" }, sku: "crud-nested" });
    const upd = await Product.update(rec.id, { dimensions: { width: 5 } });
    assert.deepEqual(upd.dimensions, { width: 5 });
  });

  test("arrays are replaced, not appended", async () => {
    const rec = await Product.create({ name: "Arr", price: 1, tags: ["a", "b"], sku: "crud-arr" });
    const upd = await Product.update(rec.id, { tags: ["c"] });
    assert.deepEqual(upd.tags, ["c"]);
  });

  test("null clears an optional field", async () => {
    const rec = await Product.create({ name: "Clear", price: 1, notes: "something", sku: "crud-clear" });
    const upd = await Product.update(rec.id, { notes: null });
    assert.equal(upd.notes ?? null, null);
  });

  test("ignores id, created_date and unknown keys in the body", async () => {
    const rec = await Product.create({ name: "Fixed", price: 1, sku: "crud-fixed" });
    const upd = await Product.update(rec.id, {
      id: "ffffffffffffffffffffffff",
      created_date: "2000-01-01T00:00:00.000000",
      bogus: 1,
      name: "Fixed2",
    });
    assert.equal(upd.id, rec.id);
    assert.equal(upd.created_date, rec.created_date);
    assert.ok(!("bogus" in upd));
    assert.equal(upd.name, "Fixed2");
  });

  test("does not re-check required fields or re-apply defaults", async () => {
    const rec = await Product.create({ name: "Req", price: 1, category: "toys", sku: "crud-req" });
    const upd = await Product.update(rec.id, { quantity: 9 });
    assert.equal(upd.quantity, 9);
    assert.equal(upd.category, "toys");
  });

  test("empty body is a no-op that still returns the record", async () => {
    const rec = await Product.create({ name: "Noop", price: 1, sku: "crud-noop" });
    const upd = await Product.update(rec.id, {});
    assert.equal(upd.id, rec.id);
    assert.equal(upd.name, "Noop");
  });

  test("invalid type is 422 with the field message", async () => {
    const rec = await Product.create({ name: "Bad", price: 1, sku: "crud-bad" });
    await rejectsWith(Product.update(rec.id, { price: "not a number" }), 422, "Error in field price: Input should be a valid number");
    const got = await Product.get(rec.id);
    assert.equal(got.price, 1, "failed update changed nothing");
  });

  test("unknown id is 404", async () => {
    await rejectsWith(Product.update("0123456789abcdef01234567", { price: 1 }), 404);
  });
});

describe("delete", () => {
  test("deletes one record and returns {success: true}", async () => {
    const rec = await Product.create({ name: "Doomed", price: 1, sku: "crud-del" });
    const keep = await Product.create({ name: "Kept", price: 1, sku: "crud-del" });
    const res = await Product.delete(rec.id);
    assert.equal(res.success, true);
    await rejectsWith(Product.get(rec.id), 404);
    const left = await Product.filter({ sku: "crud-del" });
    assert.deepEqual(left.map((r) => r.id), [keep.id]);
  });

  test("deleting twice is 404 the second time", async () => {
    const rec = await Product.create({ name: "Twice", price: 1, sku: "crud-del2" });
    await Product.delete(rec.id);
    await rejectsWith(Product.delete(rec.id), 404);
  });

  test("unknown id is 404", async () => {
    await rejectsWith(Product.delete("0123456789abcdef01234567"), 404);
  });

  test("a deleted record cannot be updated and is not listed", async () => {
    const rec = await Product.create({ name: "Gone", price: 1, sku: "crud-gone" });
    await Product.delete(rec.id);
    await rejectsWith(Product.update(rec.id, { price: 2 }), 404);
    assert.deepEqual(await Product.filter({ sku: "crud-gone" }), []);
    assert.deepEqual(await Product.filter({ id: rec.id }), []);
  });
});
