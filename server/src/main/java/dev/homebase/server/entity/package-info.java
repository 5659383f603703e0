/**
 * Entity schemas and record validation: {@link dev.homebase.server.entity.SchemaParser} turns
 * schema JSON into {@link dev.homebase.server.entity.EntitySchema} /
 * {@link dev.homebase.server.entity.FieldDef}, and {@link dev.homebase.server.entity.RecordValidator}
 * prepares create/update bodies for storage (422 texts in pydantic style).
 *
 * <p>The schema model and validator import only Jackson; RLS rules are kept raw for the rule engine.
 *
 * <p>{@link dev.homebase.server.entity.RecordService} is the entry point of the record operations.
 * It delegates to {@code RecordReads} (lists, pages, get, count, aggregate, realtime visibility),
 * {@code RecordWrites} (one record) and {@code BulkWrites} (many records in one transaction), which
 * share {@code RecordOps}: the caller's compiled rules, transactions, and telling the
 * {@link dev.homebase.server.entity.RecordListener} about changes after they commit.
 */
package dev.homebase.server.entity;
