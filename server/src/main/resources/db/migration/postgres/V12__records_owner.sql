-- Owner-only rules ({"created_by": "{{user.email}}"}, the most common row rule) filter on created_by: a page of one
-- user's records, newest first, is a range of this index (without it, a walk of the whole entity's newest-first
-- index, or a scan and a sort, to find the few rows of one user among many).
CREATE INDEX records_owner_newest ON records (app_id, entity, env, created_by, created_date DESC, id DESC);
