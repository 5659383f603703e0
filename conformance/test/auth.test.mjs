// Users and sign-in through the official client (api-contract §2, §3.1): register, verify-otp,
// resend-otp, login, me, updateMe, reset-password-request + reset-password, change-password,
// inviteUser (both paths), isAuthenticated, logout and the browser URLs, bad input, token checks,
// answers that do not reveal accounts, and rate limits (429 with Retry-After).
// Every user here is new (a unique address), registered through auth.register with the code read
// from the real mail server over POP3 (lib/mail.mjs). No entity is used.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "@base44/sdk";
import {
  client, signedInClient, rejectsWith, raw, assertErrorBody, ID_RE, SERVER_URL, APP_ID, TEST_EMAIL, TEST_PASSWORD,
  NO_ACCOUNT,
} from "../lib/harness.mjs";
import { registerUser, uniqueEmail, waitForMail, mailbox, codeOf, resetTokenOf, NO_MAIL } from "../lib/mail.mjs";

const PASSWORD = "conformance-password-1";
const b64url = (s) => Buffer.from(s).toString("base64url");
const parts = (jwt) => jwt.split(".");
const claimsOf = (jwt) => JSON.parse(Buffer.from(parts(jwt)[1], "base64url").toString("utf8"));
const withToken = (token) => createClient({ serverUrl: SERVER_URL, appId: APP_ID, token });

describe("register, verify the mailed code, sign in", { skip: NO_MAIL }, () => {
  const email = uniqueEmail("reg");
  let registered, verified, mail;

  before(async () => {
    registered = await client().auth.register({ email, password: PASSWORD });
    mail = await waitForMail(email, 1);
  });

  test("register answers the future user id, a message and the code lifetime", () => {
    assert.match(registered.id, ID_RE);
    assert.equal(registered.message, "Registration successful. Please check your email for the verification code.");
    assert.equal(registered.otp_expires_in_minutes, 10);
  });

  test("the code arrives by mail, 6 digits, addressed to the new user", () => {
    assert.match(mail.to, new RegExp(email.replace(/[.+]/g, "\\$&"), "i"));
    assert.match(codeOf(mail), /^\d{6}$/);
    assert.match(mail.subject, /verification code/i);
  });

  test("no user exists and no sign-in works before verification", async () => {
    await rejectsWith(client().auth.loginViaEmailPassword(email, PASSWORD), 400, "Invalid email or password");
  });

  test("a wrong code is refused and the right one still works", async () => {
    const code = codeOf(mail);
    const wrong = code === "000000" ? "000001" : "000000";
    await rejectsWith(client().auth.verifyOtp({ email, otpCode: wrong }), 400, "Invalid verification code");
    const c = client();
    verified = await c.auth.verifyOtp({ email, otpCode: code });
    assert.equal(verified.id, registered.id);
    assert.equal(verified.success, true);
    assert.equal(verified.message, "Email verified successfully. You are now logged in.");
    assert.equal(typeof verified.access_token, "string");
    assert.equal(await c.auth.isAuthenticated(), false, "the client does not store the verify-otp token");
  });

  test("a replayed code is refused", async () => {
    await rejectsWith(client().auth.verifyOtp({ email, otpCode: codeOf(mail) }), 400, "Invalid verification code");
  });

  test("the verify-otp token is a working access token", async () => {
    const me = await withToken(verified.access_token).auth.me();
    assert.equal(me.email, email);
  });

  test("login returns the token and the full user; me() and isAuthenticated() accept it", async () => {
    const c = client();
    assert.equal(await c.auth.isAuthenticated(), false);
    const res = await c.auth.loginViaEmailPassword(email.toUpperCase(), PASSWORD);
    assert.equal(typeof res.access_token, "string");
    assert.equal(parts(res.access_token).length, 3);
    assert.equal(claimsOf(res.access_token).sub, email);
    assert.equal(res.user.email, email);
    assert.equal(res.user.id, registered.id);
    assert.equal(res.user.role, "user");
    assert.equal(res.user.is_verified, true);
    assert.equal(res.user.full_name, email.split("@")[0]);
    assert.equal(await c.auth.isAuthenticated(), true);
    const me = await c.auth.me();
    assert.equal(me.id, registered.id);
    assert.ok(!("password_hash" in me) && !("password" in me), JSON.stringify(me));
  });

  test("registering a verified email again is refused", async () => {
    await rejectsWith(client().auth.register({ email, password: PASSWORD }), 400, "A user with this email already exists");
  });
});

