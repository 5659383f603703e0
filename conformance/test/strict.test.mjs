// Strict validation mode (api-contract §4.19: "strictValidation": true in config.jsonc).
// Runs against a second server serving fixtures/strict (HOMEBASE_STRICT_URL, HOMEBASE_STRICT_APP_ID),
// which the JUnit harness starts next to the main one. Entity: Ticket.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "@base44/sdk";
import { rejectsWith } from "../lib/harness.mjs";

const URL = process.env.HOMEBASE_STRICT_URL;
const APP_ID = process.env.HOMEBASE_STRICT_APP_ID;
const skip = URL && APP_ID ? false : "HOMEBASE_STRICT_URL/HOMEBASE_STRICT_APP_ID not set (no strict-mode server)";
const Ticket = skip ? null : createClient({ serverUrl: URL.replace(/\/+$/, ""), appId: APP_ID }).entities.Ticket;

describe("strict validation", { skip }, () => {
  before(async () => {
    await Ticket.deleteMany({});
  });

  test("valid values are accepted and the enum default applied", async () => {
    const rec = await Ticket.create({
      title: "ok", labels: ["bug"], email: "ann@example.com", due: "2025-02-28", code: "ABC", score: 10,
    });
    assert.equal(rec.status, "todo");
    assert.equal(rec.score, 10);
  });

  test("enum: 'Input should be 'todo', 'doing' or 'done''", async () => {
    await rejectsWith(Ticket.create({ title: "t", status: "archived" }), 422,
      "Error in field status: Input should be 'todo', 'doing' or 'done'");
  });

  test("enum inside array items, with the element path", async () => {
    await rejectsWith(Ticket.create({ title: "t", labels: ["bug", "chore"] }), 422,
      "Error in field labels[1]: Input should be 'bug' or 'feature'");
  });

  test("enum on update", async () => {
    const rec = await Ticket.create({ title: "u" });
    await rejectsWith(Ticket.update(rec.id, { status: "nope" }), 422,
      "Error in field status: Input should be 'todo', 'doing' or 'done'");
    const upd = await Ticket.update(rec.id, { status: "doing" });
    assert.equal(upd.status, "doing");
  });

  test("format: email", async () => {
    await rejectsWith(Ticket.create({ title: "t", email: "not-an-email" }), 422, /^Error in field email: /);
  });

  test("format: date", async () => {
    await rejectsWith(Ticket.create({ title: "t", due: "2025-02-30" }), 422, /^Error in field due: /);
    await rejectsWith(Ticket.create({ title: "t", due: "tomorrow" }), 422, /^Error in field due: /);
  });

  test("minLength and maxLength", async () => {
    await rejectsWith(Ticket.create({ title: "t", code: "A" }), 422, /^Error in field code: /);
    await rejectsWith(Ticket.create({ title: "t", code: "ABCDEF" }), 422, /^Error in field code: /);
  });

  test("pattern", async () => {
    await rejectsWith(Ticket.create({ title: "t", code: "ab" }), 422, /^Error in field code: /);
  });

  test("minimum and maximum", async () => {
    await rejectsWith(Ticket.create({ title: "t", score: -0.5 }), 422, /^Error in field score: /);
    await rejectsWith(Ticket.create({ title: "t", score: 10.5 }), 422, /^Error in field score: /);
  });

  test("null is still accepted for optional fields", async () => {
    const rec = await Ticket.create({ title: "nulls", email: null, code: null, score: null });
    assert.equal(rec.email ?? null, null);
  });

  test("failed creates store nothing", async () => {
    const all = await Ticket.list();
    assert.deepEqual(all.map((r) => r.title).sort(), ["nulls", "ok", "u"]);
  });
});
