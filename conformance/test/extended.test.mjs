// Extended entity endpoints through the official client (api-contract §4.3 cursor pages and
// distinct, §4.10 bulkUpdate, §4.11 updateMany, §4.12 count, §4.13 aggregate, §4.14 upsert,
// §4.15 importEntities). Entity: Ledger (fixtures/app/base44/entities/ledger.jsonc, open rules),
// used by this file only. Tests run sequentially; each works on its own `batch` value.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { client, rejectsWith, ID_RE, keys } from "../lib/harness.mjs";

const Ledger = client().entities.Ledger;

before(async () => {
  await Ledger.deleteMany({});
});

const pad = (i) => String(i).padStart(3, "0");

/** Walks a cursor walk to the end: first page from `first()`, then only cursor + limit. */
async function walk(first, next) {
  const pages = [];
  let page = await first();
  pages.push(page);
  while (page.has_more) {
    assert.equal(typeof page.next_cursor, "string", "has_more implies a next_cursor");
    page = await next(page.next_cursor);
    pages.push(page);
    assert.ok(pages.length < 100, "the walk must end");
  }
  assert.equal(page.next_cursor, null, "last page: next_cursor null");
  assert.equal(page.has_more, false);
  return pages;
}

describe("cursor pages (list/filter with options)", () => {
  let created;
  before(async () => {
    created = await Ledger.bulkCreate(Array.from({ length: 23 }, (_, i) => ({
      name: `c${pad(i)}`, batch: "cursor", category: ["a", "b", "c"][i % 3], amount: i % 5,
      tags: i % 2 ? ["odd", `t${i % 4}`] : ["even"],
    })));
  });

  test("list({limit}) returns a page object, not an array", async () => {
    const page = await Ledger.list({ limit: 5 });
    assert.ok(!Array.isArray(page));
    assert.ok(Array.isArray(page.items));
    assert.equal(page.items.length, 5);
    assert.equal(page.has_more, true);
    assert.equal(typeof page.next_cursor, "string");
  });

  test("filter(q, {limit, sort}) walked to the end yields every record once, in order", async () => {
    const q = { batch: "cursor" };
    const pages = await walk(
      () => Ledger.filter(q, { limit: 5, sort: "name" }),
      (cursor) => Ledger.filter(q, { limit: 5, cursor }),
    );
    assert.equal(pages.length, 5);
    const names = pages.flatMap((p) => p.items.map((r) => r.name));
    assert.deepEqual(names, created.map((r) => r.name), "ascending by name, each once");
  });

  test("list({limit, sort: '-amount'}) walk: keyset over ties, no record twice or lost", async () => {
    const pages = await walk(
      () => Ledger.list({ limit: 4, sort: "-amount" }),
      (cursor) => Ledger.list({ limit: 4, cursor }),
    );
    const items = pages.flatMap((p) => p.items).filter((r) => r.batch === "cursor");
    assert.equal(items.length, 23);
    assert.equal(new Set(items.map((r) => r.id)).size, 23);
    const amounts = items.map((r) => r.amount);
    assert.deepEqual(amounts, [...amounts].sort((a, b) => b - a), "descending amount");
  });

  test("deleting a record between pages does not shift the walk", async () => {
    const q = { batch: "cursor" };
    const first = await Ledger.filter(q, { limit: 10, sort: "name" });
    await Ledger.delete(first.items[9].id);
    const rest = await walk(() => Ledger.filter(q, { limit: 10, cursor: first.next_cursor }),
      (cursor) => Ledger.filter(q, { limit: 10, cursor }));
    const names = [...first.items, ...rest.flatMap((p) => p.items)].map((r) => r.name);
    assert.deepEqual(names, created.map((r) => r.name));
    const back = await Ledger.create({ ...first.items[9], id: undefined });
    assert.equal(back.name, first.items[9].name);
  });

  test("fields projection applies to every page", async () => {
    const pages = await walk(
      () => Ledger.filter({ batch: "cursor" }, { limit: 10, fields: ["name"] }),
      (cursor) => Ledger.filter({ batch: "cursor" }, { limit: 10, cursor }),
    );
    for (const r of pages.flatMap((p) => p.items)) {
      assert.equal(typeof r.name, "string");
      assert.ok(!("amount" in r), JSON.stringify(r));
    }
  });

  test("distinct: ascending values among matching records; arrays contribute elements", async () => {
    const cats = await Ledger.filter({ batch: "cursor" }, { distinct: "category" });
    assert.deepEqual(cats.items, ["a", "b", "c"]);
    assert.equal(cats.has_more, false);
    const tags = await Ledger.filter({ batch: "cursor" }, { distinct: "tags" });
    assert.deepEqual(tags.items, ["even", "odd", "t1", "t3"]);
  });

  test("distinct walked in pages", async () => {
    const pages = await walk(
      () => Ledger.filter({ batch: "cursor" }, { distinct: "name", limit: 10 }),
      (cursor) => Ledger.filter({ batch: "cursor" }, { distinct: "name", limit: 10, cursor }),
    );
    assert.deepEqual(pages.flatMap((p) => p.items), created.map((r) => r.name));
  });

  test("a cursor resent with a different sort -> 400 invalid_cursor", async () => {
    const first = await Ledger.filter({ batch: "cursor" }, { limit: 5, sort: "name" });
    const err = await rejectsWith(Ledger.filter({ batch: "cursor" }, { limit: 5, sort: "-name", cursor: first.next_cursor }), 400);
    assert.equal(err.data.error?.code, "invalid_cursor");
  });

  test("count with and without a query", async () => {
    assert.equal(await Ledger.count({ batch: "cursor" }), 23);
    assert.equal(await Ledger.count({ batch: "cursor", category: "a" }), 8);
    assert.equal(await Ledger.count({ batch: "cursor", amount: { $gte: 3 } }), 8);
    assert.ok((await Ledger.count()) >= 23);
    assert.equal(await Ledger.count({ batch: "none" }), 0);
  });
});

