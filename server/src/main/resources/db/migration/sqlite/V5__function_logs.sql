-- What backend functions print (stdout = info, stderr = warn), per app, with the request id of the call
-- when known. Written in batches off the request path; trimmed to the newest lines per app and a maximum age.
CREATE TABLE function_logs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id        TEXT    NOT NULL,
    function_name TEXT    NOT NULL,
    level         TEXT    NOT NULL,
    message       TEXT    NOT NULL,
    request_id    TEXT,
    created_date  TEXT    NOT NULL
);

CREATE INDEX function_logs_app ON function_logs (app_id, id);
CREATE INDEX function_logs_app_function ON function_logs (app_id, function_name, id);
CREATE INDEX function_logs_created ON function_logs (created_date);