describe("register: bad input", { skip: NO_MAIL }, () => {
  test("malformed emails -> 400, nothing sent", async () => {
    for (const email of ["not-an-email", "a@", "@b.test", "a b@c.test", "", "x".repeat(250) + "@c.test"]) {
      await rejectsWith(client().auth.register({ email, password: PASSWORD }), 400, "Invalid email address");
    }
  });

  test("short, empty and overlong passwords -> 400", async () => {
    const email = uniqueEmail("weak");
    await rejectsWith(client().auth.register({ email, password: "short7!" }), 400, "Password must be at least 8 characters long");
    await rejectsWith(client().auth.register({ email, password: "" }), 400, "Password must be at least 8 characters long");
    await rejectsWith(client().auth.register({ email }), 400, "Password is required");
    await rejectsWith(client().auth.register({ email, password: "p".repeat(257) }), 400, "Password must be at most 256 characters long");
    assert.deepEqual(await mailbox(email), [], "no mail for a refused registration");
  });

  test("verify-otp with a malformed or unknown email -> 400", async () => {
    await rejectsWith(client().auth.verifyOtp({ email: "nobody", otpCode: "123456" }), 400, "Invalid verification code");
    await rejectsWith(client().auth.verifyOtp({ email: uniqueEmail("ghost"), otpCode: "123456" }), 400, "Invalid verification code");
  });

  test("five wrong codes spend the code: 429 with Retry-After, then a resent code works", async () => {
    const email = uniqueEmail("brute");
    await client().auth.register({ email, password: PASSWORD });
    const code = codeOf(await waitForMail(email, 1));
    const wrong = code === "999999" ? "999998" : "999999";
    for (let i = 1; i <= 4; i++) {
      await rejectsWith(client().auth.verifyOtp({ email, otpCode: wrong }), 400, "Invalid verification code");
    }
    await rejectsWith(client().auth.verifyOtp({ email, otpCode: wrong }), 429, /Too many attempts/);
    const right = await raw("POST", "/auth/verify-otp", { json: { email, otp_code: code } });
    assertErrorBody(right, 429, /Too many attempts/);
    assert.equal(right.headers.get("retry-after"), "0", "a new code may be asked for at once");
    await client().auth.resendOtp(email);
    const fresh = codeOf(await waitForMail(email, 2));
    assert.equal((await client().auth.verifyOtp({ email, otpCode: fresh })).success, true);
  });
});

describe("resend-otp", { skip: NO_MAIL }, () => {
  test("a pending registration gets a new code; the old one stops working", async () => {
    const email = uniqueEmail("resend");
    await client().auth.register({ email, password: PASSWORD });
    const first = codeOf(await waitForMail(email, 1));
    const res = await client().auth.resendOtp(email);
    assert.deepEqual(res, { message: "Verification code sent", otp_expires_in_minutes: 10 });
    const second = codeOf(await waitForMail(email, 2));
    if (second !== first) {
      await rejectsWith(client().auth.verifyOtp({ email, otpCode: first }), 400, "Invalid verification code");
    }
    assert.equal((await client().auth.verifyOtp({ email, otpCode: second })).success, true);
  });

  test("identical answers for pending, verified, unknown and malformed emails; mail only for the pending one", async () => {
    const pending = uniqueEmail("resend-p");
    await client().auth.register({ email: pending, password: PASSWORD });
    await waitForMail(pending, 1);
    const verified = await registerUser("resend-v");
    const unknown = uniqueEmail("resend-u");
    const answers = [];
    for (const email of [pending, verified.email, unknown, "not-an-email"]) {
      const r = await raw("POST", "/auth/resend-otp", { json: { email } });
      answers.push({ status: r.status, body: r.body });
    }
    for (const a of answers) assert.deepEqual(a, answers[0]);
    assert.equal(answers[0].status, 200);
    await waitForMail(pending, 2);
    assert.equal((await mailbox(verified.email)).length, 1, "only the original code went to the verified user");
    assert.deepEqual(await mailbox(unknown), []);
  });
});

