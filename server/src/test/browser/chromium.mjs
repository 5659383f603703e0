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
