// The built-in User entity through entities.User (api-contract §3.2): aggregate with the visibility of
// list, bulkUpdate and updateMany with the single-update rules, deleteMany/upsert refused. Two users are
// registered here through the official client (codes from the mail server); every write and every
// assertion is scoped to their emails, because other files register users in parallel.
// Principals: the two users, the bootstrap admin, anonymous and the service role.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { client, signedInClient, serviceClient, rejectsWith, NO_ACCOUNT_OR_SERVICE } from "../lib/harness.mjs";
import { registerUser, NO_MAIL } from "../lib/mail.mjs";

describe("entities.User aggregate and bulk writes", { skip: NO_ACCOUNT_OR_SERVICE || NO_MAIL }, () => {
  let ann, bob, annUser, bobUser, admin, anon, service, mine;

  before(async () => {
    const [a, b] = await Promise.all([registerUser("uent-ann"), registerUser("uent-bob")]);
    ann = a.client.entities.User;
    bob = b.client.entities.User;
    annUser = await a.client.auth.me();
    bobUser = await b.client.auth.me();
    admin = (await signedInClient()).client.entities.User;
    anon = client().entities.User;
    service = serviceClient().asServiceRole.entities.User;
    mine = { email: { $in: [a.email, b.email] } };
  });

  test("aggregate: admin and service role see every user the query names", async () => {
    for (const caller of [admin, service]) {
      const res = await caller.aggregate({ query: mine, groupBy: "role", countDistinct: "email" });
      assert.deepEqual(res, { rows: [{ role: "user", count: 2, count_distinct_email: 2 }], truncated: false });
    }
  });

  test("aggregate: a user sees only their own record, anonymous none", async () => {
    const own = await ann.aggregate({ groupBy: "email" });
    assert.deepEqual(own.rows, [{ email: annUser.email, count: 1 }]);
    const other = await bob.aggregate({ query: { email: annUser.email } });
    assert.deepEqual(other.rows, [{ count: 0 }]);
    assert.deepEqual((await anon.aggregate({ groupBy: "role" })).rows, []);
  });

  test("aggregate: protected fields are never groupable or aggregatable", async () => {
    await rejectsWith(service.aggregate({ groupBy: "password_hash" }), 400);
    await rejectsWith(admin.aggregate({ countDistinct: "token_version" }), 400);
    await rejectsWith(admin.aggregate({ sum: "email" }), 400);
  });

  test("bulkUpdate: a user updates only themselves and cannot change their role", async () => {
    const out = await ann.bulkUpdate([{ id: annUser.id, team: "ann-team", role: "admin", email: "evil@example.test" }]);
    assert.equal(out.length, 1);
    assert.deepEqual([out[0].id, out[0].team, out[0].role, out[0].email], [annUser.id, "ann-team", "user", annUser.email]);
    await rejectsWith(ann.bulkUpdate([{ id: annUser.id, team: "again" }, { id: bobUser.id, team: "hacked" }]), 404);
    const [annNow, bobNow] = await Promise.all([service.get(annUser.id), service.get(bobUser.id)]);
    assert.equal(annNow.team, "ann-team", "all or nothing: the user's own item was not applied");
    assert.notEqual(bobNow.team, "hacked");
  });

  test("bulkUpdate: admins update anyone and may change role", async () => {
    const out = await admin.bulkUpdate([{ id: bobUser.id, role: "admin", team: "bob-team" }, { id: annUser.id, team: "t" }]);
    assert.deepEqual(out.map((u) => [u.id, u.role, u.team]), [[bobUser.id, "admin", "bob-team"], [annUser.id, "user", "t"]]);
    const back = await service.bulkUpdate([{ id: bobUser.id, role: "user" }]);
    assert.equal(back[0].role, "user");
  });

  test("updateMany: a user reaches only themselves; admins every matching user", async () => {
    assert.deepEqual(await bob.updateMany({}, { $set: { team: "bob-only", role: "admin" } }), { success: true, updated: 1, has_more: false });
    const bobNow = await service.get(bobUser.id);
    assert.deepEqual([bobNow.team, bobNow.role], ["bob-only", "user"]);
    assert.equal((await service.get(annUser.id)).team, "t");
    assert.deepEqual(await admin.updateMany(mine, { $set: { team: "both" } }), { success: true, updated: 2, has_more: false });
    const listed = await admin.filter(mine);
    assert.deepEqual(listed.map((u) => u.team), ["both", "both"]);
  });

  test("deleteMany is for the service role only; upsert is refused", async () => {
    await rejectsWith(admin.deleteMany({ id: bobUser.id }), 403);
    await rejectsWith(ann.deleteMany({ id: annUser.id }), 403);
    const err = await rejectsWith(service.upsert([{ email: "n@example.test" }], { key: "email" }), 403);
    assert.match(err.message, /register or invite/);
    assert.equal((await service.filter(mine)).length, 2);
    assert.deepEqual(await service.deleteMany({ id: bobUser.id }), { success: true, deleted: 1 });
    assert.equal((await service.filter(mine)).length, 1);
  });
});

