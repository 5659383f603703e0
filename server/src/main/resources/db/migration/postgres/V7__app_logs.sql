-- Page views (appLogs.logUserInApp, api-contract §11) and analytics events (§13), per app. Written in
-- batches off the request path; trimmed to the newest rows per app and a maximum age.
CREATE TABLE app_logs (
    id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    app_id       TEXT    NOT NULL,
    page_name    TEXT    NOT NULL,
    user_id      TEXT,
    session_id   TEXT,
    created_date TEXT    NOT NULL
);

CREATE INDEX app_logs_app ON app_logs (app_id, id);
CREATE INDEX app_logs_app_page ON app_logs (app_id, page_name, id);
CREATE INDEX app_logs_app_user ON app_logs (app_id, user_id, id);
CREATE INDEX app_logs_app_created ON app_logs (app_id, created_date);
CREATE INDEX app_logs_created ON app_logs (created_date);

CREATE TABLE analytics_events (
    id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    app_id       TEXT    NOT NULL,
    event_name   TEXT    NOT NULL,
    properties   TEXT,
    page_url     TEXT,
    user_id      TEXT,
    session_id   TEXT,
    event_time   TEXT,
    created_date TEXT    NOT NULL
);

CREATE INDEX analytics_events_app ON analytics_events (app_id, id);
CREATE INDEX analytics_events_app_created ON analytics_events (app_id, created_date);
CREATE INDEX analytics_events_created ON analytics_events (created_date);
