// bulkCreate and deleteMany through the official client (api-contract §4.6, §4.9).
// Entity: Widget (fixtures/app/base44/entities/widget.jsonc), used by this file only. Tests run
// sequentially inside a file, and each works on its own `group` value.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { client, raw, rejectsWith, assertErrorBody, ID_RE, TS_RE, keys } from "../lib/harness.mjs";

const Widget = client().entities.Widget;

before(async () => {
  await Widget.deleteMany({});
});

describe("bulkCreate", () => {
  test("creates all records and returns them in input order", async () => {
    const input = Array.from({ length: 25 }, (_, i) => ({ label: `w${String(i).padStart(2, "0")}`, group: "bulk-order", price: i / 2 }));
    const out = await Widget.bulkCreate(input);
    assert.ok(Array.isArray(out));
    assert.equal(out.length, 25);
    out.forEach((rec, i) => {
      assert.equal(rec.label, input[i].label, `element ${i} in input order`);
      assert.equal(rec.price, input[i].price);
      assert.match(rec.id, ID_RE);
      assert.match(rec.created_date, TS_RE);
      assert.equal(rec.created_by, null);
    });
    assert.equal(new Set(out.map((r) => r.id)).size, 25, "distinct ids");
    const stored = await Widget.filter({ group: "bulk-order" });
    assert.equal(stored.length, 25);
  });

  test("responds 201", async () => {
    const res = await raw("POST", "/entities/Widget/bulk", { json: [{ label: "s", group: "bulk-201" }] });
    assert.equal(res.status, 201, res.text);
    assert.ok(Array.isArray(res.body));
    assert.equal(res.body.length, 1);
  });

  test("applies defaults and drops unknown keys per element", async () => {
    const out = await Widget.bulkCreate([
      { label: "d1", group: "bulk-defaults", junk: true },
      { label: "d2", group: "bulk-defaults", size: 7 },
    ]);
    assert.equal(out[0].size, 1);
    assert.ok(!("junk" in out[0]));
    assert.equal(out[1].size, 7);
  });

  test("all or nothing: one invalid element -> 422 and nothing inserted", async () => {
    await rejectsWith(
      Widget.bulkCreate([
        { label: "ok1", group: "bulk-atomic", price: 1 },
        { label: "ok2", group: "bulk-atomic", price: 2 },
        { label: "bad", group: "bulk-atomic", price: "not a number" },
        { label: "ok3", group: "bulk-atomic", price: 3 },
      ]),
      422,
      /price/,
    );
    assert.deepEqual(await Widget.filter({ group: "bulk-atomic" }), [], "no element was inserted");
  });

  test("all or nothing when the first element is invalid", async () => {
    await rejectsWith(
      Widget.bulkCreate([{ label: "bad", group: "bulk-atomic2", size: "huge" }, { label: "ok", group: "bulk-atomic2" }]),
      422,
      /size/,
    );
    assert.deepEqual(await Widget.filter({ group: "bulk-atomic2" }), []);
  });

  test("a non-array body is 400 'Request body must be an array'", async () => {
    await rejectsWith(Widget.bulkCreate({ label: "single", group: "bulk-nonarray" }), 400, "Request body must be an array");
    assert.deepEqual(await Widget.filter({ group: "bulk-nonarray" }), []);
  });

  test("non-array JSON bodies over raw HTTP are 400 with the message", async () => {
    for (const body of ['{"label":"x"}', '"text"', "42", "null", "true"]) {
      const res = await raw("POST", "/entities/Widget/bulk", { body, headers: { "Content-Type": "application/json" } });
      assertErrorBody(res, 400, "Request body must be an array");
    }
  });

  test("an element that is not an object is rejected and nothing is inserted", async () => {
    const res = await raw("POST", "/entities/Widget/bulk", { json: [{ label: "ok", group: "bulk-elem" }, 5] });
    assertErrorBody(res, [400, 422]);
    assert.deepEqual(await Widget.filter({ group: "bulk-elem" }), []);
  });

  test("an empty array creates nothing", async () => {
    const res = await raw("POST", "/entities/Widget/bulk", { json: [] });
    if (res.status < 300) assert.deepEqual(res.body, []);
    else assertErrorBody(res, 400);
  });
});

