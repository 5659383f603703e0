// filter(query, sort, limit, skip, fields) and the filter language (api-contract §4.2, §4.17).
// Entity: CatalogItem (fixtures/app/base44/entities/catalog-item.jsonc), used by this file only.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { client, raw, rejectsWith, assertErrorBody, keys, ordered, sleep } from "../lib/harness.mjs";

const CatalogItem = client().entities.CatalogItem;

// Five records with deliberately different shapes: missing fields, null, empty arrays.
const SEED = [
  {
    name: "alpha", price: 10, qty: 1, active: true, status: "new", nickname: "Al", released: "2024-01-15",
    tags: ["red", "blue"], scores: [90, 75], parts: [{ name: "bolt", qty: 2 }, { name: "nut", qty: 10 }],
    meta: { color: "red", size: 1, owner: { name: "ann" } },
  },
  {
    name: "beta", price: 20.5, qty: 2, active: false, status: "used", released: "2024-03-01",
    tags: ["blue"], scores: [50], parts: [{ name: "bolt", qty: 5 }],
    meta: { color: "blue", size: 2, owner: { name: "bob" } },
  },
  {
    name: "Gamma", price: 30, qty: 3, active: true, status: "new", nickname: null, released: "2024-06-30",
    tags: [], scores: [], parts: [],
    meta: { color: "green", size: 3 },
  },
  {
    name: "delta", price: 100, qty: 0, active: true, status: "refurb", nickname: "Del", released: "2025-01-01",
    tags: ["red", "green", "blue"], scores: [85, 88, 100], parts: [{ name: "washer", qty: 1 }],
    meta: { color: "red", size: 10, owner: { name: "ann" } },
  },
  { name: "epsilon", price: 5, active: false, status: "new" },
];
const ALL = ["Gamma", "alpha", "beta", "delta", "epsilon"]; // sorted by code point
const byName = {};

before(async () => {
  await CatalogItem.deleteMany({});
  for (const r of SEED) {
    const rec = await CatalogItem.create(r);
    byName[rec.name] = rec;
    await sleep(3);
  }
});

/** Asserts that `query` selects exactly the records named in `expected` (order-insensitive). */
async function expectMatch(query, expected) {
  const rows = await CatalogItem.filter(query);
  assert.deepEqual(keys(rows), [...expected].sort(), `filter ${JSON.stringify(query)}`);
}

describe("filter basics", () => {
  test("{} matches everything", async () => expectMatch({}, ALL));
  test("implicit equality", async () => expectMatch({ status: "new" }, ["alpha", "Gamma", "epsilon"]));
  test("several keys are ANDed", async () => expectMatch({ status: "new", active: true }, ["alpha", "Gamma"]));
  test("boolean equality", async () => {
    await expectMatch({ active: true }, ["alpha", "Gamma", "delta"]);
    await expectMatch({ active: false }, ["beta", "epsilon"]);
  });
  test("number equality (integer and decimal)", async () => {
    await expectMatch({ qty: 0 }, ["delta"]);
    await expectMatch({ price: 20.5 }, ["beta"]);
  });
  test("string equality is case-sensitive", async () => {
    await expectMatch({ name: "gamma" }, []);
    await expectMatch({ name: "Gamma" }, ["Gamma"]);
  });
  test("no match is an empty array", async () => expectMatch({ status: "nope" }, []));
  test("a field not in the schema matches nothing", async () => expectMatch({ no_such_field: "x" }, []));
  test("default order is newest first", async () => {
    assert.deepEqual(ordered(await CatalogItem.filter({})), ["epsilon", "delta", "Gamma", "beta", "alpha"]);
  });
  test("system fields are filterable: id", async () => expectMatch({ id: byName.beta.id }, ["beta"]));
  test("system fields are filterable: created_by (null for anonymous)", async () => expectMatch({ created_by: null }, ALL));
  test("system fields are filterable: created_date range", async () => {
    await expectMatch({ created_date: { $gte: byName.Gamma.created_date } }, ["Gamma", "delta", "epsilon"]);
    await expectMatch({ created_date: { $lt: byName.Gamma.created_date } }, ["alpha", "beta"]);
  });
  test("data. prefix is an alias of the bare field", async () => expectMatch({ "data.status": "used" }, ["beta"]));
});

