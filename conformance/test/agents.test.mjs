// Agents (api-contract §14, §17.4) through the official client: createConversation, addMessage (v2 path),
// subscribeToConversation receiving the stored user message and the agent's reply, a tool call run as the
// conversation's owner (the record it creates is the owner's), listConversations with bracket-notation q, and
// another user's 403. The model is the conversation LlmStub ("ECHO:<text>" answers <text>; "TOOL:<name> <args>"
// asks for that tool call, and a tool result is answered "tool said: <result>"). Entity: AgentNote (owner-only).
import { test, describe, after } from "node:test";
import assert from "node:assert/strict";
import { signedInClient, userClient, raw, rejectsWith, sleep, NO_ACCOUNT, NO_USER } from "../lib/harness.mjs";

const NO_STUB = process.env.HOMEBASE_TEST_LLM_STUB ? false : "HOMEBASE_TEST_LLM_STUB not set (the server must use the conformance LlmStub)";
const skip = NO_STUB || NO_ACCOUNT || NO_USER;

/** Waits until `check(updates)` holds (the callback's conversations so far), up to `ms`. */
async function until(updates, check, ms = 10000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check(updates)) return;
    await sleep(50);
  }
  assert.fail(`no matching realtime update within ${ms} ms; got ${JSON.stringify(updates.at(-1)?.messages ?? null)}`);
}

const lastAssistant = (conv) => [...(conv?.messages ?? [])].reverse().find((m) => m.role === "assistant");

describe("agents (§14)", { skip }, () => {
  const clients = [];
  after(() => {
    for (const c of clients) c.cleanup(); // sockets and timers closed, so node can exit
  });

  test("create, add a message, subscribeToConversation gets the reply; tools run as the owner", async () => {
    const { client: owner, token, user } = await signedInClient();
    clients.push(owner);
    owner.setToken(token); // the socket reads its token from the client (no localStorage in Node)
    const conv = await owner.agents.createConversation({ agent_name: "assistant", metadata: { topic: "conformance" } });
    assert.match(conv.id, /^[0-9a-f]{24}$/);
    assert.equal(conv.agent_name, "assistant");
    assert.deepEqual(conv.messages, []);

    const updates = [];
    const unsubscribe = owner.agents.subscribeToConversation(conv.id, (c) => updates.push(c));
    try {
      // The join is not acknowledged: say hello until a push arrives, then the socket is in the room.
      const deadline = Date.now() + 10000;
      while (updates.length === 0 && Date.now() < deadline) {
        const stored = await owner.agents.addMessage(conv, { role: "user", content: "ECHO:hello there" });
        assert.equal(stored.role, "user");
        assert.equal(stored.content, "ECHO:hello there");
        assert.match(stored.id, /^[0-9a-f]{24}$/);
        await sleep(300);
      }
      await until(updates, (u) => lastAssistant(u.at(-1))?.content === "hello there");
      // Every hello has its answer before the next message (each user message starts its own run).
      const settled = Date.now() + 10000;
      for (;;) {
        const c = await owner.agents.getConversation(conv.id);
        const count = (role) => c.messages.filter((m) => m.role === role).length;
        if (count("user") === count("assistant")) break;
        assert.ok(Date.now() < settled, `runs did not finish: ${JSON.stringify(c.messages)}`);
        await sleep(100);
      }

      // A tool call: the agent creates a note as the owner, then answers with the tool's result.
      await owner.agents.addMessage(conv, { role: "user", content: 'TOOL:create_AgentNote {"data":{"text":"written by the agent"}}' });
      await until(updates, (u) => (lastAssistant(u.at(-1))?.content ?? "").startsWith("tool said:"));
      const full = await owner.agents.getConversation(conv.id);
      const call = full.messages.flatMap((m) => m.tool_calls ?? []).find((c) => c.name === "create_AgentNote");
      assert.equal(call.status, "success");
      assert.match(call.results, /written by the agent/);
      const notes = await owner.entities.AgentNote.filter({ text: "written by the agent" });
      assert.equal(notes.length, 1);
      assert.equal(notes[0].created_by, user.email);
    } finally {
      unsubscribe();
    }

    // Another user: not their conversation (403), not in their list, nor their note.
    const { client: other } = await userClient();
    clients.push(other);
    await rejectsWith(other.agents.getConversation(conv.id), 403, "Access denied: conversation belongs to another user");
    await rejectsWith(other.agents.addMessage(conv, { role: "user", content: "hi" }), 403, "Access denied: conversation belongs to another user");
    assert.equal((await other.agents.listConversations({ q: { agent_name: "assistant", "metadata.topic": "conformance" } })).length, 0);
    assert.equal((await other.entities.AgentNote.filter({ text: "written by the agent" })).length, 0);

    // The owner's list: bracket-notation q on agent_name and metadata, fields.
    const mine = await owner.agents.listConversations({ q: { agent_name: "assistant", "metadata.topic": "conformance" }, sort: "-created_date", limit: 50 });
    assert.ok(mine.some((c) => c.id === conv.id));
    assert.equal((await owner.agents.listConversations({ q: { "metadata.topic": "elsewhere" } })).length, 0);
    const projected = await owner.agents.listConversations({ q: { agent_name: "assistant" }, fields: ["agent_name"], limit: 1 });
    assert.equal(projected[0].agent_name, "assistant");
    assert.equal(projected[0].messages, undefined);
  });

  test("unknown agent 404; WhatsApp and Telegram links answer 501", async () => {
    const { client: owner, token } = await signedInClient();
    clients.push(owner);
    owner.setToken(token);
    await rejectsWith(owner.agents.createConversation({ agent_name: "nobody" }), 404, "Agent nobody not found");
    for (const url of [owner.agents.getWhatsAppConnectURL("assistant"), owner.agents.getTelegramConnectURL("assistant")]) {
      const res = await raw("GET", url);
      assert.equal(res.status, 501, res.text);
    }
  });
});
