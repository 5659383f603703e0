package dev.homebase.server.query;

import dev.homebase.server.store.SqlFragment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles an {@link AggregateSpec} to one SQL statement, using one database's
 * {@link QueryDialect}. Usage:
 * {@code AggregateQuery q = new AggregateCompiler(dialect).compile(spec, visibleWhen, records);}
 *
 * <p>The statement has three layers, so that parameters only ever appear once and each layer
 * reads plain columns:
 * <pre>
 * SELECT r.data FROM (
 *   SELECT json_object('k0', v.v0, 'k1', COUNT(*), 'k2', SUM(v.v1)) AS data     -- one row per group
 *   FROM (SELECT &lt;group value&gt; AS v0, &lt;number or NULL&gt; AS v1 FROM records r WHERE &lt;records&gt;) v
 *   GROUP BY v.v0
 * ) r WHERE &lt;having&gt; ORDER BY &lt;sort&gt;, &lt;group keys&gt; LIMIT ?
 * </pre>
 * The outer layer looks like a record whose data is the row object, so {@code having} and the
 * sort are compiled by {@link QueryCompiler} with full filter semantics (type bracketing,
 * null/missing, MongoDB type order) over the generated keys. Without {@code groupBy} there is no
 * GROUP BY and exactly one total row. Thread-safe.
 */
public final class AggregateCompiler {

    /** The system fields a group or count-distinct may name, and whether each is the boolean one. */
    private static final Map<String, String> COLUMNS = Map.of(
            "id", "r.id", "created_date", "r.created_date", "updated_date", "r.updated_date",
            "created_by", "r.created_by", "created_by_id", "r.created_by_id", "is_sample", "r.is_sample");
    private static final String BOOL_COLUMN = "is_sample";

    private final QueryDialect dialect;
    private final QueryCompiler compiler;

    /** A compiler that writes SQL for {@code dialect}. */
    public AggregateCompiler(QueryDialect dialect) {
        this.dialect = dialect;
        this.compiler = new QueryCompiler(dialect);
    }

    /**
     * The statement for {@code spec}.
     *
     * @param visibleWhen per top-level data field, the condition under which the caller may see
     *     it (field read rules); where it fails the field counts as missing
     * @param records the condition on {@code records r} selecting the records to aggregate
     *     (scope, filter and read rule)
     * @throws QueryException for a spec that cannot be compiled (a system field that is not a date
     *     as a bucket, a week bucket of an app field)
     */
    public AggregateQuery compile(AggregateSpec spec, Map<String, Filter> visibleWhen, SqlFragment records) {
        return compile(spec, visibleWhen, "records", records);
    }

    /**
     * The statement for {@code spec} over {@code from}, a table or parenthesised query with the
     * columns of {@code records} (such as the users presented as records); {@code records} is a
     * condition on {@code from r}. See {@link #compile(AggregateSpec, Map, SqlFragment)}.
     */
    public AggregateQuery compile(AggregateSpec spec, Map<String, Filter> visibleWhen, String from, SqlFragment records) {
        return new Run(visibleWhen).compile(spec, from, records);
    }

    /** One compilation: collects the per-record value columns. */
    private final class Run {
        private final Map<String, Filter> visibleWhen;
        private final List<SqlFragment> values = new ArrayList<>();
        private final Map<String, String> numbers = new LinkedHashMap<>();
        private final Map<String, String> distinct = new LinkedHashMap<>();

        Run(Map<String, Filter> visibleWhen) {
            this.visibleWhen = visibleWhen;
        }

