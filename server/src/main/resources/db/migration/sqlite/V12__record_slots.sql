-- Typed "slot" columns of records (see store/RecordSlots): per entity, up to four text and four number fields of its
-- declared indexes keep a copy of their value here (NULL when the stored value is of another type), so filters and
-- counts on them are plain column comparisons that an index can answer alone (a covering index). Text compares with
-- BINARY (code-point order for UTF-8), numbers have NUMERIC affinity (they compare like json_extract's numbers).
-- s_arrays (0/1): a slotted field of the record holds a non-empty array (then queries use the general JSON forms).
ALTER TABLE records ADD COLUMN s_t1 TEXT;
ALTER TABLE records ADD COLUMN s_t2 TEXT;
ALTER TABLE records ADD COLUMN s_t3 TEXT;
ALTER TABLE records ADD COLUMN s_t4 TEXT;
ALTER TABLE records ADD COLUMN s_n1 NUMERIC;
ALTER TABLE records ADD COLUMN s_n2 NUMERIC;
ALTER TABLE records ADD COLUMN s_n3 NUMERIC;
ALTER TABLE records ADD COLUMN s_n4 NUMERIC;
ALTER TABLE records ADD COLUMN s_arrays INTEGER NOT NULL DEFAULT 0;

-- The probe "does a record of this scope hold an array in a slotted field": a lookup of this small index.
CREATE INDEX records_slot_arrays ON records (app_id, entity, env) WHERE s_arrays;

-- Which field of which entity each slot holds (slot: the column name). A schema change that changes an entity's
-- assignment refills its records before its indexes are rebuilt.
CREATE TABLE record_slots (
    app_id TEXT NOT NULL,
    entity TEXT NOT NULL,
    field  TEXT NOT NULL,
    slot   TEXT NOT NULL,
    PRIMARY KEY (app_id, entity, field)
) WITHOUT ROWID;
