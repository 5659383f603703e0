// Debian's Chromium, headless, for the browser tests' scripts: the flags this closed network needs (no background
// connections, no component updates, no sync, no QUIC) and a fresh profile folder that close() removes.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Launches Chromium (CHROMIUM, default /usr/bin/chromium) with a new profile; resolves to { context, close }. */
export async function launchChromium(viewport, options = {}) {
  const profile = mkdtempSync(join(tmpdir(), "homebase-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport,
    ...options,
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

/**
 * Runs one browser test script: Chromium with `viewport` (and launch `options`), one page whose console is echoed to
 * stderr and whose console errors (unless `expected(message)` says the test provoked them) and page errors fail the
 * run; then `steps(page)`. Prints "DONE ok" when all passed and exits 0, else prints the error and exits 1.
 */
export async function runPage(viewport, options, expected, steps) {
  const { context, close } = await launchChromium(viewport, options);
  const problems = [];
  let failed = false;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (m) => {
      console.error("[page]", m.type(), m.text());
      if (m.type() === "error" && !expected(m)) problems.push(m.text() + " " + ((m.location() && m.location().url) || ""));
    });
    page.on("pageerror", (e) => problems.push("page error: " + e.message));
    await steps(page);
    if (problems.length) throw new Error("console errors:\n" + problems.join("\n"));
    console.log("DONE ok");
  } catch (e) {
    failed = true;
    console.error(e.stack || String(e));
  } finally {
    await close();
  }
  process.exit(failed ? 1 : 0);
}