describe("aggregate", () => {
  before(async () => {
    await Ledger.bulkCreate([
      { name: "g1", batch: "agg", category: "x", amount: 10, qty: 1 },
      { name: "g2", batch: "agg", category: "x", amount: 30, qty: 2 },
      { name: "g3", batch: "agg", category: "y", amount: 5, qty: 3 },
      { name: "g4", batch: "agg", category: "y", amount: 7 },
      { name: "g5", batch: "agg", category: "z", amount: 100, qty: 1 },
    ]);
  });

  test("one total row by default", async () => {
    const res = await Ledger.aggregate({ query: { batch: "agg" } });
    assert.deepEqual(res, { rows: [{ count: 5 }], truncated: false });
  });

  test("groupBy with sum/avg/min/max/countDistinct, sorted", async () => {
    const res = await Ledger.aggregate({
      query: { batch: "agg" }, groupBy: "category", sum: "amount", avg: "amount", min: "amount", max: "amount",
      countDistinct: "qty", sort: "-sum_amount",
    });
    assert.equal(res.truncated, false);
    assert.deepEqual(res.rows.map((r) => r.category), ["z", "x", "y"]);
    const x = res.rows.find((r) => r.category === "x");
    assert.equal(x.count, 2);
    assert.equal(x.sum_amount, 40);
    assert.equal(x.avg_amount, 20);
    assert.equal(x.min_amount, 10);
    assert.equal(x.max_amount, 30);
    assert.equal(x.count_distinct_qty, 2);
  });

  test("having and limit", async () => {
    const res = await Ledger.aggregate({ query: { batch: "agg" }, groupBy: "category", having: { count: { $gt: 1 } }, sort: "category" });
    assert.deepEqual(res.rows.map((r) => [r.category, r.count]), [["x", 2], ["y", 2]]);
    const lim = await Ledger.aggregate({ query: { batch: "agg" }, groupBy: "category", sort: "category", limit: 2 });
    assert.equal(lim.rows.length, 2);
    assert.equal(lim.truncated, true);
  });

  test("dateBucket on created_date by day", async () => {
    const res = await Ledger.aggregate({ query: { batch: "agg" }, dateBucket: { field: "created_date", unit: "day" } });
    assert.equal(res.rows.length, 1);
    assert.match(res.rows[0].created_date, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(res.rows[0].count, 5);
  });

  test("an invalid spec -> 400 with the coded envelope", async () => {
    const err = await rejectsWith(Ledger.aggregate({ groupBy: ["a", "b", "c", "d", "e"] }), 400);
    assert.equal(err.data.error?.code, "invalid_aggregate");
  });
});

describe("updateMany", () => {
  before(async () => {
    await Ledger.bulkCreate(Array.from({ length: 6 }, (_, i) => ({
      name: `u${i}`, batch: "um", category: i < 4 ? "hit" : "miss", amount: i, tags: ["t"],
    })));
  });

  test("$set/$inc/$push on the matching records; {success, updated, has_more}", async () => {
    const res = await Ledger.updateMany({ batch: "um", category: "hit" }, { $set: { active: true }, $inc: { amount: 10 }, $push: { tags: "new" } });
    assert.deepEqual(res, { success: true, updated: 4, has_more: false });
    const rows = await Ledger.filter({ batch: "um" }, "name");
    assert.deepEqual(rows.map((r) => r.amount), [10, 11, 12, 13, 4, 5]);
    assert.deepEqual(rows.map((r) => r.active ?? null), [true, true, true, true, null, null]);
    assert.deepEqual(rows[0].tags, ["t", "new"]);
    assert.deepEqual(rows[5].tags, ["t"]);
  });

  test("$unset and $mul", async () => {
    const res = await Ledger.updateMany({ batch: "um", category: "miss" }, { $unset: { tags: "" }, $mul: { amount: 3 } });
    assert.equal(res.updated, 2);
    const rows = await Ledger.filter({ batch: "um", category: "miss" }, "name");
    assert.deepEqual(rows.map((r) => r.amount), [12, 15]);
    for (const r of rows) assert.ok(r.tags == null, JSON.stringify(r));
  });

  test("no match -> updated 0", async () => {
    assert.deepEqual(await Ledger.updateMany({ batch: "nothing" }, { $set: { active: false } }), { success: true, updated: 0, has_more: false });
  });

  test("data without an operator, or a field in two operators -> 400", async () => {
    await rejectsWith(Ledger.updateMany({ batch: "um" }, { amount: 1 }), 400);
    await rejectsWith(Ledger.updateMany({ batch: "um" }, { $set: { amount: 1 }, $inc: { amount: 1 } }), 400);
  });

  test("a result that fails validation -> 422, nothing changed", async () => {
    await rejectsWith(Ledger.updateMany({ batch: "um" }, { $set: { amount: "not a number" } }), 422);
    assert.equal(await Ledger.count({ batch: "um", amount: "not a number" }), 0);
  });
});

describe("bulkUpdate", () => {
  let recs;
  before(async () => {
    recs = await Ledger.bulkCreate([1, 2, 3].map((i) => ({ name: `b${i}`, batch: "bu", amount: i, category: "keep" })));
  });

  test("updates each record with its own data, merges, returns them in input order", async () => {
    const out = await Ledger.bulkUpdate([
      { id: recs[2].id, amount: 30 },
      { id: recs[0].id, amount: 10, name: "b1x" },
    ]);
    assert.deepEqual(out.map((r) => r.id), [recs[2].id, recs[0].id]);
    assert.deepEqual(out.map((r) => r.amount), [30, 10]);
    assert.equal(out[1].name, "b1x");
    assert.equal(out[0].category, "keep", "absent keys untouched");
    assert.equal((await Ledger.get(recs[1].id)).amount, 2);
  });

  test("an unknown id -> 404, nothing updated (all or nothing)", async () => {
    await rejectsWith(Ledger.bulkUpdate([{ id: recs[1].id, amount: 99 }, { id: "000000000000000000000000", amount: 1 }]), 404);
    assert.equal((await Ledger.get(recs[1].id)).amount, 2);
  });

  test("an invalid item -> 422, nothing updated", async () => {
    await rejectsWith(Ledger.bulkUpdate([{ id: recs[1].id, amount: 98 }, { id: recs[0].id, amount: "x" }]), 422);
    assert.equal((await Ledger.get(recs[1].id)).amount, 2);
  });
});

describe("upsert", () => {
  test("creates missing and updates existing by key; {created, updated, records}", async () => {
    const first = await Ledger.upsert([{ name: "k1", batch: "up", amount: 1 }, { name: "k2", batch: "up", amount: 2 }], { key: "name" });
    assert.equal(first.created, 2);
    assert.equal(first.updated, 0);
    assert.equal(first.records.length, 2);
    for (const r of first.records) assert.match(r.id, ID_RE);
    const second = await Ledger.upsert([{ name: "k2", batch: "up", amount: 20 }, { name: "k3", batch: "up", amount: 3 }], { key: "name" });
    assert.equal(second.created, 1);
    assert.equal(second.updated, 1);
    const k2 = second.records.find((r) => r.name === "k2");
    assert.equal(k2.id, first.records.find((r) => r.name === "k2").id, "same record updated");
    assert.equal(k2.amount, 20);
    assert.deepEqual(keys(await Ledger.filter({ batch: "up" })), ["k1", "k2", "k3"]);
  });

  test("compound key; the last of duplicates wins", async () => {
    const res = await Ledger.upsert([
      { name: "c", category: "p", batch: "up2", amount: 1 },
      { name: "c", category: "q", batch: "up2", amount: 2 },
      { name: "c", category: "p", batch: "up2", amount: 3 },
    ], { key: ["name", "category"] });
    const rows = await Ledger.filter({ batch: "up2" }, "category");
    assert.deepEqual(rows.map((r) => [r.category, r.amount]), [["p", 3], ["q", 2]]);
    assert.equal(res.created + res.updated >= 2, true);
  });

  test("a record without its key field -> 400 or 422", async () => {
    let err;
    try { await Ledger.upsert([{ batch: "up3", amount: 1 }], { key: "name" }); } catch (e) { err = e; }
    assert.ok(err && [400, 422].includes(err.status), `expected 400/422, got ${err?.status}`);
    assert.equal(await Ledger.count({ batch: "up3" }), 0);
  });
});

describe("importEntities", () => {
  test("a CSV file: header row, cells coerced to schema types", async () => {
    const csv = "name,batch,amount,qty,active\ni1,imp,1.5,2,true\ni2,imp,3,4,false\n";
    const file = new File([csv], "ledger.csv", { type: "text/csv" });
    const res = await Ledger.importEntities(file);
    assert.equal(res.status, "success", JSON.stringify(res));
    assert.equal(res.output.length, 2);
    const rows = await Ledger.filter({ batch: "imp" }, "name");
    assert.deepEqual(rows.map((r) => [r.name, r.amount, r.qty, r.active]), [["i1", 1.5, 2, true], ["i2", 3, 4, false]]);
  });

  test("a JSON array file", async () => {
    const file = new File([JSON.stringify([{ name: "j1", batch: "impj", amount: 7 }])], "ledger.json", { type: "application/json" });
    const res = await Ledger.importEntities(file);
    assert.equal(res.status, "success", JSON.stringify(res));
    assert.equal((await Ledger.filter({ batch: "impj" }))[0].amount, 7);
  });

  test("a bad cell -> 200 {status: error, output: null}, nothing imported", async () => {
    const file = new File(["name,batch,amount\nz1,impbad,1\nz2,impbad,notanumber\n"], "bad.csv", { type: "text/csv" });
    const res = await Ledger.importEntities(file);
    assert.equal(res.status, "error");
    assert.equal(typeof res.details, "string");
    assert.equal(res.output, null);
    assert.equal(await Ledger.count({ batch: "impbad" }), 0);
  });
});