describe("comparison operators", () => {
  test("$eq", async () => expectMatch({ status: { $eq: "new" } }, ["alpha", "Gamma", "epsilon"]));
  test("$ne", async () => expectMatch({ status: { $ne: "new" } }, ["beta", "delta"]));
  test("$ne also matches missing and null (Mongo semantics)", async () =>
    expectMatch({ nickname: { $ne: "Al" } }, ["beta", "Gamma", "delta", "epsilon"]));
  test("$gt is numeric, not lexicographic", async () => expectMatch({ price: { $gt: 20 } }, ["beta", "Gamma", "delta"]));
  test("$gte", async () => expectMatch({ price: { $gte: 20.5 } }, ["beta", "Gamma", "delta"]));
  test("$lt", async () => expectMatch({ price: { $lt: 10 } }, ["epsilon"]));
  test("$lte", async () => expectMatch({ price: { $lte: 10 } }, ["alpha", "epsilon"]));
  test("range with two operators on one field", async () => expectMatch({ price: { $gt: 5, $lt: 30 } }, ["alpha", "beta"]));
  test("comparison never matches a missing field", async () => expectMatch({ qty: { $lt: 100 } }, ["alpha", "beta", "Gamma", "delta"]));
  test("string comparison by code point", async () => expectMatch({ name: { $gte: "b" } }, ["beta", "delta", "epsilon"]));
  test("date strings compare chronologically", async () =>
    expectMatch({ released: { $gte: "2024-03-01", $lt: "2025-01-01" } }, ["beta", "Gamma"]));
  test("$in", async () => expectMatch({ status: { $in: ["used", "refurb"] } }, ["beta", "delta"]));
  test("$in with numbers", async () => expectMatch({ qty: { $in: [0, 3] } }, ["Gamma", "delta"]));
  test("$in with null matches missing", async () => expectMatch({ nickname: { $in: [null, "Al"] } }, ["alpha", "beta", "Gamma", "epsilon"]));
  test("$in on an array field matches any element", async () => expectMatch({ tags: { $in: ["green"] } }, ["delta"]));
  test("$nin", async () => expectMatch({ status: { $nin: ["new"] } }, ["beta", "delta"]));
  test("$nin also matches missing fields", async () => expectMatch({ nickname: { $nin: ["Al", "Del"] } }, ["beta", "Gamma", "epsilon"]));
  test("$in with an empty array matches nothing", async () => expectMatch({ status: { $in: [] } }, []));
  test("$nin with an empty array matches everything", async () => expectMatch({ status: { $nin: [] } }, ALL));
  test("$ne on a boolean also matches missing", async () => expectMatch({ active: { $ne: true } }, ["beta", "epsilon"]));
  test("$exists: true", async () => expectMatch({ meta: { $exists: true } }, ["alpha", "beta", "Gamma", "delta"]));
  test("$exists: false", async () => expectMatch({ released: { $exists: false } }, ["epsilon"]));
  test("$exists on a nested path", async () => expectMatch({ "meta.owner": { $exists: false } }, ["Gamma", "epsilon"]));
});

describe("string operators", () => {
  test("$regex", async () => expectMatch({ name: { $regex: "^[a-d]" } }, ["alpha", "beta", "delta"]));
  test("$regex is case-sensitive by default", async () => expectMatch({ name: { $regex: "^g" } }, []));
  test("$regex with $options: 'i'", async () => expectMatch({ name: { $regex: "^g", $options: "i" } }, ["Gamma"]));
  test("$regex matches anywhere (unanchored)", async () => expectMatch({ name: { $regex: "lt" } }, ["delta"]));
  test("$regex with alternation and escapes", async () => expectMatch({ name: { $regex: "^(beta|eps.*)$" } }, ["beta", "epsilon"]));
  test("$regex inside $not", async () => expectMatch({ name: { $not: { $regex: "a$" } } }, ["epsilon"]));
});

