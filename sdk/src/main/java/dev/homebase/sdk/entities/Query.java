package dev.homebase.sdk.entities;

import dev.homebase.sdk.internal.Json;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small typed builder for the Mongo-style entity filter (api-contract §4.17).
 *
 * <p>A {@code Query} <em>is</em> a {@code Map<String, Object>} holding exactly the JSON filter,
 * so it can be passed anywhere a plain map filter is accepted, and plain maps remain first-class:
 * <pre>{@code
 * tasks.filter(Query.where("status").eq("open").and("priority").gt(3));
 * // same request as
 * tasks.filter(Map.of("status", "open", "priority", Map.of("$gt", 3)));
 *
 * tasks.filter(Query.anyOf(Query.where("owner").eq("ana"), Map.of("shared", true)));
 * }</pre>
 * Immutable and thread-safe: every operation returns a new query. Conditions on the same field
 * are merged ({@code where("n").gt(3).and("n").lt(9)} gives {@code {"n":{"$gt":3,"$lt":9}}}).
 */
public final class Query extends AbstractMap<String, Object> {
    private static final Query EMPTY = new Query(Map.of());

    private final Map<String, Object> filter;

    private Query(Map<String, Object> filter) {
        this.filter = Collections.unmodifiableMap(filter);
    }

    /**
     * Returns the empty filter {@code {}}, which matches every record.
     *
     * @return the empty query
     */
    public static Query all() {
        return EMPTY;
    }

    /**
     * Starts a condition on a field (dotted paths address nested objects).
     *
     * @param field the field name
     * @return the condition builder
     * @throws IllegalArgumentException when the field is blank
     */
    public static Condition where(String field) {
        return EMPTY.and(field);
    }

    /**
     * Wraps an existing filter map.
     *
     * @param filter the filter
     * @return a query holding a copy of the filter
     */
    public static Query of(Map<String, ?> filter) {
        return new Query(new LinkedHashMap<>(filter));
    }

    /**
     * Builds {@code {"$or": [...]}}.
     *
     * @param filters the alternatives
     * @return the query
     */
    @SafeVarargs
    public static Query anyOf(Map<String, ?>... filters) {
        return logical("$or", filters);
    }

    /**
     * Builds {@code {"$and": [...]}}.
     *
     * @param filters the filters that must all match
     * @return the query
     */
    @SafeVarargs
    public static Query allOf(Map<String, ?>... filters) {
        return logical("$and", filters);
    }

    /**
     * Builds {@code {"$nor": [...]}}.
     *
     * @param filters the filters that must all fail
     * @return the query
     */
    @SafeVarargs
    public static Query noneOf(Map<String, ?>... filters) {
        return logical("$nor", filters);
    }

