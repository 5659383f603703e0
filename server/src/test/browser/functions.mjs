// The dashboard's Functions page in a real headless Chromium (run by DashboardFunctionsBrowserTest): signs in,
// sees the functions with their runtimes, invokes a Deno function with a JSON body (Ctrl+Enter in the body) and
// sees its answer, sees its log line arrive in the live tail (once), is stopped by a bad JSON body before anything
// is sent, sees the alert of a failing function, filters the logs by level, text, time and function, invokes the Java
// function with GET, and checks that the tail stops polling with Live off and once the page is left. Any console
// error or page error fails the run, except the browser's own "Failed to load resource" line for the one failing
// function the test calls.
//
// Usage: node functions.mjs <baseUrl> <appId> <email> <password> <screenshotFile>
import { runPage } from "./chromium.mjs";

const [base, appId, email, password, shot] = process.argv.slice(2);
if (!base || !appId || !email || !password || !shot) {
  console.error("usage: node functions.mjs <baseUrl> <appId> <email> <password> <screenshotFile>");
  process.exit(2);
}

const step = (what) => console.log("STEP " + what);
await runPage({ width: 1200, height: 900 }, {}, (m) => /Failed to load resource: the server responded with a status of 500/.test(m.text())
  && ((m.location() && m.location().url) || "").includes("/functions/orders/fail"), async (page) => {
  const calls = []; // function invocations the page sent
  let logPolls = 0; // requests for the logs
  page.on("request", (r) => {
    if (r.url().includes(`/api/apps/${appId}/functions/`)) calls.push(r.method() + " " + r.url());
    if (r.url().includes(`/api/apps/${appId}/functions-logs`)) logPolls++;
  });

  step("sign in");
  await page.goto(`${base}/_/?app=${encodeURIComponent(appId)}`, { timeout: 30000 });
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name: "Functions" }).click();
  await page.getByRole("heading", { name: "Functions", exact: true }).waitFor({ timeout: 15000 });

  step("the list with runtimes");
  const fn = (name) => page.locator(`tr[data-function="${name}"]`);
  await fn("greet").waitFor({ timeout: 15000 });
  const runtimeOf = async (name) => (await fn(name).locator("td").nth(1).innerText()).trim();
  for (const [name, runtime] of [["greet", "Deno"], ["orders/fail", "Deno"], ["report", "Java"]]) {
    const got = await runtimeOf(name);
    if (got !== runtime) throw new Error(`${name}: runtime ${got}, expected ${runtime}`);
  }
  if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/.test((await fn("greet").locator("td").nth(3).innerText()).trim())) {
    throw new Error("no last deploy time for greet");
  }
  if (!(await fn("report").innerText()).includes("base44/functions/report/Entry.java")) throw new Error("no entry path for report");
  await page.getByText("No lines.").waitFor({ timeout: 15000 });

  step("invoke greet with a JSON body, by keyboard");
  const invoke = page.getByRole("form", { name: "Invoke a function" });
  await invoke.getByLabel("Function").selectOption("greet");
  if ((await invoke.getByLabel("Method").inputValue()) !== "POST") throw new Error("POST is not the default method");
  const body = invoke.getByLabel(/JSON body/);
  await body.fill('{"name": "Ada"}');
  await body.focus();
  await page.keyboard.press("Control+Enter");
  const answer = page.getByRole("region", { name: "Answer" });
  await answer.filter({ hasText: "HTTP 200" }).waitFor({ timeout: 60000 });
  const shown = await answer.innerText();
  if (!shown.includes('"hello": "Ada"') || !/\d+ ms/.test(shown)) throw new Error("unexpected answer: " + shown);

  step("its log line arrives in the live tail");
  const logRows = page.locator("table.log-lines tbody tr[data-log-id]");
  await logRows.filter({ hasText: "greeting Ada" }).waitFor({ timeout: 20000 });
  await page.waitForTimeout(4500); // two more polls: still one row
  if ((await logRows.filter({ hasText: "greeting Ada" }).count()) !== 1) throw new Error("the tail duplicated a line");
  await page.screenshot({ path: shot, fullPage: true });

  step("a bad JSON body is refused before sending");
  const sent = calls.length;
  await body.fill("{name: Ada");
  await invoke.getByRole("button", { name: "Send" }).click();
  await page.getByRole("alert").filter({ hasText: "not valid JSON" }).waitFor({ timeout: 15000 });
  if (calls.length !== sent) throw new Error("a bad body was sent: " + calls.slice(sent).join(", "));

  step("a failing function shows an alert");
  await invoke.getByLabel("Function").selectOption("orders/fail");
  await body.fill("{}");
  await invoke.getByRole("button", { name: "Send" }).click();
  await page.getByRole("alert").filter({ hasText: "orders/fail answered HTTP 500: Out of stock" }).waitFor({ timeout: 60000 });
  await answer.filter({ hasText: "HTTP 500" }).waitFor({ timeout: 15000 });
  await logRows.filter({ hasText: "payment service unreachable for POST" }).waitFor({ timeout: 20000 });

  step("filter the logs");
  const filters = page.getByRole("form", { name: "Filter logs" });
  const onlyRows = async (pred, what) => {
    await page.waitForFunction(
      ([p]) => {
        const rows = [...document.querySelectorAll("table.log-lines tbody tr[data-log-id]")].map((r) => r.innerText);
        return rows.length > 0 && rows.every((t) => new RegExp(p, "i").test(t));
      }, [pred], { timeout: 15000 });
    const texts = await logRows.allInnerTexts();
    console.log(`FILTER ${what}: ${texts.length} rows`);
  };
  await filters.getByLabel("Level").selectOption("warn");
  await filters.getByRole("button", { name: "Filter", exact: true }).click();
  await onlyRows("payment service unreachable", "level=warn");
  await filters.getByLabel("Level").selectOption({ label: "All levels" });
  await filters.getByLabel("Text").fill("ADA");
  await filters.getByLabel("Text").press("Enter"); // the form submits with Enter
  await onlyRows("greeting Ada", "text=ADA");
  await filters.getByLabel("Text").fill("");
  await filters.getByLabel("From (UTC)").fill("2099-01-01T00:00:00");
  await filters.getByRole("button", { name: "Filter", exact: true }).click();
  await page.getByText("0 matching lines").waitFor({ timeout: 15000 });
  if ((await logRows.count()) !== 0) throw new Error("lines from the future");
  await filters.getByLabel("From (UTC)").fill("2000-01-01T00:00:00");
  await filters.getByLabel("Function").selectOption("orders/fail");
  await filters.getByRole("button", { name: "Filter", exact: true }).click();
  await onlyRows("orders/fail", "function=orders/fail");

  step("the Java function, with GET");
  await invoke.getByLabel("Function").selectOption("report");
  await invoke.getByLabel("Method").selectOption("GET");
  await invoke.getByRole("button", { name: "Send" }).click();
  await answer.filter({ hasText: '"runtime": "java"' }).waitFor({ timeout: 90000 });
  if (!(await answer.innerText()).includes('"method": "GET"')) throw new Error("the Java function did not get a GET");

  step("Live off stops the polling, and so does leaving the page");
  await filters.getByLabel("Live").uncheck();
  await page.waitForTimeout(500);
  let before = logPolls;
  await page.waitForTimeout(4500);
  if (logPolls !== before) throw new Error(`polled ${logPolls - before} times with Live off`);
  await filters.getByLabel("Live").check();
  await page.waitForTimeout(2500);
  if (logPolls === before) throw new Error("Live on again did not poll");
  await page.getByRole("navigation", { name: "Pages" }).getByRole("button", { name: "Data" }).click();
  await page.waitForTimeout(500);
  before = logPolls;
  await page.waitForTimeout(4500);
  if (logPolls !== before) throw new Error(`polled ${logPolls - before} times after leaving the page`);

  console.log("CALLS " + calls.length);
});
