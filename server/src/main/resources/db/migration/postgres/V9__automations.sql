-- Automations (api-contract §6.6). Every node on the database runs the same scheduler and dispatcher; the claims
-- below are what make each scheduled tick and each entity event run once across nodes.
--
-- automation_schedules: one row per scheduled automation (app, function, automation name). since_ms is when a node
-- first saw it (ticks before that never run), last_slot_ms the newest tick claimed, fired how many ticks were
-- claimed (for ends_type "after"). A node claims a tick by moving last_slot_ms forward with a compare-and-set
-- UPDATE (... WHERE last_slot_ms < tick); only the node whose UPDATE changed the row inserts the run.
CREATE TABLE automation_schedules (
    app_id          TEXT    NOT NULL,
    function_name   TEXT    NOT NULL,
    automation_name TEXT    NOT NULL,
    since_ms        BIGINT  NOT NULL,
    last_slot_ms    BIGINT,
    fired           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (app_id, function_name, automation_name)
);

-- automation_runs: the outbox of runs. A scheduled tick (slot_ms = the tick) or an entity event (slot_ms null,
-- payload = the event, inserted in the write's own transaction). A node claims a pending, due row with a
-- compare-and-set UPDATE that sets claimed_by / claimed_until (a lease: a node that dies mid-run leaves a row another
-- node takes over once the lease ends) and counts the attempt; a failed attempt is due again after a backoff, up to
-- the attempt limit, then the row is 'failed'. Finished rows are deleted after a retention period.
CREATE TABLE automation_runs (
    id              BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    app_id          TEXT    NOT NULL,
    function_name   TEXT    NOT NULL,
    automation_name TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    slot_ms         BIGINT,
    data_env        TEXT    NOT NULL,
    payload         TEXT,
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    due_ms          BIGINT  NOT NULL,
    claimed_by      TEXT,
    claimed_until   BIGINT,
    last_error      TEXT,
    created_ms      BIGINT  NOT NULL,
    finished_ms     BIGINT,
    UNIQUE (app_id, function_name, automation_name, slot_ms)
);

CREATE INDEX automation_runs_due ON automation_runs (status, due_ms);
CREATE INDEX automation_runs_finished ON automation_runs (finished_ms);
