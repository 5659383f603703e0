// InvokeLLM and GenerateImage (api-contract §7.1) and the AI gateway (§15) through the official client, against
// the OpenAI-compatible provider stub that ConformanceTest starts and hands to the servers as HOMEBASE_LLM_URL
// (LlmStub.java: "ECHO:<text>" answers <text>, "STATUS:<code>" answers that status, else "stub says: <prompt>").
// HOMEBASE_TEST_LLM_STUB (the stub's base URL) lets a test read the last request the provider received.
// Principals: anonymous (refused), the signed-in test account, the service role.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "@base44/sdk";
import {
  client, signedInClient, serviceClient, rejectsWith, raw, APP_ID, SERVER_URL, NO_ACCOUNT, NO_SERVICE,
} from "../lib/harness.mjs";

const STUB = process.env.HOMEBASE_TEST_LLM_STUB;
const NO_STUB = STUB ? false : "HOMEBASE_TEST_LLM_STUB not set (the server must use the conformance LlmStub)";
const SKIP = NO_STUB || NO_ACCOUNT;

/** What the provider stub received last: {path, authorization, body}. */
async function lastProviderRequest() {
  const res = await fetch(`${STUB}/_last`);
  return res.json();
}

describe("InvokeLLM (§7.1)", { skip: SKIP }, () => {
  test("without a schema: the model's text as a bare string; Base44 model names map through the table", async () => {
    const { client: c } = await signedInClient();
    const answer = await c.integrations.Core.InvokeLLM({ prompt: "Say hello" });
    assert.equal(answer, "stub says: Say hello");
    let sent = await lastProviderRequest();
    assert.equal(sent.path, "/v1/chat/completions");
    assert.equal(sent.authorization, "Bearer sk-conformance");
    assert.equal(sent.body.model, "stub-model");
    await c.integrations.Core.InvokeLLM({ prompt: "x", model: "gpt_5_mini" });
    assert.equal((await lastProviderRequest()).body.model, "stub-mini");
    await c.integrations.Core.InvokeLLM({ prompt: "x", model: "claude_opus_4_8" });
    sent = await lastProviderRequest();
    assert.equal(sent.body.model, "stub-model", "a name not in the table uses the default");
  });

  test("with response_json_schema: structured output requested, the bare object answered", async () => {
    const { client: c } = await signedInClient();
    const schema = { type: "object", properties: { city: { type: "string" }, population: { type: "integer" } }, required: ["city"] };
    const answer = await c.integrations.Core.InvokeLLM({
      prompt: 'ECHO:{"city":"Lyon","population":513275}', response_json_schema: schema,
    });
    assert.deepEqual(answer, { city: "Lyon", population: 513275 });
    const sent = await lastProviderRequest();
    assert.equal(sent.body.response_format.type, "json_schema");
    assert.equal(sent.body.response_format.json_schema.name, "response");
    assert.deepEqual(sent.body.response_format.json_schema.schema, schema);
  });

  test("a reply that never matches the schema is a 502 after one retry", async () => {
    const { client: c } = await signedInClient();
    await rejectsWith(c.integrations.Core.InvokeLLM({
      prompt: 'ECHO:{"city":42}', response_json_schema: { type: "object", properties: { city: { type: "string" } } },
    }), 502, /did not match response_json_schema/);
    const sent = await lastProviderRequest();
    assert.equal(sent.body.messages.length, 3, "the retry carries the bad answer and the correction");
  });

  test("provider errors: 429 stays 429 with Retry-After, 500 becomes 502", async () => {
    const { client: c } = await signedInClient();
    await rejectsWith(c.integrations.Core.InvokeLLM({ prompt: "STATUS:429" }), 429, /rate limiting/);
    await rejectsWith(c.integrations.Core.InvokeLLM({ prompt: "STATUS:500" }), 502, /HTTP 500/);
  });

  test("bad input is a 400 that names the problem", async () => {
    const { client: c } = await signedInClient();
    await rejectsWith(c.integrations.Core.InvokeLLM({}), 400, /prompt is required/);
    await rejectsWith(c.integrations.Core.InvokeLLM({ prompt: "x", add_context_from_internet: true }), 400, /search provider/);
    await rejectsWith(c.integrations.Core.InvokeLLM({ prompt: "x", response_json_schema: { type: "thing" } }), 400,
      /not a JSON Schema type/);
    await rejectsWith(c.integrations.Core.InvokeLLM({ prompt: "x", file_urls: ["https://elsewhere.example/a.pdf"] }), 400,
      /not a file of this server/);
  });

  test("anonymous callers get a 401 that names integrations.allowAnonymous", async () => {
    await rejectsWith(client().integrations.Core.InvokeLLM({ prompt: "hi" }), 401, /allowAnonymous/);
  });

  test("the service role may call it", { skip: NO_SERVICE }, async () => {
    assert.equal(await serviceClient().asServiceRole.integrations.Core.InvokeLLM({ prompt: "svc" }), "stub says: svc");
  });
});