describe("array operators", () => {
  test("equality on an array field matches an element", async () => expectMatch({ tags: "red" }, ["alpha", "delta"]));
  test("equality on a number array", async () => expectMatch({ scores: 100 }, ["delta"]));
  test("$all", async () => expectMatch({ tags: { $all: ["red", "blue"] } }, ["alpha", "delta"]));
  test("$all with one value", async () => expectMatch({ tags: { $all: ["green"] } }, ["delta"]));
  test("$size", async () => {
    await expectMatch({ tags: { $size: 1 } }, ["beta"]);
    await expectMatch({ tags: { $size: 0 } }, ["Gamma"]);
    await expectMatch({ tags: { $size: 3 } }, ["delta"]);
  });
  test("$elemMatch with an operator object: one element must satisfy all", async () =>
    // alpha has 90 (>= 80) and 75 (< 90) but no single element in [80, 90)
    expectMatch({ scores: { $elemMatch: { $gte: 80, $lt: 90 } } }, ["delta"]));
  test("$elemMatch with a sub-filter on objects: one element must satisfy all", async () =>
    // alpha has a bolt (qty 2) and a part with qty 10, but no bolt with qty >= 3
    expectMatch({ parts: { $elemMatch: { name: "bolt", qty: { $gte: 3 } } } }, ["beta"]));
  test("$elemMatch with a single condition", async () => expectMatch({ parts: { $elemMatch: { name: "washer" } } }, ["delta"]));
});

// MongoDB (the hosted platform) applies a dot path through an array to each element ("Query an Array
// of Embedded Documents"); negations mean "no element matches".
describe("dot paths through arrays of objects", () => {
  test("equality matches any element", async () => expectMatch({ "parts.name": "bolt" }, ["alpha", "beta"]));
  test("range on any element", async () => expectMatch({ "parts.qty": { $gte: 5 } }, ["alpha", "beta"]));
  test("conditions may hold on different elements (unlike $elemMatch)", async () => {
    await expectMatch({ "parts.name": "bolt", "parts.qty": 10 }, ["alpha"]);
    await expectMatch({ parts: { $elemMatch: { name: "bolt", qty: 10 } } }, []);
  });
  test("$in, $all and $regex over the elements", async () => {
    await expectMatch({ "parts.name": { $in: ["nut", "washer"] } }, ["alpha", "delta"]);
    await expectMatch({ "parts.name": { $all: ["bolt", "nut"] } }, ["alpha"]);
    await expectMatch({ "parts.name": { $regex: "^w" } }, ["delta"]);
  });
  test("$ne and $nin: no element matches (missing and empty arrays included)", async () => {
    await expectMatch({ "parts.name": { $ne: "bolt" } }, ["Gamma", "delta", "epsilon"]);
    await expectMatch({ "parts.name": { $nin: ["bolt", "washer"] } }, ["Gamma", "epsilon"]);
  });
  test("$exists through an array", async () => {
    await expectMatch({ "parts.name": { $exists: true } }, ["alpha", "beta", "delta"]);
    await expectMatch({ "parts.name": { $exists: false } }, ["Gamma", "epsilon"]);
  });
  test("a number is an array position", async () => expectMatch({ "parts.0.name": "bolt" }, ["alpha", "beta"]));
  test("$or and $nor with paths through arrays", async () => {
    await expectMatch({ $or: [{ "parts.name": "washer" }, { "parts.qty": 5 }] }, ["beta", "delta"]);
    await expectMatch({ $nor: [{ "parts.name": "bolt" }] }, ["Gamma", "delta", "epsilon"]);
  });
  test("sort by a path through an array: least element ascending, greatest descending", async () => {
    // least qty: alpha 2, beta 5, delta 1; greatest: alpha 10, beta 5, delta 1
    assert.deepEqual(ordered(await CatalogItem.filter({ "parts.qty": { $exists: true } }, "parts.qty")), ["delta", "alpha", "beta"]);
    assert.deepEqual(ordered(await CatalogItem.filter({ "parts.qty": { $exists: true } }, "-parts.qty")), ["alpha", "beta", "delta"]);
  });
  test("distinct collects the values of every element", async () => {
    const page = await CatalogItem.list({ distinct: "parts.name" });
    assert.deepEqual(page.items, ["bolt", "nut", "washer"]);
  });
  test("count and the options form agree", async () => {
    const page = await CatalogItem.filter({ "parts.name": "bolt" }, { limit: 1 });
    assert.equal(page.items.length, 1);
    assert.equal(page.has_more, true);
  });
});

