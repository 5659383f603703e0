package dev.homebase.server.query;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The top-level data fields one caller may not always read, and the one rule that follows from it:
 * nothing the caller gets back may depend on a value it cannot read. A field path whose top field
 * is hidden from the caller for a record evaluates as <em>absent</em> for that caller and record.
 *
 * <p>{@link #guard(Filter)} rewrites the caller's own filter (never an access rule, which sees
 * everything) so that each condition on a hidden field becomes "visible and the condition holds",
 * or "hidden, or the condition holds" where the condition also holds for a missing field. The
 * result is an ordinary {@link Filter}: it compiles to the same SQL everywhere (lists, cursor
 * pages, counts, aggregates, update-many, delete-many, upsert keys) and {@link FilterMatcher}
 * evaluates it the same way in memory. {@link #guard(Sort)} makes the sort keys of a hidden field
 * {@code CASE WHEN <visible> THEN <key> ELSE <key of a missing value> END} ({@link QueryCompiler}).
 * A condition on a field hidden for every record becomes constant, so an index on a visible field
 * still serves the rest of the filter. No schema knowledge here: the entity layer supplies the map.
 * Immutable and thread-safe.
 */
public final class HiddenFields {

    /** Nothing hidden (the service role, or an entity without field read rules). */
    public static final HiddenFields NONE = new HiddenFields(Map.of());

    private static final Filter NEVER = new Filter.Not(new Filter.All());
    private static final ObjectNode MISSING = JsonNodeFactory.instance.objectNode();

    private final Map<String, Filter> visibleWhen;

    private HiddenFields(Map<String, Filter> visibleWhen) {
        this.visibleWhen = visibleWhen;
    }

    /**
     * The hidden fields of one caller.
     *
     * @param visibleWhen per top-level data field that may be hidden, the condition under which the
     *     caller may read it in a record ({@code Not(All)}: never); fields not named are always visible
     */
    public static HiddenFields of(Map<String, Filter> visibleWhen) {
        Map<String, Filter> copy = new java.util.LinkedHashMap<>();
        visibleWhen.forEach((field, when) -> {
            if (!(when instanceof Filter.All)) copy.put(field, when);
        });
        return copy.isEmpty() ? NONE : new HiddenFields(java.util.Collections.unmodifiableMap(copy));
    }

    /** Whether no field is ever hidden. */
    public boolean isEmpty() {
        return visibleWhen.isEmpty();
    }

    /**
     * The condition under which the caller may read the top field of {@code path} (a {@code data.}
     * prefix is ignored), or null when it always may.
     */
    public Filter visibleWhen(String path) {
        return visibleWhen.get(FieldPath.top(FieldPath.unalias(path)));
    }

    /** {@code filter} with every condition on a hidden field evaluated as on a missing field where hidden. */
    public Filter guard(Filter filter) {
        if (isEmpty()) return filter;
        return switch (filter) {
            case Filter.All all -> all;
            case Filter.And and -> new Filter.And(guardAll(and.filters()));
            case Filter.Or or -> new Filter.Or(guardAll(or.filters()));
            case Filter.Nor nor -> new Filter.Nor(guardAll(nor.filters()));
            case Filter.Not not -> new Filter.Not(guard(not.filter()));
            case Filter.Eq eq -> leaf(eq.field(), eq);
            case Filter.In in -> leaf(in.field(), in);
            case Filter.Compare cmp -> leaf(cmp.field(), cmp);
            case Filter.Regex re -> leaf(re.field(), re);
            case Filter.Exists ex -> leaf(ex.field(), ex);
            case Filter.Size size -> leaf(size.field(), size);
            // The element condition is relative to the array's elements: only the array's own field counts.
            case Filter.ElemMatch em -> leaf(em.field(), em);
        };
    }

    /**
     * {@code sort} carrying the condition under which its field is visible (see
     * {@link Sort#visibleWhen()}), or {@code sort} itself when the field is always visible.
     */
    public Sort guard(Sort sort) {
        if (isEmpty() || sort == null || !sort.hasValidField()) return sort;
        Filter when = visibleWhen(sort.field());
        return when == null ? sort : new Sort(sort.field(), sort.descending(), sort.throughArrays(), when);
    }

    private List<Filter> guardAll(List<Filter> filters) {
        List<Filter> out = new ArrayList<>(filters.size());
        for (Filter f : filters) out.add(guard(f));
        return out;
    }

    private Filter leaf(String field, Filter condition) {
        Filter when = visibleWhen(field);
        if (when == null) return condition;
        // On a missing field every condition is a constant (the same in SQL and in memory).
        boolean matchesMissing = FilterMatcher.matches(condition, MISSING);
        if (NEVER.equals(when)) return matchesMissing ? new Filter.All() : NEVER;
        return matchesMissing ? new Filter.Or(List.of(new Filter.Not(when), condition)) : new Filter.And(List.of(when, condition));
    }
}
