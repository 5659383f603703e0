/**
 * Entity schemas and record validation: {@link dev.homebase.server.entity.SchemaParser} turns
 * schema JSON into {@link dev.homebase.server.entity.EntitySchema} /
 * {@link dev.homebase.server.entity.FieldDef}, and {@link dev.homebase.server.entity.RecordValidator}
 * prepares create/update bodies for storage (422 texts in pydantic style).
 *
 * <p>The schema model and validator import only Jackson; RLS rules are kept raw for the rule engine.
 */
package dev.homebase.server.entity;