describe("$not and logical operators", () => {
  test("$not negates an operator object", async () => expectMatch({ price: { $not: { $gt: 20 } } }, ["alpha", "epsilon"]));
  test("$not matches missing fields", async () => expectMatch({ qty: { $not: { $gte: 1 } } }, ["delta", "epsilon"]));
  test("$and", async () => expectMatch({ $and: [{ status: "new" }, { price: { $gt: 8 } }] }, ["alpha", "Gamma"]));
  test("$or", async () => expectMatch({ $or: [{ status: "used" }, { price: { $gte: 100 } }] }, ["beta", "delta"]));
  test("$nor", async () => expectMatch({ $nor: [{ status: "new" }, { active: true }] }, ["beta"]));
  test("nested logical operators", async () =>
    expectMatch({ $or: [{ $and: [{ status: "new" }, { active: false }] }, { name: "delta" }] }, ["delta", "epsilon"]));
  test("logical operator next to field conditions", async () =>
    expectMatch({ active: true, $or: [{ qty: 0 }, { qty: 3 }] }, ["Gamma", "delta"]));
  test("$or inside $nor inside $and", async () =>
    expectMatch({ $and: [{ $nor: [{ $or: [{ status: "used" }, { status: "refurb" }] }] }, { price: { $lt: 20 } }] }, ["alpha", "epsilon"]));
});

describe("shorthands, null and nested paths", () => {
  test("array shorthand means $in", async () => expectMatch({ status: ["used", "refurb"] }, ["beta", "delta"]));
  test("array shorthand on ids", async () => expectMatch({ id: [byName.alpha.id, byName.delta.id] }, ["alpha", "delta"]));
  test("null matches null or missing", async () => expectMatch({ nickname: null }, ["beta", "Gamma", "epsilon"]));
  test("null on a missing object", async () => expectMatch({ meta: null }, ["epsilon"]));
  test("$eq null matches null or missing", async () => expectMatch({ nickname: { $eq: null } }, ["beta", "Gamma", "epsilon"]));
  test("$ne null matches present values", async () => expectMatch({ nickname: { $ne: null } }, ["alpha", "delta"]));
  test("dot path into a nested object", async () => expectMatch({ "meta.color": "red" }, ["alpha", "delta"]));
  test("dot path with an operator", async () => expectMatch({ "meta.size": { $gt: 2 } }, ["Gamma", "delta"]));
  test("two-level dot path", async () => expectMatch({ "meta.owner.name": "ann" }, ["alpha", "delta"]));
  test("dot path null matches missing", async () => expectMatch({ "meta.owner.name": null }, ["Gamma", "epsilon"]));
});

describe("filter with sort, limit, skip, fields", () => {
  test("sort ascending and descending", async () => {
    assert.deepEqual(ordered(await CatalogItem.filter({ status: "new" }, "price")), ["epsilon", "alpha", "Gamma"]);
    assert.deepEqual(ordered(await CatalogItem.filter({ status: "new" }, "-price")), ["Gamma", "alpha", "epsilon"]);
  });
  test("string sort is by code point (uppercase before lowercase), not locale collation", async () => {
    assert.deepEqual(ordered(await CatalogItem.filter({}, "name")), ["Gamma", "alpha", "beta", "delta", "epsilon"]);
    assert.deepEqual(ordered(await CatalogItem.filter({}, "-name")), ["epsilon", "delta", "beta", "alpha", "Gamma"]);
  });
  test("sort by a boolean field", async () => {
    const rows = ordered(await CatalogItem.filter({}, "active"));
    assert.deepEqual(rows.slice(0, 2).sort(), ["beta", "epsilon"], "false before true");
  });
  test("sort, limit and skip together", async () => {
    assert.deepEqual(ordered(await CatalogItem.filter({}, "price", 2, 1)), ["alpha", "beta"]);
  });
  test("sort by a nested field", async () => {
    assert.deepEqual(ordered(await CatalogItem.filter({ meta: { $exists: true } }, "-meta.size")), ["delta", "Gamma", "beta", "alpha"]);
  });
  test("null and missing sort first ascending", async () => {
    const rows = ordered(await CatalogItem.filter({}, "nickname"));
    assert.deepEqual(rows.slice(0, 3).sort(), ["Gamma", "beta", "epsilon"]);
    assert.deepEqual(rows.slice(3), ["alpha", "delta"]);
  });
  test("fields projection", async () => {
    const rows = await CatalogItem.filter({ status: "new" }, "price", 2, 1, ["name", "meta"]);
    assert.deepEqual(rows.map((r) => Object.keys(r).sort()), [["id", "meta", "name"], ["id", "meta", "name"]]);
    assert.deepEqual(rows.map((r) => r.name), ["alpha", "Gamma"]);
    assert.deepEqual(rows[0].meta, SEED[0].meta);
  });
  test("positional misuse filter({}, 10) does not error", async () => {
    const rows = await CatalogItem.filter({}, 10);
    assert.deepEqual(keys(rows), ALL);
  });
  test("positional misuse filter(query, 2) still filters", async () => {
    const rows = await CatalogItem.filter({ active: false }, 2);
    assert.deepEqual(keys(rows), ["beta", "epsilon"]);
  });
});