describe("login failures", { skip: NO_MAIL }, () => {
  let user;
  before(async () => { user = await registerUser("login"); });

  test("wrong password and unknown email get the same 400", async () => {
    const wrong = await raw("POST", "/auth/login", { json: { email: user.email, password: "wrong-password" } });
    const unknown = await raw("POST", "/auth/login", { json: { email: uniqueEmail("nobody"), password: "wrong-password" } });
    for (const r of [wrong, unknown]) assertErrorBody(r, 400, "Invalid email or password");
    const strip = ({ request_id, ...rest }) => rest;
    assert.deepEqual(strip(wrong.body), strip(unknown.body));
    await rejectsWith(client().auth.loginViaEmailPassword(user.email, "wrong-password"), 400, "Invalid email or password");
  });

  test("malformed and missing credentials -> 400", async () => {
    await rejectsWith(client().auth.loginViaEmailPassword("not-an-email", PASSWORD), 400, "Invalid email or password");
    await rejectsWith(client().auth.loginViaEmailPassword(user.email, ""), 400, "Invalid email or password");
    assertErrorBody(await raw("POST", "/auth/login", { json: {} }), 400);
    assertErrorBody(await raw("POST", "/auth/login", { body: "{", headers: { "Content-Type": "application/json" } }), 400);
  });
});

describe("the current user", { skip: NO_MAIL }, () => {
  let user;
  before(async () => { user = await registerUser("me"); });

  test("updateMe merges custom fields and drops protected ones, including the role", async () => {
    const updated = await user.client.auth.updateMe({
      team: "green", role: "admin", email: "evil@example.test", full_name: "Mallory", is_verified: false, id: "x",
    });
    assert.equal(updated.team, "green");
    assert.equal(updated.role, "user");
    assert.equal(updated.email, user.email);
    assert.equal(updated.full_name, user.user.full_name);
    assert.equal(updated.id, user.user.id);
    assert.deepEqual(await user.client.auth.me(), updated);
  });

  test("anonymous: me() 401, updateMe 401, isAuthenticated false", async () => {
    await rejectsWith(client().auth.me(), 401, "Unauthorized");
    await rejectsWith(client().auth.updateMe({ team: "x" }), 401, "Unauthorized");
    assert.equal(await client().auth.isAuthenticated(), false);
  });

  test("logout() forgets the token in Node: me() is 401 afterwards", async () => {
    const c = client();
    await c.auth.loginViaEmailPassword(user.email, user.password);
    assert.equal(await c.auth.isAuthenticated(), true);
    c.auth.logout();
    assert.equal(await c.auth.isAuthenticated(), false);
    await rejectsWith(c.auth.me(), 401);
  });
});

