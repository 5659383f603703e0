// Access rules through the official client (api-contract §5.4 row rules, §5.5 field rules, §4.4–4.9).
// Entity: Dossier (fixtures/app/base44/entities/dossier.jsonc), used by this file only.
// Read = owner or same team ({{user.data.team}}), create = admin, update = owner, delete = admin,
// field "salary" readable only by role hr. Principals: anonymous, the bootstrap admin (signed in with
// auth.loginViaEmailPassword, team "red"), and the service role (createClient({serviceToken}).asServiceRole).
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import {
  client, signedInClient, serviceClient, userClient, rejectsWith, keys, ID_RE, TEST_EMAIL, USER_EMAIL,
  NO_ACCOUNT_OR_SERVICE, NO_USER,
} from "../lib/harness.mjs";

const skip = NO_ACCOUNT_OR_SERVICE;

describe("access rules (Dossier)", { skip }, () => {
  let anon, admin, adminUser, service;
  // Records: own (created by the admin), red (service, team red), blue (service, team blue).
  let own, red, blue;

  before(async () => {
    anon = client().entities.Dossier;
    const signed = await signedInClient();
    await signed.client.auth.updateMe({ team: "red" });
    adminUser = await signed.client.auth.me();
    admin = signed.client.entities.Dossier;
    service = serviceClient().asServiceRole.entities.Dossier;
    await service.deleteMany({});
    own = await admin.create({ title: "own", team: "green", salary: 100 });
    red = await service.create({ title: "red", team: "red", salary: 200 });
    blue = await service.create({ title: "blue", team: "blue", salary: 300 });
  });

  test("the admin's custom user field is set through updateMe", () => {
    assert.equal(adminUser.team, "red");
    assert.equal(adminUser.role, "admin");
  });

  test("create stamps the caller and hides the hr-only field from the creator", () => {
    assert.match(own.id, ID_RE);
    assert.equal(own.created_by, TEST_EMAIL);
    assert.ok(!("salary" in own), `salary must be hidden from a non-hr caller: ${JSON.stringify(own)}`);
  });

  test("list: admin sees own and same-team records, not other teams", async () => {
    assert.deepEqual(keys(await admin.list(), "title"), ["own", "red"]);
  });

  test("filter: row rule applies on top of the query", async () => {
    assert.deepEqual(keys(await admin.filter({ team: "blue" }), "title"), []);
    assert.deepEqual(keys(await admin.filter({ title: { $in: ["red", "blue"] } }), "title"), ["red"]);
  });

  test("list: anonymous sees nothing (object rules fail for anonymous)", async () => {
    assert.deepEqual(await anon.list(), []);
    assert.deepEqual(await anon.filter({ team: "red" }), []);
  });

  test("list: service role sees every record and every field", async () => {
    const all = await service.list();
    assert.deepEqual(keys(all, "title"), ["blue", "own", "red"]);
    for (const r of all) assert.equal(typeof r.salary, "number", `service sees salary: ${JSON.stringify(r)}`);
  });

  test("field rule: salary hidden from admin in list and get", async () => {
    for (const r of await admin.list()) assert.ok(!("salary" in r), JSON.stringify(r));
    const got = await admin.get(red.id);
    assert.equal(got.title, "red");
    assert.ok(!("salary" in got));
    assert.equal((await service.get(red.id)).salary, 200);
  });

  test("field rule: fields projection cannot reveal a hidden field", async () => {
    const rows = await admin.list("title", 10, 0, ["title", "salary"]);
    assert.equal(rows.length, 2);
    for (const r of rows) assert.ok(!("salary" in r), JSON.stringify(r));
  });

  test("get: a hidden record is 404, never 403", async () => {
    await rejectsWith(admin.get(blue.id), 404, `Entity Dossier with ID ${blue.id} not found`);
    await rejectsWith(anon.get(red.id), 404, `Entity Dossier with ID ${red.id} not found`);
  });

  test("create: anonymous -> 403 Permission denied, nothing stored", async () => {
    await rejectsWith(anon.create({ title: "anon", team: "red" }), 403, "Permission denied");
    await rejectsWith(anon.bulkCreate([{ title: "anon-bulk", team: "red" }]), 403, "Permission denied");
    assert.deepEqual(await service.filter({ title: { $in: ["anon", "anon-bulk"] } }), []);
  });

  test("upsert and importEntities: anonymous -> 403 (create rule), nothing stored", async () => {
    await rejectsWith(anon.upsert([{ title: "anon-up", team: "red" }], { key: "title" }), 403, "Permission denied");
    const file = new File(["title,team\nanon-imp,red\n"], "d.csv", { type: "text/csv" });
    await rejectsWith(anon.importEntities(file), 403);
    assert.deepEqual(await service.filter({ title: { $in: ["anon-up", "anon-imp"] } }), []);
  });

  test("update: owner may update; a readable but not owned record -> 404", async () => {
    const upd = await admin.update(own.id, { title: "own" , team: "green" });
    assert.equal(upd.id, own.id);
    await rejectsWith(admin.update(red.id, { title: "hijack" }), 404, /not found/);
    assert.equal((await service.get(red.id)).title, "red");
  });

  test("update: anonymous -> 404", async () => {
    await rejectsWith(anon.update(own.id, { title: "x" }), 404, /not found/);
  });

  test("bulkUpdate: a readable but not owned record -> 404, nothing updated", async () => {
    await rejectsWith(admin.bulkUpdate([{ id: own.id, title: "own-x" }, { id: red.id, title: "hijack" }]), 404);
    assert.equal((await service.get(own.id)).title, "own");
    assert.equal((await service.get(red.id)).title, "red");
  });

  test("updateMany: only records passing the update rule are changed", async () => {
    const res = await admin.updateMany({}, { $set: { title: "own" } });
    assert.equal(res.success, true);
    assert.equal(res.updated, 1, JSON.stringify(res));
    assert.deepEqual(keys(await service.list(), "title"), ["blue", "own", "red"]);
    assert.deepEqual(await anon.updateMany({}, { $set: { title: "anon" } }), { success: true, updated: 0, has_more: false });
  });

  test("cursor walk with limit 1 skips hidden records", async () => {
    const seen = [];
    let page = await admin.list({ limit: 1, sort: "title" });
    seen.push(...page.items.map((r) => r.title));
    while (page.has_more) {
      page = await admin.list({ limit: 1, cursor: page.next_cursor });
      seen.push(...page.items.map((r) => r.title));
      assert.ok(seen.length < 10);
    }
    assert.deepEqual(seen, ["own", "red"]);
  });

  test("count and aggregate respect the read rule", async () => {
    assert.equal(await admin.count(), 2);
    assert.equal(await anon.count(), 0);
    assert.equal(await service.count(), 3);
    const agg = await admin.aggregate({ count: true });
    assert.equal(agg.rows.length, 1);
    assert.equal(agg.rows[0].count, 2);
  });

  test("cursor pages respect the read rule", async () => {
    const page = await admin.list({ limit: 10 });
    assert.deepEqual(keys(page.items, "title"), ["own", "red"]);
    assert.equal(page.has_more, false);
    const distinct = await admin.list({ distinct: "team" });
    assert.deepEqual(distinct.items, ["green", "red"]);
  });

  test("delete: admin may delete a readable record; anonymous -> 404", async () => {
    const tmp = await admin.create({ title: "tmp", team: "red" });
    await rejectsWith(anon.delete(tmp.id), 404, /not found/);
    assert.deepEqual(await admin.delete(tmp.id), { success: true });
    await rejectsWith(service.get(tmp.id), 404);
  });

  test("deleteMany: anonymous deletes nothing", async () => {
    const res = await anon.deleteMany({});
    assert.equal(res.deleted, 0);
    assert.equal(await service.count(), 3);
  });
});

