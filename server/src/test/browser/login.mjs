// Signs in on the hosted login page with a real headless Chromium and prints the access token
// the page hands back to from_url (api-contract §2.8).
//
// Usage: node login.mjs signin|register|provider|popup <baseUrl> <email> <password> [screenshot.png]
// signin: a wrong password first (the error must show), then the right one.
// register: creates the account, prints "AWAITING_CODE", reads the 6-digit code from stdin, enters it.
// provider: clicks "Continue with Google" on the login page; the OpenID Connect provider (a test
//   provider that signs in without asking) sends the browser back to from_url with the token.
// popup: from a page of the app's origin, opens the Google sign-in in a popup (as the client does
//   inside an iframe) and waits for the popup's postMessage; prints "ORIGIN <origin>" too.
// reset: opens the reset link from a mail (given in place of the email: a path with its query), chooses
//   the password (given as the password), and prints "RESET saved" when the page confirms.
// Prints "TOKEN <jwt>" (and "NEW <is_new_user>" for provider/popup) on success; exits non-zero otherwise.
import { launchChromium } from "./chromium.mjs";
import { createInterface } from "node:readline";

const [mode, base, email, password, screenshot] = process.argv.slice(2);
if (!["signin", "register", "provider", "popup", "reset"].includes(mode) || !base || !email || !password) {
  console.error("usage: node login.mjs signin|register|provider|popup <baseUrl> <email> <password> [screenshot.png]");
  process.exit(2);
}

function readLine() {
  const rl = createInterface({ input: process.stdin });
  return new Promise((resolve) => rl.once("line", (line) => { rl.close(); resolve(line.trim()); }));
}

const { context, close } = await launchChromium({ width: 1000, height: 720 });
let failed = false;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => console.error("[page]", m.type(), m.text()));
  const target = `${base}/done?keep=1`;
  const landed = (u) => u.pathname === "/done" && u.searchParams.has("access_token");
  if (mode === "reset") {
    await page.goto(base + email, { timeout: 30000 });
    const form = page.locator("#choose");
    // Two different passwords first: the page must say so and send nothing.
    await form.getByLabel("New password", { exact: true }).fill(password);
    await form.getByLabel("Repeat the new password", { exact: true }).fill(password + "x");
    await form.getByRole("button", { name: "Save password", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: "not the same" }).waitFor({ timeout: 15000 });
    await form.getByLabel("Repeat the new password", { exact: true }).fill(password);
    await form.getByRole("button", { name: "Save password", exact: true }).click();
    await page.getByRole("heading", { name: "Password saved" }).waitFor({ timeout: 15000 });
    if (screenshot) await page.screenshot({ path: screenshot });
    const login = await page.getByRole("link", { name: "Sign in", exact: true }).getAttribute("href");
    if (!login.startsWith("/login?app_id=")) throw new Error("unexpected sign-in link: " + login);
    console.log("RESET saved");
  } else if (mode === "popup") {
    // Any page of the app's origin can open the popup; the message must come from that origin.
    await page.goto(`${base}/done`, { timeout: 30000 });
    const message = await page.evaluate((from) => new Promise((resolve, reject) => {
      setTimeout(() => reject(new Error("no message from the popup within 30 s")), 30000);
      window.addEventListener("message", (e) => resolve({ origin: e.origin, data: e.data }), { once: true });
      const url = "/api/apps/auth/login?from_url=" + encodeURIComponent(from) +
        "&popup_origin=" + encodeURIComponent(window.location.origin);
      if (!window.open(url, "base44_auth", "width=500,height=600")) reject(new Error("the popup was blocked"));
    }), target);
    console.log("ORIGIN " + message.origin);
    console.log("NEW " + message.data.is_new_user);
    console.log("TOKEN " + message.data.access_token);
  } else {
    await page.goto(`${base}/login?from_url=${encodeURIComponent(target)}`, { timeout: 30000 });
    if (screenshot) await page.screenshot({ path: screenshot });

    if (mode === "provider") {
      // POSTs to our callback: Apple's cross-site form_post, then the relayed one from our own page.
      let callbackPosts = 0;
      page.on("request", (r) => { if (r.method() === "POST" && r.url().includes("/callback")) callbackPosts++; });
      await Promise.all([
        page.waitForURL(landed, { timeout: 30000 }),
        // The provider's button: the email argument names it ("Facebook", "Apple"); "-" means Google.
        page.getByRole("link", { name: "Continue with " + (email === "-" ? "Google" : email), exact: true }).click(),
      ]);
      console.log("NEW " + new URL(page.url()).searchParams.get("is_new_user"));
      console.log("POSTS " + callbackPosts);
    } else if (mode === "signin") {
      // A wrong password first: the error must be announced, and the page must stay.
      const form = page.locator("#signin");
      await form.getByLabel("Email", { exact: true }).fill(email);
      await form.getByLabel("Password", { exact: true }).fill(password + "-wrong");
      await form.getByRole("button", { name: "Sign in", exact: true }).click();
      const alert = page.getByRole("alert");
      await alert.waitFor({ state: "visible", timeout: 15000 });
      console.error("wrong password message:", await alert.textContent());
      if (screenshot) await page.screenshot({ path: screenshot.replace(/\.png$/, "-error.png") });

      await form.getByLabel("Password", { exact: true }).fill(password);
      await Promise.all([
        page.waitForURL(landed, { timeout: 30000 }),
        form.getByRole("button", { name: "Sign in", exact: true }).click(),
      ]);
    } else {
      await page.getByRole("button", { name: "Create an account", exact: true }).click();
      const form = page.locator("#register");
      await form.getByLabel("Email", { exact: true }).fill(email);
      await form.getByLabel("Password", { exact: true }).fill(password);
      await form.getByRole("button", { name: "Create account", exact: true }).click();
      const verify = page.locator("#verify");
      await verify.waitFor({ state: "visible", timeout: 15000 });
      if (screenshot) await page.screenshot({ path: screenshot.replace(/\.png$/, "-code.png") });
      console.log("AWAITING_CODE");
      const code = await readLine();
      await verify.getByLabel("Verification code", { exact: true }).fill(code);
      await Promise.all([
        page.waitForURL(landed, { timeout: 30000 }),
        verify.getByRole("button", { name: "Verify and sign in", exact: true }).click(),
      ]);
    }
    const url = new URL(page.url());
    if (url.searchParams.get("keep") !== "1") throw new Error("from_url lost its own query: " + page.url());
    console.log("TOKEN " + url.searchParams.get("access_token"));
  }
} catch (e) {
  failed = true;
  console.error("browser login failed:", e && e.stack ? e.stack : e);
} finally {
  await close();
}
process.exit(failed ? 1 : 0);
