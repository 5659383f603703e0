// The dashboard's Activity and Settings pages in a real headless Chromium (run by DashboardOpsBrowserTest): signs in,
// opens Activity and checks the charts against the seeded page views and events, switches the range to 7 days (by
// keyboard), opens Settings, sets a secret (the form submitted with Enter), sees its name and never its value in the
// DOM, replaces it, deletes it, and reads the providers / limits / storage summary. Any console error or page error
// fails the run. Screenshots: <shotDir>/activity.png and <shotDir>/settings.png.
//
// Usage: node ops.mjs <baseUrl> <appId> <email> <password> <shotDir> <secretValue>
import { runPage } from "./chromium.mjs";
import { join } from "node:path";

const [base, appId, email, password, shots, secretValue] = process.argv.slice(2);
if (!base || !appId || !email || !password || !shots || !secretValue) {
  console.error("usage: node ops.mjs <baseUrl> <appId> <email> <password> <shotDir> <secretValue>");
  process.exit(2);
}

const expect = (ok, message) => { if (!ok) throw new Error(message); };
// The one 400 the test provokes (a reserved secret name) is logged by the browser itself.
await runPage({ width: 1280, height: 900 }, {},
  (m) => /Failed to load resource: the server responded with a status of 400/.test(m.text()), async (page) => {
  page.on("dialog", (d) => d.accept());

  await page.goto(`${base}/_/?app=${encodeURIComponent(appId)}`, { timeout: 30000 });
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Password").press("Enter");
  const pages = page.getByRole("navigation", { name: "Pages" });
  await pages.getByRole("button", { name: "Activity" }).click();
  await page.getByRole("heading", { name: "Activity", exact: true }).waitFor({ timeout: 15000 });

  // 30 days by default: the seeded views, users, pages and events.
  const views = page.locator("#chart-views svg");
  await views.waitFor({ timeout: 15000 });
  const viewsLabel = await views.getAttribute("aria-label");
  console.log("views chart: " + viewsLabel);
  expect(/Page views per day: 17 views over 30 days/.test(viewsLabel), "30-day views chart: " + viewsLabel);
  expect((await page.locator("#chart-views rect").count()) === 30, "one bar per day");
  const figures = await page.locator(".figures").innerText();
  expect(/Page views\s*17/.test(figures) && /Active users\s*1/.test(figures), "figures: " + figures);
  expect(/Realtime connections now\s*0/.test(figures), "realtime: " + figures);
  const top = await page.locator(".top-pages tbody tr").first().innerText();
  expect(/\/home\s+7/.test(top), "top page: " + top);
  const signup = page.locator("figure", { has: page.locator("figcaption", { hasText: /^signup_click/ }) });
  const signupLabel = await signup.locator("svg").getAttribute("aria-label");
  expect(/signup_click: 8 events over 30 days/.test(signupLabel), "events chart: " + signupLabel);
  // The numbers behind a chart, in its table.
  await page.locator("#chart-views summary").click();
  const numbers = await page.locator("#chart-views table tbody").innerText();
  const today = new Date().toISOString().slice(0, 10);
  expect(new RegExp(today + "\\s+7").test(numbers), "table of numbers: " + numbers);
  await page.locator("#chart-views summary").click();
  await page.screenshot({ path: join(shots, "activity.png"), fullPage: true });

  // Range 7 days, by keyboard: focus the 30-day radio, arrow left to 7.
  await page.getByLabel("Last 30 days").focus();
  await page.keyboard.press("ArrowLeft");
  await page.getByText("7 days.", { exact: false }).waitFor({ timeout: 15000 });
  await page.waitForFunction(() => /over 7 days/.test(document.querySelector("#chart-views svg")?.getAttribute("aria-label") || ""),
    null, { timeout: 15000 });
  const weekLabel = await page.locator("#chart-views svg").getAttribute("aria-label");
  console.log("7-day views chart: " + weekLabel);
  expect(/Page views per day: 7 views over 7 days/.test(weekLabel), "7-day chart leaves out the older views: " + weekLabel);
  expect((await page.locator("#chart-views rect").count()) === 7, "7 bars");

  // Settings: secrets.
  await pages.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("heading", { name: "Settings", exact: true }).waitFor({ timeout: 15000 });
  await page.locator("tr[data-secret=GOOGLE_CLIENT_SECRET]").waitFor({ timeout: 15000 });
  expect((await page.locator("tr[data-secret]").count()) === 1, "only the provider's secret so far");
  // A reserved name: the server's message, in an alert.
  await page.getByLabel("Secret name").fill("DENO_DIR");
  await page.getByLabel("Value").fill("x");
  await page.getByRole("button", { name: "Save secret" }).click();
  await page.getByRole("alert").filter({ hasText: "reserved by the function runtime" }).waitFor({ timeout: 15000 });
  // Set one, submitted with Enter.
  await page.getByLabel("Secret name").fill("STRIPE_KEY");
  await page.getByLabel("Value").fill(secretValue);
  await page.getByLabel("Value").press("Enter");
  await page.getByRole("status").filter({ hasText: "Set STRIPE_KEY." }).waitFor({ timeout: 15000 });
  await page.locator("tr[data-secret=STRIPE_KEY]").waitFor({ timeout: 15000 });
  const valueInDom = await page.evaluate((v) => document.documentElement.outerHTML.includes(v)
    || [...document.querySelectorAll("input")].some((i) => i.value.includes(v)), secretValue);
  expect(!valueInDom, "the secret's value is in the DOM");
  expect((await page.getByRole("alert").count()) === 0, "the old alert is gone");
  // Replace it: the button focuses the value field with the name filled in.
  await page.getByRole("button", { name: "Replace STRIPE_KEY" }).click();
  expect((await page.getByLabel("Secret name").inputValue()) === "STRIPE_KEY", "name filled in");
  await page.keyboard.type(secretValue + "-2");
  await page.keyboard.press("Enter");
  await page.getByRole("status").filter({ hasText: "Replaced STRIPE_KEY." }).waitFor({ timeout: 15000 });
  expect(!(await page.evaluate((v) => document.documentElement.outerHTML.includes(v)
    || [...document.querySelectorAll("input")].some((i) => i.value.includes(v)), secretValue)), "replaced value in the DOM");

  // The summary: providers, limits, storage, database, mail.
  const setting = (id) => page.locator(`tr[data-setting="${id}"]`);
  await setting("sign_in.email_password").waitFor({ timeout: 15000 });
  const google = await setting("sign_in.google").innerText();
  expect((await setting("sign_in.google").locator(".badge.on").count()) === 1 && google.includes("1234.apps.googleusercontent.com") && google.includes("GOOGLE_CLIENT_SECRET"), "google: " + google);
  expect(/not configured/.test(await setting("sign_in.github").innerText()), "github not configured");
  const login = await setting("rate_limits.login_ip").innerText();
  expect(login.includes("30 per 5 min") && login.includes("HOMEBASE_AUTH_RATE_LIMITS"), "login limit: " + login);
  expect((await setting("rate_limits.llm_user").innerText()).includes("HOMEBASE_LLM_LIMIT_USER"), "LLM limit");
  expect((await setting("storage.kind").innerText()).includes("local disk"), "storage");
  expect((await setting("storage.max_upload").innerText()).includes("HOMEBASE_UPLOAD_MAX_BYTES"), "upload limit");
  expect((await setting("database.dialect").innerText()).includes("SQLite"), "database");
  expect((await setting("mail.smtp").innerText()).includes("not configured"), "mail");
  expect(!(await page.content()).includes("google-secret-value"), "a provider's secret value in the page");
  await page.screenshot({ path: join(shots, "settings.png"), fullPage: true });

  // Delete the secret (the confirm dialog is accepted).
  await page.getByRole("button", { name: "Delete STRIPE_KEY" }).click();
  await page.getByRole("status").filter({ hasText: "Deleted STRIPE_KEY." }).waitFor({ timeout: 15000 });
  await page.locator("tr[data-secret=STRIPE_KEY]").waitFor({ state: "detached", timeout: 15000 });

});