describe("password reset", { skip: NO_MAIL }, () => {
  let user, token, oldToken;
  before(async () => {
    user = await registerUser("reset");
    oldToken = user.token;
  });

  test("the request answers alike for known, unknown and malformed emails; only the known one gets mail", async () => {
    const unknown = uniqueEmail("reset-u");
    const answers = [];
    for (const email of [user.email, unknown, "not-an-email"]) answers.push(await client().auth.resetPasswordRequest(email));
    for (const a of answers) assert.deepEqual(a, answers[0]);
    assert.equal(typeof answers[0].message, "string");
    const mail = await waitForMail(user.email, 2); // #1 was the verification code
    assert.match(mail.subject, /reset/i);
    token = resetTokenOf(mail);
    assert.deepEqual(await mailbox(unknown), []);
  });

  test("a weak new password or a wrong token is refused, nothing changes", async () => {
    await rejectsWith(client().auth.resetPassword({ resetToken: token, newPassword: "short" }), 400, /at least 8/);
    await rejectsWith(client().auth.resetPassword({ resetToken: "x".repeat(43), newPassword: "new-password-1" }), 400, "Reset token invalid");
    await rejectsWith(client().auth.resetPassword({ resetToken: "", newPassword: "new-password-1" }), 400, "Reset token invalid");
    assert.equal((await client().auth.loginViaEmailPassword(user.email, user.password)).user.email, user.email);
  });

  test("the mailed token sets a new password once; older tokens stop working", async () => {
    const res = await client().auth.resetPassword({ resetToken: token, newPassword: "new-password-1" });
    assert.equal(res.message, "Password reset successfully");
    assert.equal(res.email, user.email);
    await rejectsWith(client().auth.loginViaEmailPassword(user.email, user.password), 400, "Invalid email or password");
    assert.equal((await client().auth.loginViaEmailPassword(user.email, "new-password-1")).user.id, user.user.id);
    await rejectsWith(withToken(oldToken).auth.me(), 401, "Unauthorized");
  });

  test("the token is single use", async () => {
    await rejectsWith(client().auth.resetPassword({ resetToken: token, newPassword: "new-password-2" }), 400, "Reset token invalid");
  });
});

describe("change password", { skip: NO_MAIL }, () => {
  let user, other;
  before(async () => {
    [user, other] = await Promise.all([registerUser("change"), registerUser("change-o")]);
  });

  test("a wrong current password, a weak new one or another user's id is refused", async () => {
    const args = { userId: user.user.id, currentPassword: "wrong-password", newPassword: "changed-password-1" };
    await rejectsWith(user.client.auth.changePassword(args), 400, "Current password is incorrect");
    await rejectsWith(user.client.auth.changePassword({ ...args, currentPassword: user.password, newPassword: "short" }), 400, /at least 8/);
    await rejectsWith(user.client.auth.changePassword({ ...args, userId: other.user.id, currentPassword: other.password }), 403);
    await rejectsWith(client().auth.changePassword({ ...args, currentPassword: user.password }), 401, "Unauthorized");
  });

  test("success answers a new token; the old token is revoked (401 on every route)", async () => {
    const before = user.token;
    const res = await user.client.auth.changePassword({
      userId: user.user.id, currentPassword: user.password, newPassword: "changed-password-1",
    });
    assert.equal(res.message, "Password changed successfully");
    assert.notEqual(res.access_token, before);
    await rejectsWith(withToken(before).auth.me(), 401, "Unauthorized");
    await rejectsWith(withToken(before).entities.Memo.list(), 401, "Unauthorized");
    assert.equal((await withToken(res.access_token).auth.me()).id, user.user.id);
    await rejectsWith(client().auth.loginViaEmailPassword(user.email, user.password), 400);
    assert.equal((await client().auth.loginViaEmailPassword(user.email, "changed-password-1")).user.id, user.user.id);
  });
});

describe("invite", { skip: NO_MAIL || NO_ACCOUNT }, () => {
  let admin, user;
  before(async () => {
    admin = await signedInClient();
    user = await registerUser("inviter");
  });

  test("auth.inviteUser by an admin: 200, mail with a link to choose a password; the invitee signs in", async () => {
    const email = uniqueEmail("invitee");
    const res = await admin.client.auth.inviteUser(email, "user");
    assert.deepEqual(res, { success: true, user_email: email, role: "user" });
    const mail = await waitForMail(email, 1);
    assert.match(mail.subject, /invited/i);
    await client().auth.resetPassword({ resetToken: resetTokenOf(mail), newPassword: "invited-password-1" });
    const login = await client().auth.loginViaEmailPassword(email, "invited-password-1");
    assert.equal(login.user.role, "user");
    assert.equal(login.user.is_verified, true);
  });

  test("users.inviteUser (runtime path) by an admin; the client refuses other roles itself", async () => {
    const email = uniqueEmail("invitee-rt");
    assert.deepEqual(await admin.client.users.inviteUser(email, "admin"), { success: true, user_email: email, role: "admin" });
    await waitForMail(email, 1);
    await assert.rejects(admin.client.users.inviteUser(uniqueEmail("x"), "editor"), /Invalid role/);
  });

  test("ordinary users and anonymous callers may not invite (403); bad input -> 400", async () => {
    await rejectsWith(user.client.auth.inviteUser(uniqueEmail("no"), "user"), 403);
    await rejectsWith(client().auth.inviteUser(uniqueEmail("no"), "user"), 403);
    await rejectsWith(user.client.users.inviteUser(uniqueEmail("no"), "user"), 403);
    await rejectsWith(admin.client.auth.inviteUser("not-an-email", "user"), 400, "Invalid email address");
    await rejectsWith(admin.client.auth.inviteUser(uniqueEmail("no"), "bad role!"), 400, "Invalid role");
  });
});

