package dev.homebase.server.store;

import dev.homebase.server.query.Filter;
import dev.homebase.server.query.Sort;

/**
 * Renders query ASTs as SQL for one dialect, over the {@code records} table aliased {@code r}.
 */
public interface QueryRenderer {

    /** A boolean SQL condition for the filter. */
    SqlFragment where(Filter filter);

    /** An ORDER BY list (without the keyword) for the sort, ending with the {@code r.id} tie-break. */
    SqlFragment orderBy(Sort sort);
}
