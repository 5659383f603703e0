// list(sort, limit, skip, fields) through the official client (api-contract §4.2, §1.3).
// Entity: Note (fixtures/app/base44/entities/note.jsonc), used by this file only.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { client, raw, assertNotServerError, ordered, sleep, ID_RE, TS_RE, INTERNAL_FIELDS } from "../lib/harness.mjs";

const Note = client().entities.Note;

// Created one by one, oldest first, so that created_date order is "n1" < "n2" < ... < "n7".
const SEED = [
  { title: "n1", rank: 5, score: 2.5, body: "alpha" },
  { title: "n2", rank: 3, score: 10, body: "beta" },
  { title: "n3", rank: 7, score: -1, body: "gamma" },
  { title: "n4", rank: 1, score: 100, body: "delta" },
  { title: "n5", rank: 6, body: "epsilon" },
  { title: "n6", rank: 2, score: 9.75, body: "zeta" },
  { title: "n7", rank: 4, score: 0, body: "eta" },
];
const NEWEST_FIRST = ["n7", "n6", "n5", "n4", "n3", "n2", "n1"];
const BY_RANK = ["n4", "n6", "n2", "n7", "n1", "n5", "n3"];

before(async () => {
  await Note.deleteMany({});
  for (const n of SEED) {
    await Note.create(n);
    await sleep(3); // distinct created_date even on a coarse clock
  }
});

describe("list", () => {
  test("returns a bare array, newest first by default", async () => {
    const all = await Note.list();
    assert.ok(Array.isArray(all), "a bare JSON array");
    assert.deepEqual(ordered(all, "title"), NEWEST_FIRST);
    for (const r of all) {
      assert.match(r.id, ID_RE);
      assert.match(r.created_date, TS_RE);
      assert.equal(r.pinned, false, "default applied");
      for (const k of INTERNAL_FIELDS) assert.ok(!(k in r), `internal field ${k} must not be returned`);
    }
  });

  test("entity name is case-insensitive", async () => {
    assert.deepEqual(ordered(await client().entities.note.list(), "title"), NEWEST_FIRST);
    assert.deepEqual(ordered(await client().entities.NOTE.filter({ rank: 5 }), "title"), ["n1"]);
  });

  test("sort by a field, ascending", async () => {
    assert.deepEqual(ordered(await Note.list("rank"), "title"), BY_RANK);
  });

  test("sort by a field, '+' prefix is ascending", async () => {
    assert.deepEqual(ordered(await Note.list("+rank"), "title"), BY_RANK);
  });

  test("sort by a field, '-' prefix is descending", async () => {
    assert.deepEqual(ordered(await Note.list("-rank"), "title"), [...BY_RANK].reverse());
  });

  test("sort by created_date ascending is oldest first", async () => {
    assert.deepEqual(ordered(await Note.list("created_date"), "title"), [...NEWEST_FIRST].reverse());
  });

  test("-created_date equals the default", async () => {
    assert.deepEqual(ordered(await Note.list("-created_date"), "title"), NEWEST_FIRST);
  });

  test("numbers sort numerically, missing values first when ascending", async () => {
    // n5 has no score
    assert.deepEqual(ordered(await Note.list("score"), "title"), ["n5", "n3", "n7", "n1", "n6", "n2", "n4"]);
    assert.deepEqual(ordered(await Note.list("-score"), "title"), ["n4", "n2", "n6", "n1", "n7", "n3", "n5"]);
  });

  test("strings sort by code point", async () => {
    assert.deepEqual(ordered(await Note.list("body"), "body"), ["alpha", "beta", "delta", "epsilon", "eta", "gamma", "zeta"]);
  });

  test("limit", async () => {
    assert.deepEqual(ordered(await Note.list("rank", 3), "title"), BY_RANK.slice(0, 3));
    assert.deepEqual(ordered(await Note.list(undefined, 2), "title"), NEWEST_FIRST.slice(0, 2));
  });

  test("skip", async () => {
    assert.deepEqual(ordered(await Note.list("rank", undefined, 5), "title"), BY_RANK.slice(5));
  });

  test("limit and skip page through the sorted list", async () => {
    const pages = [];
    for (let skip = 0; skip < 7; skip += 3) pages.push(...ordered(await Note.list("-rank", 3, skip), "title"));
    assert.deepEqual(pages, [...BY_RANK].reverse());
  });

  test("skip past the end is an empty array", async () => {
    assert.deepEqual(await Note.list("rank", 10, 100), []);
  });

  test("fields projection (array form) returns the fields plus id", async () => {
    const rows = await Note.list("rank", 2, 0, ["title", "rank"]);
    assert.equal(rows.length, 2);
    for (const r of rows) assert.deepEqual(Object.keys(r).sort(), ["id", "rank", "title"]);
    assert.deepEqual(rows.map((r) => r.title), ["n4", "n6"]);
  });

  test("fields projection (comma string form)", async () => {
    const rows = await Note.list("-rank", 1, 0, "body");
    assert.equal(rows.length, 1);
    assert.deepEqual(Object.keys(rows[0]).sort(), ["body", "id"]);
    assert.equal(rows[0].body, "gamma");
  });

  test("fields projection includes id even when it is listed", async () => {
    const rows = await Note.list("rank", 1, 0, ["id", "title"]);
    assert.deepEqual(Object.keys(rows[0]).sort(), ["id", "title"]);
  });

  test("fields projection with system fields", async () => {
    const rows = await Note.list("rank", 1, 0, ["created_date", "title"]);
    assert.deepEqual(Object.keys(rows[0]).sort(), ["created_date", "id", "title"]);
    assert.match(rows[0].created_date, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
  });

  test("positional misuse list(10) does not error", async () => {
    const rows = await Note.list(10);
    assert.ok(Array.isArray(rows));
    assert.equal(rows.length, 7);
  });

  test("sort by an unknown field does not error", async () => {
    const rows = await Note.list("-no_such_field");
    assert.ok(Array.isArray(rows));
    assert.equal(rows.length, 7);
  });
});

describe("limit and skip out of range (raw HTTP)", () => {
  for (const limit of ["0", "-1", "abc", "1.5", "999999999", "99999999999999999999"]) {
    test(`limit=${limit} is not an error and returns an array`, async () => {
      const res = await raw("GET", `/entities/Note?limit=${encodeURIComponent(limit)}`, { headers: { "Content-Type": "application/json" } });
      assertNotServerError(res);
      assert.equal(res.status, 200, res.text);
      assert.ok(Array.isArray(res.body));
      if (limit !== "0" && limit !== "1.5") assert.equal(res.body.length, 7, "invalid or too large limit means the default (5000)");
    });
  }

  for (const skip of ["-1", "abc"]) {
    test(`skip=${skip} is 200 or a 400 with a message`, async () => {
      const res = await raw("GET", `/entities/Note?skip=${skip}`);
      assertNotServerError(res);
      if (res.status === 200) assert.ok(Array.isArray(res.body));
      else assert.equal(res.status, 400);
    });
  }
});