// An ordinary user (role "user", team "blue"), registered by ConformanceTest with register + verify-otp.
describe("access rules for an ordinary user (Dossier)", { skip: NO_ACCOUNT_OR_SERVICE || NO_USER }, () => {
  let user, service, me, blueRec, redRec;

  before(async () => {
    const signed = await userClient();
    await signed.client.auth.updateMe({ team: "blue" });
    me = await signed.client.auth.me();
    user = signed.client.entities.Dossier;
    service = serviceClient().asServiceRole.entities.Dossier;
    blueRec = await service.create({ title: "u-blue", team: "blue", salary: 1 });
    redRec = await service.create({ title: "u-red", team: "red", salary: 2 });
  });

  test("the user is role user, team blue", () => {
    assert.equal(me.role, "user");
    assert.equal(me.team, "blue");
    assert.equal(me.email, USER_EMAIL);
  });

  test("reads same-team records only, without the hr field", async () => {
    const rows = await user.filter({ title: { $in: ["u-blue", "u-red"] } });
    assert.deepEqual(keys(rows, "title"), ["u-blue"]);
    assert.ok(!("salary" in rows[0]));
    await rejectsWith(user.get(redRec.id), 404, `Entity Dossier with ID ${redRec.id} not found`);
  });

  test("create (admin-only rule) -> 403 for a signed-in non-admin", async () => {
    await rejectsWith(user.create({ title: "u-new", team: "blue" }), 403, "Permission denied");
  });

  test("update a readable record owned by someone else -> 404", async () => {
    await rejectsWith(user.update(blueRec.id, { title: "u-hijack" }), 404, /not found/);
    assert.equal((await service.get(blueRec.id)).title, "u-blue");
  });

  test("delete (admin-only rule) -> 404 for a readable record, nothing deleted", async () => {
    await rejectsWith(user.delete(blueRec.id), 404, /not found/);
    assert.equal((await user.deleteMany({ title: "u-blue" })).deleted, 0);
    assert.equal((await service.get(blueRec.id)).title, "u-blue");
  });
});
