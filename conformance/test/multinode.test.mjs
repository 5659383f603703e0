// Realtime across Homebase nodes (architecture §4, api-contract §17.5): two server processes on one PostgreSQL
// database. The subscriber uses the official client against node B; every write goes to node A (HOMEBASE_URL).
// Events cross through LISTEN/NOTIFY (large ones by reference) and node B applies the subscriber's rules.
// Entity: Relay (fixtures/app/base44/entities/relay.jsonc, same rules as Signal), used by this file only.
// Runs only when ConformanceTest started a second node (PostgreSQL) and set HOMEBASE_NODE_B_URL.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "@base44/sdk";
import {
  collector, APP_ID, TEST_EMAIL, TEST_PASSWORD, SERVICE_TOKEN, serviceClient, sleep, NO_ACCOUNT_OR_SERVICE,
} from "../lib/harness.mjs";

const NODE_B = process.env.HOMEBASE_NODE_B_URL?.replace(/\/+$/, "");
const skip = !NODE_B ? "HOMEBASE_NODE_B_URL not set (a second node runs on PostgreSQL only)" : NO_ACCOUNT_OR_SERVICE;

/** Events on node B; failures list (type, id) of what arrived. */
const nodeBCollector = (entity) => collector(entity, { waitMs: 10000, where: " on node B", describe: (e) => [e.type, e.id] });

describe("realtime across nodes (Relay)", { skip }, () => {
  let adminB, anonB, writer, sub, anonSub;

  before(async () => {
    // The subscriber signs in on node B; node A's tokens and node B's are the same (one database, one key).
    adminB = createClient({ serverUrl: NODE_B, appId: APP_ID });
    const res = await adminB.auth.loginViaEmailPassword(TEST_EMAIL, TEST_PASSWORD);
    adminB.setToken(res.access_token);
    await adminB.auth.updateMe({ team: "red" });
    anonB = createClient({ serverUrl: NODE_B, appId: APP_ID });
    writer = serviceClient().asServiceRole.entities.Relay; // node A
    await writer.deleteMany({});
    sub = nodeBCollector(adminB.entities.Relay);
    anonSub = nodeBCollector(anonB.entities.Relay);
    // The join is asynchronous and unacknowledged: write on A until node B's subscriber hears one.
    for (let i = 0; i < 60; i++) {
      const r = await writer.create({ title: `prime-${i}`, team: "red" });
      await sleep(150);
      if (sub.events.some((e) => e.id === r.id)) return;
    }
    assert.fail("node B's subscription never received an event written on node A");
  });

  after(() => {
    sub?.unsubscribe();
    anonSub?.unsubscribe();
    for (const c of [adminB, anonB]) c?.cleanup();
  });

  test("create, update and delete on node A reach a subscriber on node B in order, field rules applied", async () => {
    sub.events.length = 0;
    const rec = await writer.create({ title: "crossing", team: "red", salary: 7 });
    const created = await sub.until((e) => e.id === rec.id && e.type === "create");
    assert.equal(created.data.title, "crossing");
    assert.ok(!("salary" in created.data), `salary hidden on node B too: ${JSON.stringify(created.data)}`);
    await writer.update(rec.id, { title: "crossed" });
    const updated = await sub.until((e) => e.id === rec.id && e.type === "update");
    assert.equal(updated.data.title, "crossed");
    await writer.delete(rec.id);
    await sub.until((e) => e.id === rec.id && e.type === "delete");
    const mine = sub.events.filter((e) => e.id === rec.id).map((e) => e.type);
    assert.deepEqual(mine, ["create", "update", "delete"], "each event once, in commit order");
  });

  test("a record too large for a NOTIFY payload arrives whole", async () => {
    const big = "z".repeat(30_000); // NOTIFY carries at most 8000 bytes: this one goes by reference
    const rec = await writer.create({ title: big, team: "red" });
    const ev = await sub.until((e) => e.id === rec.id && e.type === "create");
    assert.equal(ev.data.title.length, big.length);
    assert.equal(ev.data.title, big);
    assert.ok(!ev.data._oversize);
  });

  test("node B delivers only what its subscriber may read", async () => {
    const hidden = await writer.create({ title: "blue-only", team: "blue" });
    const marker = await writer.create({ title: "marker", team: "red" });
    await sub.until((e) => e.id === marker.id);
    await sleep(200);
    assert.ok(!sub.events.some((e) => e.id === hidden.id), "a record of another team is not delivered");
    assert.deepEqual(anonSub.events, [], "anonymous subscribers on node B get nothing from a rule-protected entity");
  });

  test("a cursor from list({limit}) on node A continues on node B (cursor keys live in the database)", async () => {
    const batch = `walk-${Date.now()}`;
    await writer.bulkCreate(Array.from({ length: 7 }, (_, i) => ({ title: `${batch}-${i}`, team: batch })));
    const onB = createClient({ serverUrl: NODE_B, appId: APP_ID, serviceToken: SERVICE_TOKEN }).asServiceRole.entities.Relay;
    const first = await writer.filter({ team: batch }, { limit: 3, sort: "title" });
    assert.equal(first.has_more, true);
    const second = await onB.filter({ team: batch }, { limit: 3, sort: "title", cursor: first.next_cursor });
    const third = await writer.filter({ team: batch }, { limit: 3, sort: "title", cursor: second.next_cursor });
    const titles = [...first.items, ...second.items, ...third.items].map((r) => r.title);
    assert.deepEqual(titles, Array.from({ length: 7 }, (_, i) => `${batch}-${i}`));
    assert.equal(third.has_more, false);
  });
});
