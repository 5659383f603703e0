// The admin dashboard at /_/ in a real headless Chromium (run by DashboardBrowserTest): signs in, opens
// the Item entity, filters, creates a record through the form (first a bad value: the server's 422 must
// show on the field), edits it, deletes it, bulk-deletes two others; then invites a user and makes them an admin. Any console error or page error fails the run, except the
// browser's own "Failed to load resource" line for the one 422 the test provokes.
//
// Usage: node dashboard.mjs <baseUrl> <appId> <email> <password> <screenshotDir>
import { runPage } from "./chromium.mjs";
import { join } from "node:path";

const [base, appId, email, password, shots] = process.argv.slice(2);
if (!base || !appId || !email || !password || !shots) {
  console.error("usage: node dashboard.mjs <baseUrl> <appId> <email> <password> <screenshotDir>");
  process.exit(2);
}

await runPage({ width: 1200, height: 760 }, {}, (m) => /Failed to load resource: the server responded with a status of (400|422)/.test(m.text()), async (page) => {
  page.on("dialog", (d) => d.accept());
  const rows = page.locator("tbody tr[data-id]");

  // Sign in: a wrong password first (the server's message shows), then the right one.
  await page.goto(`${base}/_/?app=${encodeURIComponent(appId)}`, { timeout: 30000 });
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password + "-wrong");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").waitFor({ timeout: 15000 });
  await page.screenshot({ path: join(shots, "dashboard-signin.png") });
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Entities" }).getByRole("button", { name: "Item", exact: true }).click();
  await page.getByRole("heading", { name: "Item", exact: true }).waitFor({ timeout: 15000 });
  await rows.first().waitFor({ timeout: 15000 });
  const before = await rows.count();
  if (before !== 3) throw new Error(`expected the 3 seeded items, saw ${before}`);

  // Filter in the platform's query language.
  await page.getByLabel("Filter (JSON query)").fill('{"title": "beta"}');
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForFunction(() => document.querySelectorAll("tbody tr[data-id]").length === 1, null, { timeout: 15000 });
  if (!(await rows.first().innerText()).includes("beta")) throw new Error("the filter did not keep beta");
  await page.getByLabel("Filter (JSON query)").fill("{not json");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.getByRole("alert").filter({ hasText: "must be a JSON object" }).waitFor({ timeout: 15000 });
  await page.getByLabel("Filter (JSON query)").fill("");
  await page.getByLabel("Sort").selectOption("title");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForFunction(() => document.querySelectorAll("tbody tr[data-id]").length === 3, null, { timeout: 15000 });
  await page.screenshot({ path: join(shots, "dashboard-data.png") });

  // Create through the form: a bad integer first (422 on the field), then a good one.
  await page.getByRole("button", { name: "New record" }).click();
  const form = page.getByRole("form", { name: "New record" });
  await form.locator("#field-title").fill("delta");
  await form.locator("#field-count").fill("lots");
  await form.getByRole("button", { name: "Create" }).click();
  const fieldError = form.locator("#field-count-error");
  await fieldError.waitFor({ timeout: 15000 });
  const said = await fieldError.innerText();
  if (!/valid integer/i.test(said)) throw new Error("unexpected field message: " + said);
  if ((await form.locator("#field-count").getAttribute("aria-invalid")) !== "true") throw new Error("count not marked invalid");
  await page.screenshot({ path: join(shots, "dashboard-form-422.png") });
  await form.locator("#field-count").fill("7");
  await form.getByRole("button", { name: "Create" }).click();
  await page.getByRole("status").filter({ hasText: "Record created." }).waitFor({ timeout: 15000 });
  const delta = rows.filter({ hasText: "delta" });
  await delta.waitFor({ timeout: 15000 });
  console.log("CREATED " + (await delta.getAttribute("data-id")));

  // Edit it (keyboard: focus the Edit button and press Enter).
  await delta.getByRole("button", { name: "Edit" }).focus();
  await page.keyboard.press("Enter");
  const edit = page.getByRole("form", { name: "Edit record" });
  await edit.locator("#field-title").fill("delta-2");
  await edit.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Record saved." }).waitFor({ timeout: 15000 });
  await rows.filter({ hasText: "delta-2" }).waitFor({ timeout: 15000 });

  // Delete it.
  await rows.filter({ hasText: "delta-2" }).getByRole("button", { name: "Delete" }).click();
  await page.getByRole("status").filter({ hasText: "Deleted" }).waitFor({ timeout: 15000 });
  await page.waitForFunction(() => document.querySelectorAll("tbody tr[data-id]").length === 3, null, { timeout: 15000 });

  // Bulk delete: tick alpha and gamma, keep beta.
  for (const title of ["alpha", "gamma"]) await rows.filter({ hasText: title }).getByRole("checkbox").check();
  await page.getByRole("button", { name: "Delete selected (2)" }).click();
  await page.getByRole("status").filter({ hasText: "Deleted 2 records." }).waitFor({ timeout: 15000 });
  await page.waitForFunction(() => document.querySelectorAll("tbody tr[data-id]").length === 1, null, { timeout: 15000 });
  if (!(await rows.first().innerText()).includes("beta")) throw new Error("bulk delete removed the wrong records");

  // Users: invite one, then make them an admin.
  await page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name: "Users" }).click();
  await page.getByRole("heading", { name: "Users", exact: true }).waitFor({ timeout: 15000 });
  await page.getByLabel("Email to invite").fill("invited@example.test");
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await page.getByRole("status").filter({ hasText: "Invited invited@example.test as user." }).waitFor({ timeout: 15000 });
  const role = page.getByLabel("Role of invited@example.test");
  await role.waitFor({ timeout: 15000 });
  await role.selectOption("admin");
  await page.getByRole("status").filter({ hasText: "invited@example.test is now admin." }).waitFor({ timeout: 15000 });
  await page.getByLabel("Search by email").fill("INVITED");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.waitForFunction(() => document.querySelectorAll("tbody tr[data-id]").length === 1, null, { timeout: 15000 });
  await page.screenshot({ path: join(shots, "dashboard-users.png") });
});
