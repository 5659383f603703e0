package dev.homebase.server.entity;

import dev.homebase.server.query.AggregateSpec;
import dev.homebase.server.query.FieldPath;
import dev.homebase.server.query.QueryException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an {@link AggregateSpec} against the entity schema (api-contract §4.13): every field is a
 * system field or starts with a schema field; {@code sum}/{@code avg}/{@code min}/{@code max}
 * refuse fields the schema declares as something other than a number (undeclared nested paths
 * pass, and their non-numeric values are ignored); a date bucket takes {@code created_date} and
 * {@code updated_date} with every unit, and schema strings of format {@code date} or
 * {@code date-time} with day, month or year. Problems are {@link QueryException}s (HTTP 400).
 */
final class AggregateFields {
    private static final Set<String> DATE_FORMATS = Set.of("date", "date-time", "datetime");
    private static final Set<String> TIMESTAMPS = Set.of("created_date", "updated_date");

    private AggregateFields() {}

    static void check(EntitySchema schema, AggregateSpec spec) {
        for (String field : spec.groupBy()) known(schema, field, "groupBy");
        for (AggregateSpec.Metric metric : spec.metrics()) {
            known(schema, metric.field(), metric.op().bodyKey());
            if (!metric.op().numeric()) continue;
            boolean number = !RecordService.SYSTEM_FIELDS.contains(metric.field())
                    && definition(schema, metric.field()).map(d -> d.allows(FieldType.NUMBER) || d.allows(FieldType.INTEGER)).orElse(true);
            if (!number) {
                throw new QueryException("Field '" + metric.field() + "' is not a number: '" + metric.op().bodyKey() + "' only takes numeric fields");
            }
        }
        if (spec.bucket() != null) bucket(schema, spec.bucket());
    }

    private static void bucket(EntitySchema schema, AggregateSpec.DateBucket bucket) {
        String field = bucket.field();
        if (TIMESTAMPS.contains(field)) return;
        known(schema, field, "dateBucket");
        boolean date = !RecordService.SYSTEM_FIELDS.contains(field) && definition(schema, field)
                .map(d -> d.allows(FieldType.STRING) && d.format() != null && DATE_FORMATS.contains(d.format().toLowerCase(Locale.ROOT)))
                .orElse(false);
        if (!date) throw new QueryException("Field '" + field + "' is not a date: dateBucket takes created_date, updated_date"
                + " or a field of format date or date-time");
        if (bucket.unit() == AggregateSpec.Unit.WEEK) {
            throw new QueryException("Unit 'week' is only available for created_date and updated_date; use day, month or year for '"
                    + field + "'");
        }
    }

    /** A system field, or a path starting with a schema field. */
    private static void known(EntitySchema schema, String field, String option) {
        if (RecordService.SYSTEM_FIELDS.contains(field)) return;
        List<String> segments = FieldPath.segments(field);
        if (!schema.hasField(segments.getFirst())) {
            throw new QueryException("Unknown field '" + field + "' in '" + option + "': " + schema.name() + " has no such field");
        }
    }

    /** The schema definition of a path, when the schema declares it. */
    private static Optional<FieldDef> definition(EntitySchema schema, String field) {
        List<String> segments = FieldPath.segments(field);
        Optional<FieldDef> def = schema.field(segments.getFirst());
        for (String segment : segments.subList(1, segments.size())) {
            if (def.isEmpty()) return def;
            FieldDef current = def.get();
            def = FieldPath.isPosition(segment) && current.items() != null ? Optional.of(current.items()) : current.field(segment);
        }
        return def;
    }
}