describe("invalid filters", () => {
  test("unknown operator is 400", async () => {
    await rejectsWith(CatalogItem.filter({ price: { $foo: 1 } }), 400);
  });
  test("unknown top-level operator is 400", async () => {
    await rejectsWith(CatalogItem.filter({ $xor: [{ price: 1 }] }), 400);
  });
  test("$in with a non-array is 400", async () => {
    await rejectsWith(CatalogItem.filter({ status: { $in: "new" } }), 400);
  });
  test("$and with a non-array is 400", async () => {
    await rejectsWith(CatalogItem.filter({ $and: { status: "new" } }), 400);
  });
  test("invalid regex is 400", async () => {
    await rejectsWith(CatalogItem.filter({ name: { $regex: "(" } }), 400);
  });
  test("$size with a non-integer is 400", async () => {
    await rejectsWith(CatalogItem.filter({ tags: { $size: "two" } }), 400);
  });
  test("malformed JSON in q is 400 \"Invalid query parameter 'q'\"", async () => {
    const res = await raw("GET", `/entities/CatalogItem?q=${encodeURIComponent('{"name": ')}`);
    assertErrorBody(res, 400, "Invalid query parameter 'q'");
  });
  for (const q of ['"text"', "[1,2]", "42", "true"]) {
    test(`q that is not an object (${q}) is 400`, async () => {
      const res = await raw("GET", `/entities/CatalogItem?q=${encodeURIComponent(q)}`);
      assertErrorBody(res, 400);
    });
  }
  test("q=null means no filter or is 400", async () => {
    const res = await raw("GET", `/entities/CatalogItem?q=null`);
    if (res.status === 200) assert.deepEqual(keys(res.body), ALL);
    else assertErrorBody(res, 400);
  });
  test("'+' in q: the client's %2B is a plus, a bare '+' decodes as a space", async () => {
    // axios sends a literal plus as %2B and a space as '+'
    await expectMatch({ name: { $regex: "^alp+ha$" } }, ["alpha"]);
    const spaced = await raw("GET", `/entities/CatalogItem?q=%7B%22name%22:%7B%22$regex%22:%22%5Ealp+ha$%22%7D%7D`);
    assert.equal(spaced.status, 200, spaced.text);
    assert.deepEqual(spaced.body, [], "'+' is a space, so the pattern is '^alp ha$'");
    const plus = await raw("GET", `/entities/CatalogItem?q=%7B%22name%22:%7B%22$regex%22:%22%5Ealp%2Bha$%22%7D%7D`);
    assert.equal(plus.status, 200, plus.text);
    assert.deepEqual(keys(plus.body), ["alpha"]);
  });
  test("deeply nested q is 400, not a server error", async () => {
    let q = { name: "alpha" };
    for (let i = 0; i < 150; i++) q = { $or: [q] }; // ~4 KB of URL, well under header limits
    const res = await raw("GET", `/entities/CatalogItem?q=${encodeURIComponent(JSON.stringify(q))}`);
    assertErrorBody(res, 400);
  });
  test("moderately nested q (10 levels) works", async () => {
    let q = { name: "alpha" };
    for (let i = 0; i < 10; i++) q = i % 2 ? { $or: [q] } : { $and: [q] };
    await expectMatch(q, ["alpha"]);
  });
});