describe("tokens that are not valid get 401 on every route", { skip: NO_MAIL }, () => {
  let user, good;
  before(async () => {
    user = await registerUser("tokens");
    good = user.token;
  });

  async function refused(token) {
    const c = withToken(token);
    await rejectsWith(c.auth.me(), 401, "Unauthorized");
    await rejectsWith(c.entities.Memo.list(), 401, "Unauthorized");
    await rejectsWith(c.entities.Memo.create({ title: "x" }), 401, "Unauthorized");
    assert.equal(await c.auth.isAuthenticated(), false);
  }

  test("the untouched token works (control)", async () => {
    assert.equal((await withToken(good).auth.me()).email, user.email);
  });

  test("alg none", async () => {
    const [, payload] = parts(good);
    await refused(`${b64url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${payload}.`);
  });

  test("a tampered payload (role admin) with the original signature", async () => {
    const [header, , signature] = parts(good);
    const forged = { ...claimsOf(good), role: "admin" };
    await refused(`${header}.${b64url(JSON.stringify(forged))}.${signature}`);
  });

  test("another algorithm (HS512 header) and a garbage token", async () => {
    const [, payload, signature] = parts(good);
    await refused(`${b64url(JSON.stringify({ alg: "HS512", typ: "JWT" }))}.${payload}.${signature}`);
    await refused("not-a-jwt");
  });

  test("a token of another app (the strict server's own admin token)", { skip: !process.env.HOMEBASE_STRICT_URL || NO_ACCOUNT }, async () => {
    const strict = createClient({ serverUrl: process.env.HOMEBASE_STRICT_URL, appId: process.env.HOMEBASE_STRICT_APP_ID });
    const res = await strict.auth.loginViaEmailPassword(TEST_EMAIL, TEST_PASSWORD);
    assert.equal((await strict.auth.me()).email, TEST_EMAIL, "valid where it was issued");
    await refused(res.access_token);
  });
});

