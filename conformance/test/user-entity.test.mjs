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