        AggregateQuery compile(AggregateSpec spec, String from, SqlFragment records) {
            List<String> rowKeys = spec.rowKeys();
            List<String> keys = new ArrayList<>();
            List<String> outputs = new ArrayList<>();
            List<String> groups = new ArrayList<>();
            for (String field : spec.groupBy()) {
                String column = groupColumn(field);
                groups.add(column);
                outputs.add(embed(field, column));
            }
            if (spec.bucket() != null) {
                String column = value(bucket(spec.bucket()));
                groups.add(column);
                outputs.add(column);
            }
            if (spec.count()) outputs.add("COUNT(*)");
            for (AggregateSpec.Metric metric : spec.metrics()) {
                outputs.add(switch (metric.op()) {
                    case SUM -> dialect.sum(number(metric.field()));
                    case AVG -> dialect.avg(number(metric.field()));
                    case MIN -> "MIN(" + number(metric.field()) + ")";
                    case MAX -> "MAX(" + number(metric.field()) + ")";
                    case COUNT_DISTINCT -> "COUNT(DISTINCT " + distinct.computeIfAbsent(metric.field(), this::groupColumn) + ")";
                });
            }
            for (int i = 0; i < outputs.size(); i++) keys.add(AggregateQuery.key(i));

            SqlFragment inner = values.isEmpty() ? SqlFragment.of("SELECT 1 AS one") : join("SELECT ", values);
            SqlFragment grouped = SqlFragment.of("SELECT " + dialect.jsonObject(keys, outputs) + " AS data FROM (")
                    .append("", inner).append(" FROM " + from + " r WHERE ", records)
                    .append(") v", SqlFragment.of(groups.isEmpty() ? "" : " GROUP BY " + String.join(", ", groups)));
            Filter having = AggregateParser.renameFields(spec.having(), field -> {
                int index = rowKeys.indexOf(field);
                if (index < 0) throw new QueryException("'having' names '" + FieldPath.shorten(field) + "', which is not a row key");
                return AggregateQuery.key(index);
            });
            SqlFragment sql = SqlFragment.of("SELECT r.data FROM (").append("", grouped)
                    .append(") r WHERE ", compiler.where(having))
                    .append("", SqlFragment.of(orderBy(spec, rowKeys)))
                    .append(" LIMIT ?", SqlFragment.of(""));
            return new AggregateQuery(sql, rowKeys, spec.groupKeyCount(), spec.limit() + 1);
        }

        private String orderBy(AggregateSpec spec, List<String> rowKeys) {
            List<String> parts = new ArrayList<>();
            if (spec.sort() != null) {
                int index = rowKeys.indexOf(spec.sort().key());
                if (index < 0) throw new QueryException("Cannot sort by '" + FieldPath.shorten(spec.sort().key()) + "': it is not a row key");
                parts.add(sortKeys(index, spec.sort().descending()));
            }
            // Then by the group keys, so equal sort values (and the default) come in a stable order.
            for (int i = 0; i < spec.groupKeyCount(); i++) parts.add(sortKeys(i, false));
            return parts.isEmpty() ? "" : " ORDER BY " + String.join(", ", parts);
        }

        private String sortKeys(int index, boolean descending) {
            return dialect.sortKeys(dialect.dataPath(List.of(AggregateQuery.key(index))), descending ? "DESC" : "ASC");
        }

        /** The value column grouping (or counting distinct) {@code field}. */
        private String groupColumn(String field) {
            String column = COLUMNS.get(field);
            if (column != null) return value(SqlFragment.of(column));
            return value(guarded(field, dialect.groupValue(slot(field))));
        }

        /** The JSON of a group column in the row object. */
        private String embed(String field, String column) {
            if (field.equals(BOOL_COLUMN)) return dialect.boolJson(column);
            return COLUMNS.containsKey(field) ? column : dialect.groupJson(column);
        }

        private String number(String field) {
            if (COLUMNS.containsKey(field)) throw new QueryException("'" + field + "' is not a number");
            return numbers.computeIfAbsent(field, f -> value(guarded(f, dialect.numberValue(slot(f)))));
        }

        private SqlFragment bucket(AggregateSpec.DateBucket bucket) {
            String field = bucket.field();
            if (field.equals("created_date") || field.equals("updated_date")) {
                return SqlFragment.of(dialect.dateBucket(COLUMNS.get(field), bucket.unit(), true));
            }
            if (COLUMNS.containsKey(field)) throw new QueryException("'" + field + "' is not a date");
            if (bucket.unit() == AggregateSpec.Unit.WEEK) {
                throw new QueryException("Week buckets are only available for created_date and updated_date");
            }
            return guarded(field, dialect.dateBucket("(" + dialect.stringValue(slot(field)) + ")", bucket.unit(), false));
        }

        private String slot(String field) {
            return dialect.dataPath(FieldPath.segments(FieldPath.check(field)));
        }

        /** {@code expr}, or NULL where the caller may not see the field. */
        private SqlFragment guarded(String field, String expr) {
            String top = FieldPath.segments(field).getFirst();
            Filter condition = visibleWhen.get(top);
            if (condition == null || condition instanceof Filter.All) return SqlFragment.of(expr);
            SqlFragment when = compiler.where(condition);
            return new SqlFragment("CASE WHEN (" + when.sql() + ") THEN " + expr + " END", when.params());
        }

        /** Adds a per-record value; returns its column in the grouping layer. */
        private String value(SqlFragment expr) {
            String name = "v" + values.size();
            values.add(new SqlFragment(expr.sql() + " AS " + name, expr.params()));
            return "v." + name;
        }

        private static SqlFragment join(String prefix, List<SqlFragment> parts) {
            SqlFragment out = SqlFragment.of(prefix);
            for (int i = 0; i < parts.size(); i++) out = out.append(i == 0 ? "" : ", ", parts.get(i));
            return out;
        }
    }
}
