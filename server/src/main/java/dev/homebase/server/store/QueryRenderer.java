package dev.homebase.server.store;

import dev.homebase.server.query.AggregateQuery;
import dev.homebase.server.query.AggregateSpec;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.QueryCompiler;
import dev.homebase.server.query.Sort;
import dev.homebase.server.query.SortKey;
import java.util.List;

/**
 * Renders query ASTs as SQL for one dialect, over the {@code records} table aliased {@code r}.
 *
 * <p>The caller adds the {@code app_id}/{@code entity}/{@code env} conditions itself, e.g.
 * {@code SELECT r.id FROM records r WHERE r.app_id = ? AND r.entity = ? AND <where> ORDER BY <orderBy>},
 * binding {@code where.params()} then {@code orderBy.params()} after its own. Implementations are
 * stateless and thread-safe.
 */
public interface QueryRenderer {

    /**
     * A boolean SQL condition for the filter.
     *
     * @throws dev.homebase.server.query.QueryException for a field path outside the allow-list
     */
    SqlFragment where(Filter filter);

    /**
     * The filter with the scalar forms on {@code scalars}, and the array probe that gates them (see
     * {@link QueryCompiler#where(Filter, dev.homebase.server.query.ScalarFields)}).
     *
     * @throws dev.homebase.server.query.QueryException for a field path outside the allow-list
     */
    QueryCompiler.Gated where(Filter filter, dev.homebase.server.query.ScalarFields scalars);

    /**
     * The general form of the filter over {@code records r}, comparing the slot columns of
     * {@code slots} where they answer alike (see {@link QueryCompiler#whereSlotted}).
     *
     * @throws dev.homebase.server.query.QueryException for a field path outside the allow-list
     */
    SqlFragment whereSlotted(Filter filter, dev.homebase.server.query.ScalarFields slots);

    /**
     * An ORDER BY list (without the keyword) for the sort, ending with the {@code r.id} tie-break
     * in the same direction. A null sort or an invalid field gives the order of {@code Sort.DEFAULT}.
     */
    SqlFragment orderBy(Sort sort);

    /**
     * The statement computing an aggregate over the records {@code records} selects (a condition
     * on {@code records r}); see {@link dev.homebase.server.query.AggregateCompiler}.
     *
     * @param visibleWhen per top-level data field, the condition under which the caller may see it
     * @throws dev.homebase.server.query.QueryException for a spec that cannot be compiled
     */
    AggregateQuery aggregate(AggregateSpec spec, java.util.Map<String, Filter> visibleWhen, SqlFragment records);

    /**
     * The statement computing an aggregate over {@code from} (a table or parenthesised query with the
     * columns of {@code records}, such as {@link Dialect#usersAsRecords()}); {@code records} is a
     * condition on {@code from r}.
     *
     * @throws dev.homebase.server.query.QueryException for a spec that cannot be compiled
     */
    AggregateQuery aggregate(AggregateSpec spec, java.util.Map<String, Filter> visibleWhen, String from, SqlFragment records);

    /** The keys {@link #orderBy} renders, in order (see {@link QueryCompiler#sortKeys}). */
    List<SortKey> sortKeys(Sort sort);

    /** The expression filters on {@code field} compare (see {@link QueryCompiler#filterKey}). */
    String filterKey(String field);

    /** The keyset condition "strictly after these key values" (see {@link QueryCompiler#after}). */
    SqlFragment after(List<SortKey> keys, List<Object> values);

    /** The distinct values of a data field over {@code source} (see {@link QueryCompiler#distinct}). */
    QueryCompiler.Distinct distinct(String field, String source);
}
