package dev.homebase.server.store;

import dev.homebase.server.query.Filter;
import dev.homebase.server.query.Sort;

/**
 * A page of a filtered, sorted query.
 *
 * @param filter the caller's filter, already combined with any access rule
 * @param sort the sort
 * @param limit at most this many records (already clamped by the caller)
 * @param skip records to skip
 */
public record PageRequest(Filter filter, Sort sort, int limit, int skip) {}
