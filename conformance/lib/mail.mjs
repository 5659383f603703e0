// Reads the mail the server sent, from the suite's real mail server (GreenMail) over POP3, and
// registers users the way an app does: auth.register -> the code from the mail -> auth.verifyOtp
// -> auth.loginViaEmailPassword, all through the official client.
//
// HOMEBASE_TEST_POP3=host:port names the POP3 server (ConformanceTest sets it). GreenMail keeps one
// mailbox per recipient address; the suite logs in with the address as user and password.
// A tiny POP3 client (RFC 1939: USER, PASS, LIST, RETR, QUIT) over node:net: no dependency.
import net from "node:net";
import assert from "node:assert/strict";
import { client, sleep } from "./harness.mjs";

const POP3 = process.env.HOMEBASE_TEST_POP3;
/** Reason to skip tests that read mail. */
export const NO_MAIL = POP3 ? false : "HOMEBASE_TEST_POP3 not set (no mail server to read codes from)";

/** A fresh address nobody has used: `prefix-<time>-<random>@conformance.test`. */
export function uniqueEmail(prefix = "user") {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@conformance.test`;
}

/** Every message in `address`'s mailbox, oldest first: `{subject, to, text}`. */
export async function mailbox(address) {
  const [host, port] = POP3.split(":");
  const socket = net.createConnection({ host, port: Number(port) });
  socket.setEncoding("latin1"); // bytes as they are; bodies are decoded below
  const next = lineReader(socket);
  async function command(line, multiline = false) {
    if (line !== null) socket.write(line + "\r\n");
    const status = await next();
    if (!status.startsWith("+OK")) throw new Error(`POP3 ${line === null ? "greeting" : line.split(" ")[0]} failed: ${status}`);
    if (!multiline) return status;
    const lines = [];
    for (;;) {
      const l = await next();
      if (l === ".") return lines;
      lines.push(l.startsWith("..") ? l.slice(1) : l); // dot-stuffing
    }
  }
  try {
    await command(null);
    await command(`USER ${address}`);
    await command(`PASS ${address}`);
    const list = await command("LIST", true);
    const messages = [];
    for (const entry of list) {
      const n = entry.split(" ")[0];
      messages.push(parseMessage(await command(`RETR ${n}`, true)));
    }
    await command("QUIT");
    return messages;
  } finally {
    socket.destroy();
  }
}

/**
 * Waits (up to `timeoutMs`) until `address` has received at least `count` messages and returns
 * message number `count` (1-based). The server sends mail in the background, so it may lag the answer.
 */
export async function waitForMail(address, count = 1, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const box = await mailbox(address);
    if (box.length >= count) return box[count - 1];
    if (Date.now() > end) assert.fail(`no mail #${count} for ${address} within ${timeoutMs} ms (have ${box.length})`);
    await sleep(100);
  }
}

/** The 6-digit code of a verification mail. */
export function codeOf(mail) {
  const m = /\b(\d{6})\b/.exec(mail.text);
  assert.ok(m, `no 6-digit code in: ${mail.text}`);
  return m[1];
}

/** The reset (or invitation) token of a reset or invitation mail (`...?token=<t>`). */
export function resetTokenOf(mail) {
  const m = /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text);
  assert.ok(m, `no reset token in: ${mail.text}`);
  return m[1];
}

/**
 * Registers and verifies a new user through the official client and signs it in.
 * Returns `{client, user, token, email, password, registered}` (`registered`: the register answer).
 */
export async function registerUser(prefix = "user", password = `pw-${Math.random().toString(36).slice(2)}-long`) {
  const email = uniqueEmail(prefix);
  const c = client();
  const registered = await c.auth.register({ email, password });
  const code = codeOf(await waitForMail(email, 1));
  await c.auth.verifyOtp({ email, otpCode: code });
  const res = await c.auth.loginViaEmailPassword(email, password);
  assert.equal(typeof res.access_token, "string");
  return { client: c, user: res.user, token: res.access_token, email, password, registered };
}

function lineReader(socket) {
  let buffer = "";
  const lines = [];
  let wake = null;
  let failure = null;
  socket.on("data", (chunk) => {
    buffer += chunk;
    let i;
    while ((i = buffer.indexOf("\r\n")) >= 0) {
      lines.push(buffer.slice(0, i));
      buffer = buffer.slice(i + 2);
    }
    wake?.();
  });
  socket.on("error", (e) => { failure = e; wake?.(); });
  socket.on("close", () => { failure ??= new Error("POP3 connection closed"); wake?.(); });
  return async function next() {
    while (lines.length === 0) {
      if (failure) throw failure;
      await new Promise((resolve) => { wake = resolve; });
      wake = null;
    }
    return lines.shift();
  };
}

/** Headers (unfolded, lower-cased names) and the decoded text of a single-part message. */
function parseMessage(lines) {
  const blank = lines.indexOf("");
  const headerLines = blank < 0 ? lines : lines.slice(0, blank);
  const body = blank < 0 ? "" : lines.slice(blank + 1).join("\r\n");
  const headers = {};
  let last = null;
  for (const l of headerLines) {
    if (/^[ \t]/.test(l) && last) headers[last] += " " + l.trim();
    else {
      const i = l.indexOf(":");
      if (i > 0) {
        last = l.slice(0, i).trim().toLowerCase();
        headers[last] = l.slice(i + 1).trim();
      }
    }
  }
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  let bytes;
  if (encoding === "base64") bytes = Buffer.from(body.replace(/\s+/g, ""), "base64");
  else if (encoding === "quoted-printable") bytes = quotedPrintable(body);
  else bytes = Buffer.from(body, "latin1");
  return { subject: decodeWords(headers.subject ?? ""), to: headers.to ?? "", text: bytes.toString("utf8"), headers };
}

function quotedPrintable(s) {
  const soft = s.replace(/=\r\n/g, "");
  const out = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      out.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(soft.charCodeAt(i) & 0xff);
  }
  return Buffer.from(out);
}

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=` / `=?UTF-8?B?...?=`) in a header. */
function decodeWords(value) {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=\s*/g, (_, _charset, kind, text) =>
    kind.toUpperCase() === "B"
      ? Buffer.from(text, "base64").toString("utf8")
      : quotedPrintable(text.replace(/_/g, " ")).toString("utf8"));
}
