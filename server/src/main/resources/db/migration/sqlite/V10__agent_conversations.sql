-- AI agent conversations (api-contract §14) and their messages. A conversation has the columns of the records
-- table that the query compiler reads (id, data, created_date, updated_date, created_by, created_by_id, is_sample),
-- so the list filter (q), sort, skip and limit run in SQL through the same compiler as entity queries; data holds
-- {agent_name, metadata}. owner is "user:<user id>" or "anon:<visitor id>" (X-Base44-Anonymous-Id).
CREATE TABLE agent_conversations (
    app_id        TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    agent_name    TEXT    NOT NULL,
    owner         TEXT    NOT NULL,
    data          TEXT    NOT NULL CHECK (json_valid(data)),
    created_date  TEXT    NOT NULL,
    updated_date  TEXT    NOT NULL,
    created_by    TEXT,
    created_by_id TEXT,
    is_sample     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (app_id, id)
) WITHOUT ROWID;

CREATE INDEX agent_conversations_owner ON agent_conversations (app_id, owner, created_date DESC, id DESC);

-- One message of a conversation, in order (seq); data is the whole message as the API returns it (role, content,
-- tool_calls with their status and results, usage, ...).
CREATE TABLE agent_messages (
    app_id          TEXT    NOT NULL,
    conversation_id TEXT    NOT NULL,
    seq             INTEGER NOT NULL,
    id              TEXT    NOT NULL,
    data            TEXT    NOT NULL CHECK (json_valid(data)),
    PRIMARY KEY (app_id, conversation_id, seq)
) WITHOUT ROWID;

CREATE UNIQUE INDEX agent_messages_id ON agent_messages (app_id, conversation_id, id);
