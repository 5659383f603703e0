-- Typed "slot" columns of records (see store/RecordSlots): per entity, up to four text and four number fields of its
-- declared indexes keep a copy of their value here (NULL when the stored value is of another type), so filters and
-- counts on them are plain column comparisons that an index can answer alone (an index-only scan). Nullable and
-- without a default, so adding them rewrites nothing. Text slots use the "C" collation: the code-point order every
-- string comparison of the query compiler uses. s_arrays: a slotted field of the record holds a non-empty array (then
-- queries use the general JSON forms).
ALTER TABLE records
    ADD COLUMN s_t1 text COLLATE "C",
    ADD COLUMN s_t2 text COLLATE "C",
    ADD COLUMN s_t3 text COLLATE "C",
    ADD COLUMN s_t4 text COLLATE "C",
    ADD COLUMN s_n1 numeric,
    ADD COLUMN s_n2 numeric,
    ADD COLUMN s_n3 numeric,
    ADD COLUMN s_n4 numeric,
    ADD COLUMN s_arrays boolean NOT NULL DEFAULT false;

-- The probe "does a record of this scope hold an array in a slotted field": a lookup of this small index.
CREATE INDEX records_slot_arrays ON records (app_id, entity, env) WHERE s_arrays;

-- Which field of which entity each slot holds (slot: the column name). A schema change that changes an entity's
-- assignment refills its records before its indexes are rebuilt.
CREATE TABLE record_slots (
    app_id text NOT NULL,
    entity text NOT NULL,
    field  text NOT NULL,
    slot   text NOT NULL,
    PRIMARY KEY (app_id, entity, field)
);
