// The dashboard's Users and Apps pages in a real headless Chromium (run by DashboardUsersBrowserTest): the server admin
// signs in to the first app, disables and enables users (one by keyboard), sends a reset mail, deletes a user after a
// confirm dialog (dismissed once first), sees the server's message when a delete fails, then lists every app and
// switches to the second without signing in again; an admin of one app only sees just their app. Any console error or
// page error fails the run, except the browser's own "Failed to load resource" line for the one 404 the test provokes.
//
// Usage: node dashboard-users.mjs <baseUrl> <appId> <otherAppId> <email> <password> <localAdminEmail> <screenshotDir>
import { runPage } from "./chromium.mjs";
import { join } from "node:path";

const [base, appId, otherApp, email, password, localAdmin, shots] = process.argv.slice(2);
if (!shots) {
  console.error("usage: node dashboard-users.mjs <baseUrl> <appId> <otherAppId> <email> <password> <localAdminEmail> <screenshotDir>");
  process.exit(2);
}

const dialogs = [];
let answer = "accept";
const T = { timeout: 15000 };
await runPage({ width: 1200, height: 560 }, {}, (m) => /Failed to load resource: the server responded with a status of 404/.test(m.text()), async (page) => {
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    if (answer === "accept") d.accept(); else d.dismiss();
  });
  const status = (text) => page.getByRole("status").filter({ hasText: text }).waitFor(T);
  const row = (who) => page.locator("tbody tr[data-id]").filter({ hasText: who });

  async function signIn(app, who) {
    await page.goto(`${base}/_/?app=${encodeURIComponent(app)}`, { timeout: 30000 });
    await page.getByLabel("Email").fill(who);
    await page.getByLabel("Password").fill(password);
    await page.getByLabel("Password").press("Enter"); // the form submits with Enter
    await page.getByRole("navigation", { name: "Pages" }).waitFor(T);
  }

  await signIn(appId, email);
  await page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name: "Users" }).click();
  await page.getByRole("heading", { name: "Users", exact: true }).waitFor(T);
  await row("ann@example.test").waitFor(T);
  if (await row(email).getByRole("button").count()) throw new Error("your own row must offer no action");

  // Disable ann, then enable her with the keyboard; disable cat for good.
  await page.getByRole("button", { name: "Disable ann@example.test" }).click();
  await status("ann@example.test is disabled.");
  await row("ann@example.test").filter({ hasText: "disabled" }).waitFor(T);
  await page.getByRole("button", { name: "Enable ann@example.test" }).focus();
  await page.keyboard.press("Enter");
  await status("ann@example.test is enabled.");
  await page.getByRole("button", { name: "Disable ann@example.test" }).waitFor(T);
  await page.getByRole("button", { name: "Disable cat@example.test" }).click();
  await status("cat@example.test is disabled.");
  await row("cat@example.test").filter({ hasText: "disabled" }).waitFor(T); // the list is read again after the status
  if (await page.getByRole("button", { name: "Send reset mail to cat@example.test" }).count()) {
    throw new Error("a disabled user gets no reset mail");
  }

  // A reset mail to bob, through the same route as the login page's "Forgot password".
  await page.getByRole("button", { name: "Send reset mail to bob@example.test" }).click();
  await status("Reset mail sent to bob@example.test.");

  // Delete dan: dismissing the confirm dialog keeps him; accepting deletes him.
  answer = "dismiss";
  await page.getByRole("button", { name: "Delete dan@example.test" }).click();
  await page.waitForTimeout(300);
  if (!dialogs.at(-1)?.includes("dan@example.test")) throw new Error("no confirm dialog naming dan: " + dialogs.join(" | "));
  if (!(await row("dan@example.test").count())) throw new Error("dan was deleted although the dialog was dismissed");
  answer = "accept";
  await page.getByRole("button", { name: "Delete dan@example.test" }).click();
  await status("Deleted dan@example.test.");
  await page.waitForFunction(() => ![...document.querySelectorAll("tbody tr[data-id]")].some((r) => r.textContent.includes("dan@")), null, T);

  // A failed request shows the server's message: eve is deleted behind the page's back, then deleted again here.
  const eveId = await row("eve@example.test").getAttribute("data-id");
  const gone = await page.evaluate(async ([app, id]) => {
    const s = JSON.parse(sessionStorage.getItem("homebase.dashboard.session"));
    const r = await fetch(`/api/apps/${app}/dashboard/users/${id}`, { method: "DELETE", headers: { Authorization: "Bearer " + s.token } });
    return r.status;
  }, [appId, eveId]);
  if (gone !== 200) throw new Error("could not delete eve behind the page: " + gone);
  await page.getByRole("button", { name: "Delete eve@example.test" }).click();
  await page.getByRole("alert").filter({ hasText: "not found (HTTP 404)" }).waitFor(T);
  await page.getByLabel("Search by email").fill("example");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.waitForFunction(() => ![...document.querySelectorAll("tbody tr[data-id]")].some((r) => r.textContent.includes("eve@")), null, T);
  await page.screenshot({ path: join(shots, "users.png"), fullPage: true });

  // Apps: every app with its counts; switch to the other one without signing in again.
  await page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name: "Apps" }).click();
  await page.getByRole("heading", { name: "Apps", exact: true }).waitFor(T);
  await row(otherApp).waitFor(T);
  await page.screenshot({ path: join(shots, "apps.png"), fullPage: true });
  await page.getByRole("button", { name: "Switch to app " + otherApp }).click();
  await status("Switched to app");
  await page.locator("header").filter({ hasText: otherApp }).waitFor(T);
  await row(otherApp).filter({ hasText: "current app" }).waitFor(T);
  await page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name: "Data" }).click();
  await page.getByRole("navigation", { name: "Entities" }).getByRole("button", { name: "Note", exact: true }).waitFor(T);
  await page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name: "Users" }).click();
  await row(email).waitFor(T);
  console.log("SWITCHED " + (await page.evaluate(() => JSON.parse(sessionStorage.getItem("homebase.dashboard.session")).appId)));

  // An admin of one app only: the Apps page shows just that app, and asks nothing the server would refuse.
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(appId, localAdmin);
  await page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name: "Apps" }).click();
  await page.getByText("You are an admin of app").waitFor(T);
  if (await page.locator("tbody tr[data-id]").count()) throw new Error("an app admin must not see the list of apps");

});