// api-contract §5.5: the User schema's field write rules hold on every path that writes a user. The fixture's
// `department` is writable by admins only, and Brief is readable only in the caller's own department, so a user
// who could set their own department would read another department's records.
describe("User field write rules", { skip: NO_ACCOUNT_OR_SERVICE || NO_MAIL }, () => {
  const run = Date.now().toString(36);
  const mineDept = `sales-${run}`;
  const otherDept = `ops-${run}`;
  let ann, annUser, admin, service;

  const titles = async () => (await ann.entities.Brief.filter({}, "title")).map((b) => b.title);

  before(async () => {
    const a = await registerUser("uent-dept");
    ann = a.client;
    annUser = await ann.auth.me();
    admin = (await signedInClient()).client.entities.User;
    service = serviceClient().asServiceRole;
    await service.entities.Brief.bulkCreate([
      { title: `mine ${run}`, department: mineDept },
      { title: `other ${run}`, department: otherDept },
    ]);
    const set = await admin.update(annUser.id, { department: mineDept });
    assert.equal(set.department, mineDept, "admins may write the field");
  });

  test("a user's own writes to an admin-only field are dropped on every path", async () => {
    assert.deepEqual(await titles(), [`mine ${run}`]);
    const me = await ann.auth.updateMe({ department: otherDept, team: "dept-1" });
    assert.deepEqual([me.department, me.team], [mineDept, "dept-1"], "auth.updateMe");
    const updated = await ann.entities.User.update(annUser.id, { department: otherDept, team: "dept-2" });
    assert.deepEqual([updated.department, updated.team], [mineDept, "dept-2"], "entities.User.update");
    const bulk = await ann.entities.User.bulkUpdate([{ id: annUser.id, department: otherDept, team: "dept-3" }]);
    assert.deepEqual([bulk[0].department, bulk[0].team], [mineDept, "dept-3"], "entities.User.bulkUpdate");
    for (const data of [{ $set: { department: otherDept } }, { $unset: { department: "" } }, { $rename: { team: "department" } },
      { $max: { department: "zzz" } }]) {
      assert.equal((await ann.entities.User.updateMany({}, data)).updated, 1);
      assert.equal((await service.entities.User.get(annUser.id)).department, mineDept, `updateMany ${JSON.stringify(data)}`);
    }
    await rejectsWith(ann.entities.User.upsert([{ email: annUser.email, department: otherDept }], { key: "email" }), 403);
    assert.deepEqual(await titles(), [`mine ${run}`], "the user still reads only their own department");
  });

  test("the service role passes the rule", async () => {
    await service.entities.User.updateMany({ id: annUser.id }, { $set: { department: otherDept } });
    assert.deepEqual(await titles(), [`other ${run}`]);
  });
});

// api-contract §5.5, issue 12: the User schema's field read rules hold on every path that reads a user. The
// fixture's `salary` is readable by admins only: a user never sees it, not even their own, and no answer a user
// gets depends on it (filters, counts, aggregates see it as missing). The service role and admins read it.
describe("User field read rules", { skip: NO_ACCOUNT_OR_SERVICE || NO_MAIL }, () => {
  let ann, annUser, admin, service;

  before(async () => {
    const a = await registerUser("uent-salary");
    ann = a.client;
    annUser = await ann.auth.me();
    admin = (await signedInClient()).client.entities.User;
    service = serviceClient().asServiceRole.entities.User;
    const set = await service.update(annUser.id, { salary: 150000 });
    assert.equal(set.salary, 150000, "the service role reads and writes the field");
  });

  test("a user never reads a field readable by admins only, not even in their own record", async () => {
    const me = await ann.auth.me();
    assert.equal(me.salary, undefined, "auth.me");
    assert.equal(me.email, annUser.email, "built-in fields stay");
    assert.equal((await ann.entities.User.get(annUser.id)).salary, undefined, "entities.User.get");
    const listed = await ann.entities.User.list();
    assert.deepEqual(listed.map((u) => [u.id, u.salary]), [[annUser.id, undefined]], "entities.User.list");
    assert.equal((await ann.auth.updateMe({ team: "salary-1" })).salary, undefined, "auth.updateMe");
    assert.equal((await ann.entities.User.update(annUser.id, { team: "salary-2" })).salary, undefined);
  });

  test("no answer a user gets depends on the hidden value", async () => {
    for (const q of [{ salary: { $gt: 149999 } }, { salary: 150000 }, { salary: { $exists: true } }, { "data.salary": { $gte: 1 } }]) {
      assert.deepEqual(await ann.entities.User.filter(q), [], JSON.stringify(q));
      assert.equal(await ann.entities.User.count(q), 0, JSON.stringify(q));
      assert.deepEqual((await ann.entities.User.aggregate({ query: q })).rows, [{ count: 0 }], JSON.stringify(q));
      assert.equal((await ann.entities.User.updateMany(q, { $set: { team: "hit" } })).updated, 0, JSON.stringify(q));
    }
    assert.equal(await ann.entities.User.count({ salary: { $exists: false } }), 1);
  });

  test("admins and the service role read the field", async () => {
    assert.equal((await admin.get(annUser.id)).salary, 150000);
    assert.equal(await admin.count({ id: annUser.id, salary: { $gt: 149999 } }), 1);
    assert.equal((await service.get(annUser.id)).salary, 150000);
  });
});
