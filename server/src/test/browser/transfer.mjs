// The Data page's export and import in a real headless Chromium (run by DashboardDataTransferBrowserTest): signs in,
// filters and sorts the Ledger entity and exports it as CSV and JSON (the downloads' content is checked), then imports
// a CSV with one bad row into the empty LedgerCopy entity (the alert must name the row and nothing is written), fixes
// the file, imports again and sees the records in the table; last, it imports the exported CSV (the round trip). Any console error or page error fails the run.
//
// Usage: node transfer.mjs <baseUrl> <appId> <email> <password> <outDir>
// Writes <outDir>/export.csv, <outDir>/export.json and <outDir>/import.png.
import { runPage } from "./chromium.mjs";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [base, appId, email, password, out] = process.argv.slice(2);
if (!base || !appId || !email || !password || !out) {
  console.error("usage: node transfer.mjs <baseUrl> <appId> <email> <password> <outDir>");
  process.exit(2);
}


function expect(ok, message) {
  if (!ok) throw new Error(message);
}

await runPage({ width: 1200, height: 900 }, { acceptDownloads: true }, () => false, async (page) => {
  const rows = page.locator("tbody tr[data-id]");
  const entities = page.getByRole("navigation", { name: "Entities" });

  await page.goto(`${base}/_/?app=${encodeURIComponent(appId)}`, { timeout: 30000 });
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Password").press("Enter");
  await entities.getByRole("button", { name: "Ledger", exact: true }).click();
  await page.getByRole("heading", { name: "Ledger", exact: true }).waitFor({ timeout: 15000 });
  await rows.first().waitFor({ timeout: 15000 });

  // Export what the table shows: qty >= 2, ascending qty.
  await page.getByLabel("Filter (JSON query)").fill('{"qty": {"$gte": 2}}');
  await page.getByLabel("Sort").selectOption("qty");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForFunction(() => document.querySelectorAll("tbody tr[data-id]").length === 2, null, { timeout: 15000 });
  const [csvDownload] = await Promise.all([
    page.waitForEvent("download", { timeout: 15000 }),
    page.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  expect(csvDownload.suggestedFilename() === "Ledger.csv", "CSV file name: " + csvDownload.suggestedFilename());
  const csv = readFileSync(await csvDownload.path(), "utf8");
  writeFileSync(join(out, "export.csv"), csv);
  expect(csv.startsWith("id,title,amount,qty,paid,tags,meta,due,note,created_date,updated_date,created_by\r\n"), "CSV header: " + csv);
  expect(csv.indexOf("beta") > 0 && csv.indexOf("gamma") > csv.indexOf("beta") && !csv.includes("alpha"), "CSV rows: " + csv);
  await page.getByRole("status").filter({ hasText: "Exported Ledger.csv (filtered)." }).waitFor({ timeout: 15000 });

  const [jsonDownload] = await Promise.all([
    page.waitForEvent("download", { timeout: 15000 }),
    page.getByRole("button", { name: "Export JSON" }).click(),
  ]);
  const json = JSON.parse(readFileSync(await jsonDownload.path(), "utf8"));
  writeFileSync(join(out, "export.json"), JSON.stringify(json));
  expect(json.map((r) => r.title).join() === "beta,gamma", "JSON records: " + JSON.stringify(json));

  // Import into the empty LedgerCopy: a CSV whose row 2 has a bad integer first.
  await entities.getByRole("button", { name: "LedgerCopy", exact: true }).click();
  await page.getByRole("heading", { name: "LedgerCopy", exact: true }).waitFor({ timeout: 15000 });
  await page.getByText("No records.").waitFor({ timeout: 15000 });
  await page.getByText("Import CSV or JSON").click();
  const picker = page.getByLabel("File to import (CSV with a header row, or a JSON array)");
  // A file the page cannot read is named with its problem, before anything is sent.
  await picker.setInputFiles({ name: "broken.csv", mimeType: "text/csv", buffer: Buffer.from("title,qty\r\na,1,extra\r\n") });
  await page.getByRole("alert").filter({ hasText: "broken.csv: Row 1: has 3 cells but the header has 2" }).waitFor({ timeout: 15000 });
  expect(await page.getByRole("button", { name: "Import", exact: true }).isDisabled(), "nothing to import");
  const bad = 'Title,qty,paid,tags,meta,id\r\nfirst,1,true,"[""x"", ""y""]","{""color"": ""red""}",abc\r\nsecond,lots,false,,,abd\r\n'
    + 'third,3,false,,,abe\r\n';
  await picker.setInputFiles({ name: "ledger.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await page.getByRole("table").filter({ hasText: "ledger.csv: 3 rows" }).waitFor({ timeout: 15000 });
  expect((await page.getByLabel("Field for column Title").inputValue()) === "title", "Title maps to title");
  expect((await page.getByLabel("Field for column id").inputValue()) === "", "id is skipped");
  const submit = page.getByRole("button", { name: "Import 3 rows" });
  await submit.focus();
  await page.keyboard.press("Enter");
  const alert = page.getByRole("alert").filter({ hasText: "Row 2" });
  await alert.waitFor({ timeout: 15000 });
  const said = await alert.innerText();
  expect(/Nothing was imported\. Row 2: Error in field qty: Input should be a valid integer/.test(said), "alert: " + said);
  await page.locator("tr.bad-row").filter({ hasText: "lots" }).waitFor({ timeout: 15000 });
  await page.screenshot({ path: join(out, "import.png"), fullPage: true });
  expect((await rows.count()) === 0, "nothing was written");

  // Fix the file and import again.
  await picker.setInputFiles({ name: "ledger-fixed.csv", mimeType: "text/csv", buffer: Buffer.from(bad.replace("lots", "2")) });
  await page.getByRole("table").filter({ hasText: "ledger-fixed.csv: 3 rows" }).waitFor({ timeout: 15000 });
  await page.getByRole("button", { name: "Import 3 rows" }).click();
  await page.getByRole("status").filter({ hasText: "Imported 3 records into LedgerCopy." }).waitFor({ timeout: 15000 });
  await page.waitForFunction(() => document.querySelectorAll("tbody tr[data-id]").length === 3, null, { timeout: 15000 });
  for (const title of ["first", "second", "third"]) await rows.filter({ hasText: title }).waitFor({ timeout: 15000 });
  const firstRow = await rows.filter({ hasText: "first" }).innerText();
  expect(firstRow.includes('["x","y"]') && firstRow.includes('{"color":"red"}'), "converted cells: " + firstRow);
  expect((await page.getByRole("alert").count()) === 0, "the alert is gone");

  // The round trip: the CSV exported above, imported as it is (quoted line breaks, quotes, non-ASCII text).
  await page.getByText("Import CSV or JSON").click();
  await picker.setInputFiles({ name: "Ledger.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("table").filter({ hasText: "Ledger.csv: 2 rows" }).waitFor({ timeout: 15000 });
  await page.getByRole("button", { name: "Import 2 rows" }).click();
  await page.getByRole("status").filter({ hasText: "Imported 2 records into LedgerCopy." }).waitFor({ timeout: 15000 });
  await page.waitForFunction(() => document.querySelectorAll("tbody tr[data-id]").length === 5, null, { timeout: 15000 });

});