describe("browser URLs: login page and logout redirect", () => {
  test("GET /login?from_url=&app_id= serves the hosted page", async () => {
    const from = `${SERVER_URL}/after?x=1`;
    const res = await fetch(`${SERVER_URL}/login?from_url=${encodeURIComponent(from)}&app_id=${APP_ID}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type"), /text\/html/);
    const html = await res.text();
    assert.match(html, /<form id="signin-form"/);
    assert.ok(html.includes(`data-app-id="${APP_ID}"`));
  });

  test("GET /api/apps/auth/logout?from_url= redirects (302) to from_url", async () => {
    const from = `${SERVER_URL}/after?x=1`;
    const res = await fetch(`${SERVER_URL}/api/apps/auth/logout?from_url=${encodeURIComponent(from)}`, { redirect: "manual" });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get("location"), from);
  });

  test("a from_url on another origin is refused (no open redirect)", async () => {
    const evil = encodeURIComponent("https://evil.example/steal");
    const logout = await fetch(`${SERVER_URL}/api/apps/auth/logout?from_url=${evil}`, { redirect: "manual" });
    assert.equal(logout.status, 400);
    assert.equal(logout.headers.get("location"), null);
    const login = await fetch(`${SERVER_URL}/login?from_url=${evil}&app_id=${APP_ID}`);
    assert.equal(login.status, 400);
    const slashes = await fetch(`${SERVER_URL}/api/apps/auth/logout?from_url=${encodeURIComponent("//evil.example/")}`, { redirect: "manual" });
    assert.equal(slashes.status, 400);
  });
});

describe("social login URLs (loginWithProvider) for providers the app does not enable", () => {
  // The fixture app lists no providers in config.jsonc; the flows themselves are tested in AuthOAuthTest,
  // SocialLoginTest and LoginBrowserTest against a real OpenID Connect provider and a Facebook/GitHub/Apple stub.
  for (const path of ["/api/apps/auth/login", "/api/apps/auth/microsoft/login", "/api/apps/auth/facebook/login",
    "/api/apps/auth/apple/login", "/api/apps/auth/github/login", `/api/apps/${APP_ID}/auth/sso/login`]) {
    test(`GET ${path.replace(APP_ID, "{appId}")} -> 404, no redirect`, async () => {
      const res = await fetch(`${SERVER_URL}${path}?app_id=${APP_ID}&from_url=${encodeURIComponent(SERVER_URL + "/")}`,
        { redirect: "manual" });
      assert.equal(res.status, 404);
      assert.equal(res.headers.get("location"), null);
      assert.match(await res.text(), /not enabled for this app/);
    });
  }

  test("a from_url on another origin is refused before anything else (400)", async () => {
    const res = await fetch(`${SERVER_URL}/api/apps/auth/login?app_id=${APP_ID}&from_url=${encodeURIComponent("https://evil.example/")}`,
      { redirect: "manual" });
    assert.equal(res.status, 400);
  });

  test("the login page shows no provider buttons", async () => {
    const html = await (await fetch(`${SERVER_URL}/login?app_id=${APP_ID}&from_url=%2F`)).text();
    assert.doesNotMatch(html, /Continue with/);
  });
});

describe("rate limits: 429 with Retry-After", { skip: NO_MAIL }, () => {
  // The suite's server may raise the per-email login limit (default 10 per 5 minutes); it says so here.
  const loginLimit = Number(process.env.HOMEBASE_TEST_LOGIN_PER_EMAIL ?? 10);

  test("login: past the per-email limit", async () => {
    const email = uniqueEmail("limit-login");
    for (let i = 0; i < loginLimit; i++) {
      await rejectsWith(client().auth.loginViaEmailPassword(email, "wrong-password"), 400, "Invalid email or password");
    }
    await rejectsWith(client().auth.loginViaEmailPassword(email, "wrong-password"), 429, /^Too many requests/);
    const limited = await raw("POST", "/auth/login", { json: { email, password: "wrong-password" } });
    assertErrorBody(limited, 429, /^Too many requests/);
    const retry = Number(limited.headers.get("retry-after"));
    assert.ok(Number.isInteger(retry) && retry > 0 && retry <= 300, `Retry-After: ${limited.headers.get("retry-after")}`);
    // Another address is not affected.
    await rejectsWith(client().auth.loginViaEmailPassword(uniqueEmail("limit-other"), "wrong-password"), 400);
  });

  test("mail: past the per-email limit (5 per 15 minutes), for known and unknown addresses alike", async () => {
    const email = uniqueEmail("limit-mail");
    for (let i = 0; i < 5; i++) await client().auth.resendOtp(email);
    const limited = await raw("POST", "/auth/resend-otp", { json: { email } });
    assertErrorBody(limited, 429, /^Too many requests/);
    const retry = Number(limited.headers.get("retry-after"));
    assert.ok(Number.isInteger(retry) && retry > 0 && retry <= 900, `Retry-After: ${limited.headers.get("retry-after")}`);
    await rejectsWith(client().auth.resetPasswordRequest(email), 429);
    await rejectsWith(client().auth.register({ email, password: PASSWORD }), 429);
  });
});