describe("paging over ties", () => {
  test("records with equal sort values page without duplicates or gaps", async () => {
    const input = Array.from({ length: 10 }, (_, i) => ({ label: `t${i}`, group: "ties", size: 4 }));
    await Widget.bulkCreate(input);
    for (const sort of ["size", "-size", undefined]) {
      const seen = [];
      for (let skip = 0; skip < 12; skip += 3) {
        const page = await Widget.filter({ group: "ties" }, sort, 3, skip);
        seen.push(...page.map((r) => r.label));
      }
      assert.equal(seen.length, 10, `sort ${sort}: ${seen}`);
      assert.equal(new Set(seen).size, 10, `sort ${sort}: no duplicates across pages: ${seen}`);
      const again = await Widget.filter({ group: "ties" }, sort);
      const again2 = await Widget.filter({ group: "ties" }, sort);
      assert.deepEqual(again.map((r) => r.id), again2.map((r) => r.id), "stable order");
    }
  });
});

describe("deleteMany", () => {
  test("deletes the matching records and returns {success, deleted}", async () => {
    await Widget.bulkCreate([
      { label: "a", group: "dm-match", size: 1 },
      { label: "b", group: "dm-match", size: 2 },
      { label: "c", group: "dm-match", size: 3 },
      { label: "keep", group: "dm-keep" },
    ]);
    const res = await Widget.deleteMany({ group: "dm-match", size: { $gte: 2 } });
    assert.deepEqual(res, { success: true, deleted: 2 });
    assert.deepEqual(keys(await Widget.filter({ group: "dm-match" }), "label"), ["a"]);
    assert.equal((await Widget.filter({ group: "dm-keep" })).length, 1, "non-matching records untouched");
  });

  test("no match deletes nothing", async () => {
    const res = await Widget.deleteMany({ group: "no-such-group" });
    assert.deepEqual(res, { success: true, deleted: 0 });
  });

  test("supports operators and logical filters", async () => {
    await Widget.bulkCreate([
      { label: "x1", group: "dm-ops" },
      { label: "x2", group: "dm-ops" },
      { label: "x3", group: "dm-ops" },
    ]);
    const res = await Widget.deleteMany({ $or: [{ label: "x1" }, { label: { $in: ["x3"] } }], group: "dm-ops" });
    assert.equal(res.deleted, 2);
    assert.deepEqual(keys(await Widget.filter({ group: "dm-ops" }), "label"), ["x2"]);
  });

  test("deleted records are gone for get", async () => {
    const [r] = await Widget.bulkCreate([{ label: "gone", group: "dm-get" }]);
    await Widget.deleteMany({ group: "dm-get" });
    await rejectsWith(Widget.get(r.id), 404);
  });

  test("an invalid filter is 400 and deletes nothing", async () => {
    await Widget.bulkCreate([{ label: "safe", group: "dm-invalid" }]);
    await rejectsWith(Widget.deleteMany({ group: { $bogus: 1 } }), 400);
    assert.equal((await Widget.filter({ group: "dm-invalid" })).length, 1);
  });

  test("{} deletes everything", async () => {
    await Widget.bulkCreate([{ label: "e1", group: "dm-all" }, { label: "e2", group: "dm-all" }]);
    const total = (await Widget.list()).length;
    assert.ok(total >= 2);
    const res = await Widget.deleteMany({});
    assert.deepEqual(res, { success: true, deleted: total });
    assert.deepEqual(await Widget.list(), []);
  });

  test("an absent body is treated as {} (matches all)", async () => {
    await Widget.bulkCreate([{ label: "n1", group: "dm-nobody" }, { label: "n2", group: "dm-nobody" }]);
    const res = await raw("DELETE", "/entities/Widget", { headers: { "Content-Type": "application/json" } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { success: true, deleted: 2 });
    assert.deepEqual(await Widget.list(), []);
  });
});