describe("GenerateImage (§7.1)", { skip: SKIP }, () => {
  test("stores the provider's image as a public file and answers {url}; file_urls can send it back", async () => {
    const { client: c } = await signedInClient();
    const { url } = await c.integrations.Core.GenerateImage({ prompt: "a red square" });
    assert.ok(url.startsWith("http"), url);
    assert.match(new URL(url).pathname, /^\/media\/[^/]+\.png$/, "an ordinary public file: " + url);
    const sent = await lastProviderRequest();
    assert.equal(sent.path, "/v1/images/generations");
    assert.equal(sent.body.model, "stub-image");
    const image = await fetch(url); // no token: public
    assert.equal(image.status, 200);
    assert.equal(image.headers.get("content-type"), "image/png");
    const bytes = new Uint8Array(await image.arrayBuffer());
    assert.deepEqual([...bytes.slice(1, 4)].map((b) => String.fromCharCode(b)).join(""), "PNG");

    await c.integrations.Core.InvokeLLM({ prompt: "describe", file_urls: [url] });
    const parts = (await lastProviderRequest()).body.messages[0].content;
    assert.equal(parts[0].text, "describe");
    assert.equal(parts[1].type, "image_url");
    assert.match(parts[1].image_url.url, /^data:image\/png;base64,/, "a loopback file goes inline");
  });

  test("anonymous callers get a 401; no prompt is a 400", async () => {
    await rejectsWith(client().integrations.Core.GenerateImage({ prompt: "x" }), 401, /allowAnonymous/);
    const { client: c } = await signedInClient();
    await rejectsWith(c.integrations.Core.GenerateImage({}), 400, /prompt is required/);
  });
});

describe("the AI gateway (§15)", { skip: SKIP }, () => {
  test("OpenAI-format chat completions with the user's token; automatic is the default model", async () => {
    // In Node the module sees the token given to createClient (a browser's comes from localStorage after login).
    const { token: userToken } = await signedInClient();
    const { baseURL, token } = createClient({ serverUrl: SERVER_URL, appId: APP_ID, token: userToken }).aiGateway.connection();
    assert.equal(baseURL, `${SERVER_URL}/api/apps/${APP_ID}/ai/openai/v1`);
    assert.equal(token, userToken);
    const res = await fetch(`${baseURL}/chat/completions`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ model: "automatic", messages: [{ role: "user", content: "hello" }], temperature: 0 }),
    });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.object, "chat.completion");
    assert.equal(body.choices[0].message.content, "stub says: hello");
    const sent = await lastProviderRequest();
    assert.equal(sent.body.model, "stub-model");
    assert.equal(sent.body.temperature, 0);
  });

  test("the service role's connection works too", { skip: NO_SERVICE }, async () => {
    const { baseURL, token } = serviceClient().asServiceRole.aiGateway.connection();
    const res = await raw("POST", `${baseURL}/chat/completions`, {
      json: { model: "gpt_5_mini", messages: [{ role: "user", content: "hi" }] }, headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal((await lastProviderRequest()).body.model, "stub-mini");
  });

  test("no token is a 401, stream: true a 400", async () => {
    const { baseURL, token } = client().aiGateway.connection();
    assert.equal(token, "");
    const anonymous = await raw("POST", `${baseURL}/chat/completions`, { json: { model: "automatic", messages: [{ role: "user", content: "x" }] } });
    assert.equal(anonymous.status, 401, anonymous.text);
    const { token: user } = await signedInClient();
    const streaming = await raw("POST", `${baseURL}/chat/completions`, {
      json: { model: "automatic", stream: true, messages: [{ role: "user", content: "x" }] }, headers: { Authorization: `Bearer ${user}` },
    });
    assert.equal(streaming.status, 400, streaming.text);
    assert.match(streaming.body.message, /stream/);
  });
});

describe("ExtractDataFromUploadedFile through the model (§7.1)", { skip: SKIP }, () => {
  const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
    (c) => c.charCodeAt(0));
  const SCHEMA = { type: "object", properties: { invoice: { type: "string" }, total: { type: "number" } }, required: ["invoice"] };

  test("a text file's text goes to the model with the schema as structured output; the answer is enveloped and spread", async () => {
    const { client: c } = await signedInClient();
    // The stub answers an "ECHO:" line of the file's text (LlmStub).
    const { file_url } = await c.integrations.Core.UploadFile({
      file: new File(['ECHO:{"invoice":"INV-9","total":42.5}'], "invoice.txt", { type: "text/plain" }),
    });
    const res = await c.integrations.Core.ExtractDataFromUploadedFile({ file_url, json_schema: SCHEMA });
    assert.deepEqual(res, { invoice: "INV-9", total: 42.5, status: "success", details: null, output: { invoice: "INV-9", total: 42.5 } });
    const sent = await lastProviderRequest();
    assert.equal(sent.body.response_format.type, "json_schema");
    assert.deepEqual(sent.body.response_format.json_schema.schema, SCHEMA);
    assert.match(sent.body.messages[0].content[1].text, /ECHO:/);
  });

  test("an image goes as a data URL; an answer that never fits the schema is status error", async () => {
    const { client: c } = await signedInClient();
    const { file_url } = await c.integrations.Core.UploadFile({ file: new File([PNG], "receipt.png", { type: "image/png" }) });
    const res = await c.integrations.Core.ExtractDataFromUploadedFile({ file_url, json_schema: SCHEMA });
    assert.equal(res.status, "error");
    assert.equal(res.output, null);
    assert.match(res.details, /did not match/);
    const sent = await lastProviderRequest();
    assert.match(sent.body.messages[0].content[1].image_url.url, /^data:image\/png;base64,/);
  });
});
