// Realtime through the official client (api-contract §17, delivery rules §17.5, side effects §4.16):
// entities.X.subscribe over Socket.IO receives create/update/delete for records the subscriber may
// read (with field rules applied), nothing for hidden ones, and nothing after unsubscribe.
// Entity: Signal (fixtures/app/base44/entities/signal.jsonc, same rules as Dossier: read = owner or
// same team, "salary" only for role hr), used by this file only. The subscriber is the bootstrap
// admin (team "red"); the writer is the service role.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "@base44/sdk";
import { collector, client, SERVER_URL, APP_ID, signedInClient, serviceClient, userClient, sleep, NO_ACCOUNT_OR_SERVICE, NO_USER } from "../lib/harness.mjs";

const skip = NO_ACCOUNT_OR_SERVICE;

/** Writes red records until the subscriber sees one: the join is asynchronous and unacknowledged. */
async function primed(sub, writer) {
  for (let i = 0; i < 40; i++) {
    const r = await writer.create({ title: `prime-${i}`, team: "red" });
    await sleep(100);
    if (sub.events.some((e) => e.id === r.id)) return;
  }
  assert.fail("the subscription never received an event");
}

describe("realtime subscribe (Signal)", { skip }, () => {
  let admin, adminClient, anonClient, service, anonSub, sub;

  before(async () => {
    const signed = await signedInClient();
    adminClient = signed.client;
    // The socket takes its token from the client config, not from the login (in Node there is no
    // localStorage): apps hand the token over with setToken, as the SDK docs show.
    adminClient.setToken(signed.token);
    await adminClient.auth.updateMe({ team: "red" });
    admin = adminClient.entities.Signal;
    service = serviceClient().asServiceRole.entities.Signal;
    await service.deleteMany({});
    sub = collector(admin);
    anonClient = client();
    anonSub = collector(anonClient.entities.Signal);
    await primed(sub, service);
  });

  after(() => {
    sub?.unsubscribe();
    anonSub?.unsubscribe();
    // Close the clients' sockets so node can exit.
    for (const c of [adminClient, anonClient]) c?.cleanup();
  });

  test("create, update and delete of a permitted record arrive in order, field rules applied", async () => {
    sub.events.length = 0;
    const rec = await service.create({ title: "visible", team: "red", salary: 5 });
    const created = await sub.until((e) => e.id === rec.id && e.type === "create");
    assert.equal(created.data.title, "visible");
    assert.equal(created.data.id, rec.id);
    assert.ok(!("salary" in created.data), `salary hidden in the pushed record: ${JSON.stringify(created.data)}`);
    assert.equal(typeof created.timestamp, "string");

    await service.update(rec.id, { title: "visible2" });
    const updated = await sub.until((e) => e.id === rec.id && e.type === "update");
    assert.equal(updated.data.title, "visible2");
    assert.ok(!("salary" in updated.data));

    await service.delete(rec.id);
    const deleted = await sub.until((e) => e.id === rec.id && e.type === "delete");
    assert.equal(deleted.data.id, rec.id);
    assert.ok(!("salary" in deleted.data));
    assert.deepEqual(sub.events.filter((e) => e.id === rec.id).map((e) => e.type), ["create", "update", "delete"]);
  });

  test("events for a hidden record are not delivered", async () => {
    sub.events.length = 0;
    const hidden = await service.create({ title: "hidden", team: "blue" });
    await service.update(hidden.id, { title: "hidden2" });
    await service.delete(hidden.id);
    // A later visible event proves the earlier (hidden) ones had time to arrive.
    const marker = await service.create({ title: "marker", team: "red" });
    await sub.until((e) => e.id === marker.id);
    assert.deepEqual(sub.events.filter((e) => e.id === hidden.id), [], "no event for a record the subscriber cannot read");
  });

  test("anonymous subscribers receive nothing from a rule-protected entity", async () => {
    const rec = await service.create({ title: "anon-check", team: "red" });
    await sub.until((e) => e.id === rec.id);
    await sleep(200);
    assert.deepEqual(anonSub.events, []);
  });

  test("bulk and extended writes emit one event per record", async () => {
    sub.events.length = 0;
    const out = await service.bulkCreate([{ title: "b1", team: "red" }, { title: "b2", team: "red" }]);
    for (const r of out) await sub.until((e) => e.id === r.id && e.type === "create");
    await service.updateMany({ title: { $in: ["b1", "b2"] } }, { $set: { title: "bx" } });
    for (const r of out) await sub.until((e) => e.id === r.id && e.type === "update" && e.data.title === "bx");
    await service.deleteMany({ title: "bx" });
    for (const r of out) await sub.until((e) => e.id === r.id && e.type === "delete");
  });

  test("unsubscribe stops events", async () => {
    sub.unsubscribe();
    // A second live subscription on the same client proves events still flow after the leave.
    const other = collector(admin);
    try {
      await sleep(400); // the client sends "leave" 250 ms after the last listener goes
      sub.events.length = 0;
      const rec = await service.create({ title: "after-unsubscribe", team: "red" });
      await other.until((e) => e.id === rec.id);
      await sleep(200);
      assert.deepEqual(sub.events, [], "the unsubscribed callback is not called");
    } finally {
      other.unsubscribe();
    }
  });
});

