// Automations through the official client (api-contract §6.6): an entity automation declared in
// fixtures/app/base44/functions/fn-on-order/function.jsonc runs once per create, update and delete made with
// the client, and its function (createClientFromRequest, asServiceRole) gets the record and, on update, the old
// one. Entities: AutoOrder and AutoLog (fixtures/app/base44/entities/auto-*.jsonc), used by this file only.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { client, serviceClient, NO_ACCOUNT_OR_SERVICE } from "../lib/harness.mjs";

/** Polls until {@code check} returns a value (not undefined), up to 60 s (the function's first start fetches npm). */
async function eventually(what, check) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("automations", { skip: NO_ACCOUNT_OR_SERVICE }, () => {
  let service;

  before(async () => {
    service = serviceClient().asServiceRole;
    await service.entities.AutoLog.deleteMany({});
    await service.entities.AutoOrder.deleteMany({});
    // The deletes above may have run the automation too: wait for those runs, then start clean.
    await new Promise((r) => setTimeout(r, 1500));
    await service.entities.AutoLog.deleteMany({});
  });

  test("an entity automation runs once per create, update and delete, with the old record on update", async () => {
    const anonymous = client();
    const order = await anonymous.entities.AutoOrder.create({ title: "first" });
    await anonymous.entities.AutoOrder.update(order.id, { title: "second" });
    await anonymous.entities.AutoOrder.delete(order.id);

    const logs = await eventually("three runs", async () => {
      const found = await anonymous.entities.AutoLog.filter({ order_id: order.id });
      return found.length >= 3 ? found : undefined;
    });
    await new Promise((r) => setTimeout(r, 1000)); // time for any duplicate to show
    const all = await anonymous.entities.AutoLog.filter({ order_id: order.id });
    assert.equal(all.length, 3, JSON.stringify(all));
    const byType = Object.fromEntries(logs.map((l) => [l.event_type, l]));
    assert.deepEqual(Object.keys(byType).sort(), ["create", "delete", "update"]);
    assert.equal(byType.create.title, "first");
    assert.equal(byType.update.title, "second");
    assert.equal(byType.update.old_title, "first");
    assert.equal(byType.delete.title, "second");
    for (const l of all) {
      assert.equal(l.automation, "Order changed");
      assert.equal(l.had_user, false, "only the service header");
    }
  });
});
