package dev.homebase.server.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed aggregate request (api-contract §4.13), before any schema check.
 *
 * <p>Built by {@link AggregateParser#parse}. Field paths passed {@link FieldPath#check} and carry
 * no {@code data.} prefix. Each group field, the bucket and each computed value becomes one key of
 * every result row; {@link #rowKeys()} lists them in row order. Immutable.
 *
 * @param query the records to aggregate (before the caller's read rule is added)
 * @param groupBy the grouping fields, at most {@value AggregateParser#MAX_GROUPS}; empty for one total row
 * @param bucket the date bucket, or null
 * @param count whether rows carry {@code count}
 * @param metrics the computed values other than {@code count}, in row order
 * @param having the condition on row keys that rows must meet ({@link Filter.All} when none)
 * @param sort the row key to sort by, or null for group-key order
 * @param limit the most rows returned, 1 to {@value AggregateParser#MAX_LIMIT}
 */
public record AggregateSpec(Filter query, List<String> groupBy, DateBucket bucket, boolean count, List<Metric> metrics,
                            Filter having, Sort sort, int limit) {

    public AggregateSpec {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(having, "having");
        groupBy = List.copyOf(groupBy);
        metrics = List.copyOf(metrics);
    }

    /** The row key of the record count. */
    public static final String COUNT_KEY = "count";

    /** A date bucket: the start day ({@code YYYY-MM-DD}) of the period holding the field's value. */
    public record DateBucket(String field, Unit unit) {
        public DateBucket {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(unit, "unit");
        }
    }

    /** The bucket sizes. Weeks start on Monday (ISO). */
    public enum Unit { DAY, WEEK, MONTH, YEAR }

    /** An aggregate over the values of one field. */
    public record Metric(Op op, String field) {
        public Metric {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(field, "field");
        }

        /** The row key: {@code sum_amount}, {@code count_distinct_session_id}. */
        public String key() {
            return op.prefix + field;
        }
    }

    /**
     * The aggregate functions. {@code SUM}, {@code AVG}, {@code MIN} and {@code MAX} only see
     * numbers (other values are ignored); {@code COUNT_DISTINCT} counts distinct non-null values.
     */
    public enum Op {
        SUM("sum", "sum_"), AVG("avg", "avg_"), MIN("min", "min_"), MAX("max", "max_"),
        COUNT_DISTINCT("countDistinct", "count_distinct_");

        private final String bodyKey;
        private final String prefix;

        Op(String bodyKey, String prefix) {
            this.bodyKey = bodyKey;
            this.prefix = prefix;
        }

        /** The request body key that asks for it. */
        public String bodyKey() {
            return bodyKey;
        }

        /** Whether it only aggregates numbers. */
        public boolean numeric() {
            return this != COUNT_DISTINCT;
        }
    }

    /** Sorting by one row key. */
    public record Sort(String key, boolean descending) {
        public Sort {
            Objects.requireNonNull(key, "key");
        }
    }

    /** The keys of every result row, in order: group fields, the bucket field, count, metrics. */
    public List<String> rowKeys() {
        List<String> keys = new ArrayList<>(groupBy);
        if (bucket != null) keys.add(bucket.field());
        if (count) keys.add(COUNT_KEY);
        for (Metric m : metrics) keys.add(m.key());
        return keys;
    }

    /** How many of the first {@link #rowKeys()} are group keys (fields and bucket). */
    public int groupKeyCount() {
        return groupBy.size() + (bucket == null ? 0 : 1);
    }
}
