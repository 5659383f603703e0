// Access rules through the official client (api-contract §5.4 row rules, §5.5 field rules, §4.4–4.9).
// Entity: Dossier (fixtures/app/base44/entities/dossier.jsonc), used by this file only.
// Read = owner or same team ({{user.data.team}}), create = admin, update = owner, delete = admin,
// field "salary" readable only by role hr. Principals: anonymous, the bootstrap admin (signed in with
// auth.loginViaEmailPassword, team "red"), and the service role (createClient({serviceToken}).asServiceRole).
// Entity: Memo (fixtures/app/base44/entities/memo.jsonc), owner-only records: an owner and another
// user, both registered here through the official client with codes read from the mail server.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  client, signedInClient, serviceClient, userClient, rejectsWith, keys, ID_RE, TEST_EMAIL, USER_EMAIL,
  NO_ACCOUNT_OR_SERVICE, NO_USER,
} from "../lib/harness.mjs";
import { registerUser, NO_MAIL } from "../lib/mail.mjs";

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

// Owner vs another user (Memo): create = any signed-in user, read = owner or admin, update = owner,
// delete = owner or admin; "mood" readable by the owner only; "pinned" writable by admins only.
describe("owner and another user (Memo)", { skip: NO_ACCOUNT_OR_SERVICE || NO_MAIL }, () => {
  let owner, other, ownerAuth, otherAuth, admin, anon, service, ownerEmail, otherEmail, mine, theirs;

  before(async () => {
    const [a, b] = await Promise.all([registerUser("memo-owner"), registerUser("memo-other")]);
    owner = a.client.entities.Memo;
    other = b.client.entities.Memo;
    ownerAuth = a.client.auth;
    otherAuth = b.client.auth;
    ownerEmail = a.email;
    otherEmail = b.email;
    admin = (await signedInClient()).client.entities.Memo;
    anon = client().entities.Memo;
    service = serviceClient().asServiceRole.entities.Memo;
    await service.deleteMany({});
    mine = [];
    for (let i = 0; i < 5; i++) mine.push(await owner.create({ title: `o${i}`, mood: "happy", pinned: true }));
    theirs = await other.create({ title: "x0", mood: "grumpy" });
  });

  test("the owner and the other user are two ordinary users", async () => {
    const [a, b] = await Promise.all([ownerAuth.me(), otherAuth.me()]);
    assert.deepEqual([a.email, a.role, b.email, b.role], [ownerEmail, "user", otherEmail, "user"]);
    assert.notEqual(a.id, b.id);
  });

  test("create: the record carries its creator; the owner sees the owner-only field; an admin-only field is dropped", async () => {
    assert.match(mine[0].id, ID_RE);
    assert.equal(mine[0].created_by, ownerEmail);
    assert.equal(mine[0].mood, "happy");
    assert.ok(!("pinned" in mine[0]), JSON.stringify(mine[0]));
    const stored = await service.get(mine[0].id);
    assert.equal(stored.pinned, undefined, "a non-admin's value for an admin-only field is not stored");
    assert.equal(stored.mood, "happy");
    assert.equal(theirs.created_by, otherEmail);
  });

  test("list and filter: each user sees only their own records", async () => {
    assert.deepEqual(keys(await owner.list(), "title"), ["o0", "o1", "o2", "o3", "o4"]);
    assert.deepEqual(keys(await other.list(), "title"), ["x0"]);
    assert.deepEqual(await other.filter({ title: "o1" }), []);
    assert.deepEqual(await other.filter({ created_by: ownerEmail }), []);
    assert.deepEqual(await other.filter({ id: mine[0].id }), []);
    assert.deepEqual(await owner.filter({ title: { $in: ["o1", "x0"] } }).then((r) => keys(r, "title")), ["o1"]);
  });

  test("get: another user's record is 404, both ways; own records are readable", async () => {
    await rejectsWith(other.get(mine[0].id), 404, `Entity Memo with ID ${mine[0].id} not found`);
    await rejectsWith(owner.get(theirs.id), 404, `Entity Memo with ID ${theirs.id} not found`);
    assert.equal((await owner.get(mine[0].id)).title, "o0");
    assert.equal((await other.get(theirs.id)).mood, "grumpy");
  });

  test("limit and skip page over permitted records only", async () => {
    assert.deepEqual((await owner.list("title", 2, 2)).map((r) => r.title), ["o2", "o3"]);
    assert.deepEqual((await other.list("title", 2, 0)).map((r) => r.title), ["x0"]);
    assert.deepEqual(await other.list("title", 2, 1), []);
  });

  test("count, aggregate, cursor pages and distinct see only permitted records", async () => {
    assert.equal(await owner.count(), 5);
    assert.equal(await other.count(), 1);
    assert.equal(await other.count({ title: "o1" }), 0);
    assert.equal((await owner.aggregate({ count: true })).rows[0].count, 5);
    assert.equal((await other.aggregate({ count: true })).rows[0].count, 1);
    const seen = [];
    let page = await owner.list({ limit: 2, sort: "title" });
    seen.push(...page.items.map((r) => r.title));
    while (page.has_more) {
      page = await owner.list({ limit: 2, cursor: page.next_cursor });
      seen.push(...page.items.map((r) => r.title));
      assert.ok(seen.length <= 10);
    }
    assert.deepEqual(seen, ["o0", "o1", "o2", "o3", "o4"]);
    const otherPage = await other.list({ limit: 2, sort: "title" });
    assert.deepEqual(otherPage.items.map((r) => r.title), ["x0"]);
    assert.equal(otherPage.has_more, false);
    assert.deepEqual((await other.list({ distinct: "title" })).items, ["x0"]);
  });

  test("another user cannot update or delete the owner's records (404 / nothing changed)", async () => {
    await rejectsWith(other.update(mine[0].id, { title: "hijack" }), 404, /not found/);
    await rejectsWith(other.delete(mine[0].id), 404, /not found/);
    await rejectsWith(other.bulkUpdate([{ id: mine[1].id, title: "hijack" }]), 404);
    assert.equal((await other.updateMany({ title: { $in: ["o0", "o1"] } }, { $set: { title: "hijack" } })).updated, 0);
    assert.equal((await other.deleteMany({ title: "o2" })).deleted, 0);
    assert.deepEqual(keys(await service.filter({ created_by: ownerEmail }), "title"), ["o0", "o1", "o2", "o3", "o4"]);
  });

  test("admin: sees every memo but not the owner-only field; may not update others' memos", async () => {
    const all = await admin.list();
    assert.deepEqual(keys(all, "title"), ["o0", "o1", "o2", "o3", "o4", "x0"]);
    for (const r of all) assert.ok(!("mood" in r), JSON.stringify(r));
    assert.equal(await admin.count(), 6);
    await rejectsWith(admin.update(mine[0].id, { title: "admin-edit" }), 404, /not found/);
  });

  test("anonymous: nothing to read, create 403", async () => {
    assert.deepEqual(await anon.list(), []);
    assert.equal(await anon.count(), 0);
    await rejectsWith(anon.get(mine[0].id), 404);
    await rejectsWith(anon.create({ title: "anon" }), 403, "Permission denied");
  });

  test("service role: every record with every field", async () => {
    assert.equal(await service.count(), 6);
    assert.equal((await service.get(theirs.id)).mood, "grumpy");
  });

  test("the owner updates and deletes own records; an admin may delete any", async () => {
    const upd = await owner.update(mine[4].id, { mood: "calm", pinned: true });
    assert.equal(upd.mood, "calm");
    assert.equal((await service.get(mine[4].id)).pinned, undefined);
    assert.deepEqual(await owner.delete(mine[4].id), { success: true });
    assert.deepEqual(await admin.delete(theirs.id), { success: true });
    await rejectsWith(other.get(theirs.id), 404);
    assert.equal(await owner.count(), 4);
    assert.equal(await other.count(), 0);
  });
});