// Two principals on one event stream: the admin (team red) and an ordinary user (team blue).
describe("realtime delivery per subscriber (Signal)", { skip: NO_ACCOUNT_OR_SERVICE || NO_USER }, () => {
  let adminClient, userC, service, adminSub, userSub;

  before(async () => {
    const a = await signedInClient();
    adminClient = a.client;
    adminClient.setToken(a.token);
    const u = await userClient();
    userC = u.client;
    await userC.auth.updateMe({ team: "blue" });
    userC.setToken(u.token);
    service = serviceClient().asServiceRole.entities.Signal;
    adminSub = collector(adminClient.entities.Signal);
    userSub = collector(userC.entities.Signal);
    for (let i = 0; i < 40; i++) {
      const r = await service.create({ title: `prime2-${i}`, team: "red" });
      const b = await service.create({ title: `prime2b-${i}`, team: "blue" });
      await sleep(100);
      if (adminSub.events.some((e) => e.id === r.id) && userSub.events.some((e) => e.id === b.id)) return;
    }
    assert.fail("the subscriptions never received an event");
  });

  after(() => {
    adminSub?.unsubscribe();
    userSub?.unsubscribe();
    for (const c of [adminClient, userC]) c?.cleanup();
  });

  test("each subscriber gets only the records its team may read", async () => {
    adminSub.events.length = 0;
    userSub.events.length = 0;
    const red = await service.create({ title: "split-red", team: "red" });
    const blue = await service.create({ title: "split-blue", team: "blue" });
    await adminSub.until((e) => e.id === red.id);
    await userSub.until((e) => e.id === blue.id);
    await sleep(200);
    assert.deepEqual(adminSub.events.filter((e) => e.id === blue.id), [], "admin (red) gets no blue event");
    assert.deepEqual(userSub.events.filter((e) => e.id === red.id), [], "user (blue) gets no red event");
  });

  test("moving a record to another team: the new team gets the update, the old team does not", async () => {
    const rec = await service.create({ title: "mover", team: "red" });
    await adminSub.until((e) => e.id === rec.id && e.type === "create");
    await service.update(rec.id, { team: "blue" });
    const ev = await userSub.until((e) => e.id === rec.id && e.type === "update");
    assert.equal(ev.data.team, "blue");
    await sleep(200);
    assert.deepEqual(adminSub.events.filter((e) => e.id === rec.id && e.type === "update"), [],
      "the update is checked against the record after the change");
  });
});

describe("realtime subscribe, no rules (Pulse)", () => {
  let anonClient, sub, lowerSub;

  before(async () => {
    anonClient = client();
    sub = collector(anonClient.entities.Pulse);
    lowerSub = collector(anonClient.entities.pulse);
    // Prime both rooms: the joins are asynchronous and unacknowledged.
    for (let i = 0; i < 40; i++) {
      const r = await anonClient.entities.Pulse.create({ label: `prime-${i}` });
      await sleep(100);
      if (sub.events.some((e) => e.id === r.id) && lowerSub.events.some((e) => e.id === r.id)) return;
    }
    assert.fail(`the subscriptions never received an event: ${JSON.stringify([sub.events, lowerSub.events])}`);
  });

  after(() => {
    sub?.unsubscribe();
    lowerSub?.unsubscribe();
    anonClient?.cleanup();
  });

  test("an anonymous subscriber receives the writer's create/update/delete with the whole record", async () => {
    const P = anonClient.entities.Pulse;
    const rec = await P.create({ label: "a", n: 1 });
    const created = await sub.until((e) => e.id === rec.id && e.type === "create");
    assert.deepEqual(created.data, rec, "the pushed record equals the created one");
    const upd = await P.update(rec.id, { n: 2 });
    const updated = await sub.until((e) => e.id === rec.id && e.type === "update");
    assert.deepEqual(updated.data, upd);
    await P.delete(rec.id);
    const deleted = await sub.until((e) => e.id === rec.id && e.type === "delete");
    assert.equal(deleted.data.id, rec.id);
  });

  test("a room joined with other casing (entities.pulse) gets the same events", async () => {
    const rec = await anonClient.entities.Pulse.create({ label: "case" });
    const ev = await lowerSub.until((e) => e.id === rec.id && e.type === "create");
    assert.equal(ev.data.label, "case");
  });
});

// §17.1: a token that does not verify (expired, revoked, another app's) is not refused: the socket connects at once as
// anonymous, so a page whose session ran out keeps its public events (the official client never retries a refusal).
describe("realtime with a token that does not verify (Pulse)", () => {
  let stale, writer, sub, errors;

  before(async () => {
    stale = createClient({ serverUrl: SERVER_URL, appId: APP_ID, token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bm90LXNpZ25lZA" });
    writer = client();
    errors = [];
    const origError = console.error;
    console.error = (...args) => errors.push(args.map(String).join(" "));
    try {
      sub = collector(stale.entities.Pulse);
      for (let i = 0; i < 40; i++) {
        const r = await writer.entities.Pulse.create({ label: `stale-prime-${i}` });
        await sleep(100);
        if (sub.events.some((e) => e.id === r.id)) return;
      }
      assert.fail("a subscriber with a bad token never received a public event");
    } finally {
      console.error = origError;
    }
  });

  after(() => {
    sub?.unsubscribe();
    for (const c of [stale, writer]) c?.cleanup();
  });

  test("connects as anonymous at once and receives public events", async () => {
    assert.ok(!errors.some((e) => /connect_error|Invalid or expired/i.test(e)), `no connect_error: ${errors.join("; ")}`);
    const rec = await writer.entities.Pulse.create({ label: "stale-token" });
    const ev = await sub.until((e) => e.id === rec.id && e.type === "create");
    assert.equal(ev.data.label, "stale-token");
  });
});