    /**
     * Adds a condition on another field (AND).
     *
     * @param field the field name
     * @return the condition builder
     */
    public Condition and(String field) {
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("field must not be blank");
        }
        return new Condition(this, field);
    }

    /**
     * Returns this query with all keys of another filter added (AND). Keys of {@code other} win.
     *
     * @param other another filter
     * @return the merged query
     */
    public Query and(Map<String, ?> other) {
        Map<String, Object> copy = new LinkedHashMap<>(filter);
        copy.putAll(other);
        return new Query(copy);
    }

    /**
     * Serialises the filter, as sent in the {@code q} parameter.
     *
     * @return JSON text
     */
    public String toJson() {
        return Json.write(filter);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return filter.entrySet();
    }

    @Override
    public String toString() {
        return toJson();
    }

    @SafeVarargs
    private static Query logical(String op, Map<String, ?>... filters) {
        List<Object> list = new ArrayList<>(Arrays.asList(filters));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(op, Collections.unmodifiableList(list));
        return new Query(m);
    }

    private Query with(String field, String operator, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(filter);
        Object existing = copy.get(field);
        if (operator == null && existing == null && !copy.containsKey(field)) {
            copy.put(field, value);
            return new Query(copy);
        }
        Map<String, Object> ops = new LinkedHashMap<>();
        if (isOperatorMap(existing)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> old = (Map<String, Object>) existing;
            ops.putAll(old);
        } else if (copy.containsKey(field)) {
            ops.put("$eq", existing);
        }
        ops.put(operator == null ? "$eq" : operator, value);
        copy.put(field, Collections.unmodifiableMap(ops));
        return new Query(copy);
    }

    private static boolean isOperatorMap(Object value) {
        return value instanceof Map<?, ?> m && !m.isEmpty()
                && m.keySet().stream().allMatch(k -> String.valueOf(k).startsWith("$"));
    }

    /** A pending condition on one field; every method returns the completed {@link Query}. */
    public static final class Condition {
        private final Query query;
        private final String field;

        private Condition(Query query, String field) {
            this.query = query;
            this.field = field;
        }

        /**
         * Field equals value (on an array field: the array contains it). Sent as {@code {"f": v}}.
         *
         * @param value the value; {@code null} matches null or missing
         * @return the query
         */
        public Query eq(Object value) {
            return query.with(field, null, value);
        }

        /**
         * {@code $ne}.
         *
         * @param value the value
         * @return the query
         */
        public Query ne(Object value) {
            return query.with(field, "$ne", value);
        }

        /**
         * {@code $gt}.
         *
         * @param value the bound
         * @return the query
         */
        public Query gt(Object value) {
            return query.with(field, "$gt", value);
        }

        /**
         * {@code $gte}.
         *
         * @param value the bound
         * @return the query
         */
        public Query gte(Object value) {
            return query.with(field, "$gte", value);
        }

        /**
         * {@code $lt}.
         *
         * @param value the bound
         * @return the query
         */
        public Query lt(Object value) {
            return query.with(field, "$lt", value);
        }

        /**
         * {@code $lte}.
         *
         * @param value the bound
         * @return the query
         */
        public Query lte(Object value) {
            return query.with(field, "$lte", value);
        }

        /**
         * {@code $in}: the field equals one of the values.
         *
         * @param values the values
         * @return the query
         */
        public Query in(Collection<?> values) {
            return query.with(field, "$in", List.copyOf(values));
        }

        /**
         * {@code $in}: the field equals one of the values.
         *
         * @param values the values
         * @return the query
         */
        public Query in(Object... values) {
            return query.with(field, "$in", Collections.unmodifiableList(Arrays.asList(values)));
        }

        /**
         * {@code $nin}: the field equals none of the values.
         *
         * @param values the values
         * @return the query
         */
        public Query nin(Object... values) {
            return query.with(field, "$nin", Collections.unmodifiableList(Arrays.asList(values)));
        }

        /**
         * {@code $exists}.
         *
         * @param exists whether the field must be present
         * @return the query
         */
        public Query exists(boolean exists) {
            return query.with(field, "$exists", exists);
        }

        /**
         * {@code $regex}.
         *
         * @param pattern the regular expression
         * @return the query
         */
        public Query regex(String pattern) {
            return query.with(field, "$regex", pattern);
        }

        /**
         * {@code $regex} with {@code $options} (e.g. {@code "i"}).
         *
         * @param pattern the regular expression
         * @param options the options
         * @return the query
         */
        public Query regex(String pattern, String options) {
            return query.with(field, "$regex", pattern).with(field, "$options", options);
        }

        /**
         * {@code $all}: the array field contains all values.
         *
         * @param values the values
         * @return the query
         */
        public Query all(Object... values) {
            return query.with(field, "$all", Collections.unmodifiableList(Arrays.asList(values)));
        }

        /**
         * {@code $size}: the array field has this length.
         *
         * @param size the length
         * @return the query
         */
        public Query size(int size) {
            return query.with(field, "$size", size);
        }

        /**
         * {@code $elemMatch}: an element of the array field matches the sub-filter.
         *
         * @param filter the sub-filter or operator object
         * @return the query
         */
        public Query elemMatch(Map<String, ?> filter) {
            return query.with(field, "$elemMatch", filter);
        }

        /**
         * {@code $not}: negates an operator object, e.g. {@code not(Map.of("$gt", 3))}.
         *
         * @param operators the operator object
         * @return the query
         */
        public Query not(Map<String, ?> operators) {
            return query.with(field, "$not", operators);
        }
    }
}