// Hidden fields cannot be queried (issue 12, item 1): nothing a caller gets back may depend on a value it
// cannot read. The admin is not hr, so Dossier.salary is missing for it in every filter, sort, cursor,
// count, aggregate, update-many, delete-many and upsert key; Memo.mood (creator only) is missing for the
// admin in records someone else created. Records are titled "hf-*" and removed afterwards.
describe("hidden fields cannot be queried (Dossier salary, Memo mood)", { skip }, () => {
  let admin, service, memos, serviceMemos, a, b, own;
  const hf = { title: { $regex: "^hf-" } };

  before(async () => {
    const signed = await signedInClient();
    admin = signed.client.entities.Dossier;
    memos = signed.client.entities.Memo;
    service = serviceClient().asServiceRole.entities.Dossier;
    serviceMemos = serviceClient().asServiceRole.entities.Memo;
    await service.deleteMany(hf);
    await serviceMemos.deleteMany(hf);
    // Created in an order unlike their salary order, so a salary sort would show.
    a = await service.create({ title: "hf-a", team: "red", salary: 300 });
    b = await service.create({ title: "hf-b", team: "red", salary: 100 });
    own = await admin.create({ title: "hf-own", team: "red", salary: 150 });
  });

  after(async () => {
    await service.deleteMany(hf);
    await serviceMemos.deleteMany(hf);
  });

  test("count: the salary oracle answers the same for the true and a false value", async () => {
    const probes = [
      [{ salary: { $gt: 299 } }, { salary: { $gt: 300 } }],
      [{ "data.salary": { $gte: 300 } }, { "data.salary": { $gte: 301 } }],
      [{ salary: 300 }, { salary: 301 }],
      [{ salary: { $in: [300] } }, { salary: { $in: [301] } }],
      [{ salary: { $ne: 1 } }, { salary: { $ne: 300 } }],
      [{ salary: { $not: { $gt: 300 } } }, { salary: { $not: { $gt: 299 } } }],
      [{ $or: [{ salary: 300 }, { team: "none" }] }, { $or: [{ salary: 301 }, { team: "none" }] }],
      [{ $nor: [{ salary: 301 }] }, { $nor: [{ salary: 300 }] }],
    ];
    for (const [yes, no] of probes) {
      const what = JSON.stringify(yes);
      const [y, n] = [await admin.count({ title: "hf-a", ...yes }), await admin.count({ title: "hf-a", ...no })];
      assert.equal(y, n, `count ${what}`);
      assert.deepEqual(await admin.filter({ title: "hf-a", ...yes }), await admin.filter({ title: "hf-a", ...no }), `filter ${what}`);
      assert.notEqual(await service.count({ title: "hf-a", ...yes }), await service.count({ title: "hf-a", ...no }), `service ${what}`);
    }
    assert.equal(await admin.count({ title: "hf-a", salary: { $exists: true } }), 0, "missing for the admin");
    assert.equal(await admin.count({ title: "hf-a", salary: { $exists: false } }), 1);
  });

  test("sort and cursor pages: a hidden field sorts as missing (then by id), never by value", async () => {
    const byId = [a, b, own].sort((x, y) => (x.id < y.id ? -1 : 1)).map((r) => r.title);
    assert.deepEqual((await admin.filter(hf, "salary")).map((r) => r.title), byId);
    assert.deepEqual((await admin.filter(hf, "-salary")).map((r) => r.title), [...byId].reverse());
    assert.deepEqual((await service.filter(hf, "salary")).map((r) => r.title), ["hf-b", "hf-own", "hf-a"]);
    const seen = [];
    let page = await admin.filter(hf, { limit: 1, sort: "salary" });
    seen.push(...page.items.map((r) => r.title));
    while (page.has_more) {
      page = await admin.list({ limit: 1, cursor: page.next_cursor });
      seen.push(...page.items.map((r) => r.title));
      assert.ok(seen.length < 10);
    }
    assert.deepEqual(seen, byId);
    const filtered = await admin.filter({ ...hf, salary: { $gt: 200 } }, { limit: 10 });
    assert.deepEqual(filtered.items, []);
  });

  test("aggregate: the query, group keys and metrics see the hidden field as missing", async () => {
    const count = async (query) => (await admin.aggregate({ query, count: true })).rows[0].count;
    assert.equal(await count({ title: "hf-a", salary: { $gt: 299 } }), 0);
    assert.equal(await count({ title: "hf-a", salary: { $gt: 300 } }), 0);
    const groups = await admin.aggregate({ query: hf, groupBy: "salary", sum: "salary", max: "salary" });
    assert.equal(groups.rows.length, 1, JSON.stringify(groups));
    assert.equal(groups.rows[0].salary, null);
    assert.equal(groups.rows[0].count, 3);
    assert.equal(groups.rows[0].sum_salary, 0);
    assert.equal(groups.rows[0].max_salary, null);
    assert.deepEqual((await admin.list({ distinct: "salary" })).items, []);
  });

  test("updateMany and deleteMany do not act on a hidden value", async () => {
    const upd = await admin.updateMany({ title: "hf-own", salary: { $gt: 149 } }, { $set: { team: "red" } });
    assert.equal(upd.updated, 0, JSON.stringify(upd));
    assert.equal((await admin.updateMany({ title: "hf-own", salary: { $exists: false } }, { $set: { team: "red" } })).updated, 1);
    assert.equal((await admin.deleteMany({ title: "hf-a", salary: { $gt: 299 } })).deleted, 0);
    assert.equal((await admin.deleteMany({ title: "hf-a", salary: 300 })).deleted, 0);
    assert.equal((await service.get(a.id)).title, "hf-a", "still there");
  });

  test("upsert keyed by a hidden field never matches (or writes into) a record", async () => {
    await admin.upsert([{ title: "hf-up", team: "red", salary: 300 }], { key: "salary" });
    assert.equal((await service.get(a.id)).title, "hf-a");
    assert.deepEqual((await service.filter({ ...hf, salary: 300 }, "title")).map((r) => r.title), ["hf-a", "hf-up"]);
  });

  test("a record-condition field rule (Memo.mood, creator only) hides the value from others' queries", async () => {
    const theirs = await serviceMemos.create({ title: "hf-m1", mood: "happy" });
    const mine = await memos.create({ title: "hf-m2", mood: "sad" });
    assert.equal(mine.mood, "sad");
    assert.equal(await memos.count({ title: "hf-m1", mood: "happy" }), 0);
    assert.equal(await memos.count({ title: "hf-m1", mood: { $regex: "^h" } }), 0);
    assert.equal(await memos.count({ title: "hf-m1", mood: { $exists: false } }), 1);
    assert.equal(await memos.count({ title: "hf-m2", mood: "sad" }), 1, "the creator still queries their own value");
    assert.equal((await memos.aggregate({ query: { ...hf, mood: { $in: ["happy", "sad"] } }, count: true })).rows[0].count, 1);
    assert.equal((await memos.deleteMany({ title: "hf-m1", mood: "happy" })).deleted, 0);
    assert.equal((await serviceMemos.get(theirs.id)).mood, "happy");
  });
});
