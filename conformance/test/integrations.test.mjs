// Core integrations for files and mail through the official client (api-contract §7.1, §7.2):
// UploadFile (Node's File), the /media/ URL it answers (type, length, validators, ranges, nosniff, and HTML served as a
// sandboxed attachment), UploadPrivateFile + CreateFileSignedUrl (the signed URL works, tampering and expiry do not),
// bad uploads (no file, empty, over 50 MB), who may call (anonymous 401 naming the setting), SendEmail (registered
// recipients for users, anyone for the service role, the mail itself read over POP3), and ExtractDataFromUploadedFile on
// tables (CSV, JSON: no model; its model path is in ai.test.mjs).
// No entity. Principals: anonymous, the bootstrap admin, a user registered here, the service role.
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import {
  client, signedInClient, serviceClient, rejectsWith, raw, sleep, SERVER_URL, APP_ID, TEST_EMAIL,
  NO_ACCOUNT, NO_SERVICE,
} from "../lib/harness.mjs";
import { registerUser, waitForMail, uniqueEmail, NO_MAIL } from "../lib/mail.mjs";

const bytes = (n, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe("UploadFile and /media/ (§7.1, §7.2)", { skip: NO_ACCOUNT }, () => {
  let core;
  before(async () => {
    core = (await signedInClient()).client.integrations.Core;
  });

  test("a File uploads to an absolute public URL served to anyone with its type, validators and ranges", async () => {
    const data = bytes(5000);
    const res = await core.UploadFile({ file: new File([data], "photo.PNG", { type: "image/png" }) });
    assert.match(res.file_url, new RegExp(`^${SERVER_URL.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/media/[0-9a-f-]{36}\\.png$`));

    const got = await fetch(res.file_url); // no token
    assert.equal(got.status, 200);
    assert.deepEqual(new Uint8Array(await got.arrayBuffer()), data);
    assert.equal(got.headers.get("content-type"), "image/png");
    assert.equal(got.headers.get("content-length"), "5000");
    assert.equal(got.headers.get("x-content-type-options"), "nosniff");
    assert.match(got.headers.get("cache-control"), /max-age=31536000/);
    assert.ok(got.headers.get("last-modified"));
    const etag = got.headers.get("etag");
    assert.ok(etag);

    assert.equal((await fetch(res.file_url, { headers: { "If-None-Match": etag } })).status, 304);
    const part = await fetch(res.file_url, { headers: { Range: "bytes=100-199" } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get("content-range"), "bytes 100-199/5000");
    assert.deepEqual(new Uint8Array(await part.arrayBuffer()), data.slice(100, 200));
    assert.equal((await fetch(res.file_url, { headers: { Range: "bytes=9000-" } })).status, 416);
  });

  test("HTML and SVG uploads are served as sandboxed attachments, never run on the API's origin", async () => {
    for (const [name, type] of [["page.html", "text/html"], ["logo.svg", "image/svg+xml"]]) {
      const res = await core.UploadFile({ file: new File(["<script>alert(1)</script>"], name, { type }) });
      const got = await fetch(res.file_url);
      assert.equal(got.status, 200);
      assert.match(got.headers.get("content-disposition") ?? "", /^attachment/, name);
      assert.match(got.headers.get("content-security-policy") ?? "", /^sandbox/, name);
      assert.equal(got.headers.get("x-content-type-options"), "nosniff");
    }
  });

  test("no file, an empty file and a file over 50 MB are refused with a message", async () => {
    const none = await rejectsWith(core.UploadFile({}), 400);
    assert.equal(none.data.error, "No file uploaded");
    await rejectsWith(core.UploadFile({ file: "not a file" }), 400);
    await rejectsWith(core.UploadFile({ file: new File([], "empty.png") }), 400, /empty/);
    await rejectsWith(core.UploadFile({ file: new File([new Uint8Array(50 * 1024 * 1024 + 1)], "big.bin") }), 413);
  });

  test("anonymous callers get a 401 that names the setting", async () => {
    await rejectsWith(client().integrations.Core.UploadFile({ file: new File(["x"], "a.txt") }), 401, /allowAnonymous/);
    await rejectsWith(client().integrations.Core.SendEmail({ to: "a@example.com", subject: "s", body: "b" }), 401, /allowAnonymous/);
  });
});

describe("UploadPrivateFile and CreateFileSignedUrl (§7.1, §7.2)", { skip: NO_ACCOUNT }, () => {
  let core;
  before(async () => {
    core = (await signedInClient()).client.integrations.Core;
  });

  test("a private file is served only through its signed URL; tampering and expiry are refused", async () => {
    const data = bytes(2048, 7);
    const { file_uri } = await core.UploadPrivateFile({ file: new File([data], "report.pdf", { type: "application/pdf" }) });
    assert.match(file_uri, /^[0-9a-f-]{36}\.pdf$/);
    assert.equal((await fetch(`${SERVER_URL}/media/${file_uri}`)).status, 404);

    const { signed_url } = await core.CreateFileSignedUrl({ file_uri });
    const got = await fetch(signed_url);
    assert.equal(got.status, 200);
    assert.deepEqual(new Uint8Array(await got.arrayBuffer()), data);
    assert.equal(got.headers.get("content-type"), "application/pdf");

    const url = new URL(signed_url);
    const tampered = new URL(url);
    const token = url.searchParams.get("token");
    tampered.searchParams.set("token", (token[0] === "A" ? "B" : "A") + token.slice(1));
    const bad = await raw("GET", tampered.toString());
    assert.equal(bad.status, 400);
    assert.equal(bad.body.message, "signature verification failed");
    const later = new URL(url);
    later.searchParams.set("expires", String(Number(url.searchParams.get("expires")) + 3600));
    assert.equal((await fetch(later)).status, 400);
    const missing = new URL(url);
    missing.searchParams.delete("token");
    const unsigned = await raw("GET", missing.toString());
    assert.equal(unsigned.status, 401);
    assert.equal(unsigned.body.message, "Missing token");

    const short = await core.CreateFileSignedUrl({ file_uri, expires_in: 1 });
    await sleep(2100);
    const expired = await fetch(short.signed_url);
    assert.equal(expired.status, 403);
    assert.notDeepEqual(new Uint8Array(await expired.arrayBuffer()), data);
  });

  test("a missing or unknown file_uri is a 4xx", async () => {
    const err = await rejectsWith(core.CreateFileSignedUrl({}), 400, "file_uri is required");
    assert.equal(err.data.error, "file_uri is required");
    await rejectsWith(core.CreateFileSignedUrl({ file_uri: "00000000-0000-0000-0000-000000000000.pdf" }), 404);
    await rejectsWith(core.CreateFileSignedUrl({ file_uri: "../../homebase.db" }), 404);
  });
});

describe("SendEmail (§7.1)", { skip: NO_ACCOUNT || NO_SERVICE || NO_MAIL }, () => {
  test("a user writes to a registered user; the mail arrives; strangers are 403", async () => {
    const sender = await registerUser("sendmail");
    const res = await sender.client.integrations.Core.SendEmail({ to: TEST_EMAIL, subject: `Hello ${sender.email}`, body: "Plain text" });
    assert.equal(res.success, true);
    assert.match(res.message_id, /^<.+>$/);
    await rejectsWith(sender.client.integrations.Core.SendEmail({ to: uniqueEmail("stranger"), subject: "s", body: "b" }), 403,
      /registered users/);
  });

  test("the service role writes to anyone; an HTML body arrives with its plain-text alternative", async () => {
    const to = uniqueEmail("outsider");
    const res = await serviceClient().asServiceRole.integrations.Core.SendEmail({
      to, subject: "Your receipt", body: "<h1>Thanks</h1><p>Order &amp; receipt</p>", from_name: "Shop",
    });
    assert.equal(res.success, true);
    const mail = await waitForMail(to, 1);
    assert.equal(mail.subject, "Your receipt");
    assert.match(mail.text, /Thanks/);
    assert.match(mail.headers.from, /Shop/);
    assert.match(mail.headers["content-type"], /multipart\/alternative/);
  });

  test("bad input is a 400 with a message", async () => {
    const core = serviceClient().asServiceRole.integrations.Core;
    await rejectsWith(core.SendEmail({ subject: "s", body: "b" }), 400, /to/);
    await rejectsWith(core.SendEmail({ to: "a@example.com, b@example.com", subject: "s", body: "b" }), 400);
    await rejectsWith(core.SendEmail({ to: "a@example.com", subject: "s\r\nBcc: x@example.com", body: "b" }), 400);
  });
});

describe("ExtractDataFromUploadedFile (§7.1): tables without a model", { skip: NO_ACCOUNT }, () => {
  const ROWS = {
    type: "array",
    items: {
      type: "object",
      properties: { name: { type: "string" }, price: { type: "number" }, qty: { type: "integer" }, active: { type: "boolean" } },
      required: ["name"],
    },
  };
  const CSV = 'Name,Price,Qty,Active\r\nWidget,12.50,3,yes\r\n"Gadget, large",7,10,no\r\n';
  let core;
  const upload = async (name, text) => (await core.UploadFile({ file: new File([text], name, { type: "text/plain" }) })).file_url;
  before(async () => {
    core = (await signedInClient()).client.integrations.Core;
  });

  test("a CSV File maps onto an array schema, values coerced; an object schema gets the rows in its array property, spread", async () => {
    const file_url = await upload("products.csv", CSV);
    const rows = [
      { name: "Widget", price: 12.5, qty: 3, active: true },
      { name: "Gadget, large", price: 7, qty: 10, active: false },
    ];
    const res = await core.ExtractDataFromUploadedFile({ file_url, json_schema: ROWS });
    assert.deepEqual(res, { status: "success", details: null, output: rows });

    const wrapped = await core.ExtractDataFromUploadedFile({ file_url, json_schema: { type: "object", properties: { products: ROWS } } });
    assert.equal(wrapped.status, "success");
    assert.deepEqual(wrapped.output, { products: rows });
    assert.deepEqual(wrapped.products, rows, "the object's fields are also at the top level");
  });

  test("JSON files too; a value that cannot be coerced is status error naming the row and column", async () => {
    const json = await upload("data.json", JSON.stringify([{ name: "A", price: "3.5" }]));
    assert.deepEqual((await core.ExtractDataFromUploadedFile({ file_url: json, json_schema: ROWS })).output, [{ name: "A", price: 3.5 }]);
    const bad = await upload("bad.csv", "name,price\nA,1\nB,cheap\n");
    const res = await core.ExtractDataFromUploadedFile({ file_url: bad, json_schema: ROWS });
    assert.equal(res.status, "error");
    assert.equal(res.output, null);
    assert.match(res.details, /row 3, column "price": "cheap" is not a number/);
  });

  test("a private file through its signed URL; a tampered one, another server's URL and a bad schema are 4xx", async () => {
    const { file_uri } = await core.UploadPrivateFile({ file: new File([CSV], "private.csv", { type: "text/csv" }) });
    const { signed_url } = await core.CreateFileSignedUrl({ file_uri });
    assert.equal((await core.ExtractDataFromUploadedFile({ file_url: signed_url, json_schema: ROWS })).output.length, 2);
    const tampered = new URL(signed_url);
    const token = tampered.searchParams.get("token");
    tampered.searchParams.set("token", (token[0] === "A" ? "B" : "A") + token.slice(1));
    await rejectsWith(core.ExtractDataFromUploadedFile({ file_url: tampered.toString(), json_schema: ROWS }), 400, /signature/);
    await rejectsWith(core.ExtractDataFromUploadedFile({ file_url: signed_url.split("?")[0], json_schema: ROWS }), 401, /CreateFileSignedUrl/);
    await rejectsWith(core.ExtractDataFromUploadedFile({ file_url: "https://elsewhere.example/media/a.csv", json_schema: ROWS }), 400,
      /not a file of this server/);
    const file_url = await upload("p.csv", CSV);
    await rejectsWith(core.ExtractDataFromUploadedFile({ file_url, json_schema: { type: "thing" } }), 400, /not a JSON Schema type/);
    await rejectsWith(core.ExtractDataFromUploadedFile({ json_schema: ROWS }), 400, /file_url is required/);
    await rejectsWith(client().integrations.Core.ExtractDataFromUploadedFile({ file_url, json_schema: ROWS }), 401, /allowAnonymous/);
  });
});
