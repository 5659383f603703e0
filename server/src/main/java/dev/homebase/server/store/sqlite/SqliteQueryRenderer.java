package dev.homebase.server.store.sqlite;

import dev.homebase.server.query.Filter;
import dev.homebase.server.query.QueryCompiler;
import dev.homebase.server.query.Sort;
import dev.homebase.server.store.QueryRenderer;
import dev.homebase.server.store.SqlFragment;

/** Renders filters and sorts for SQLite (JSON1 functions over {@code r.data}). Thread-safe. */
public final class SqliteQueryRenderer implements QueryRenderer {

    private final QueryCompiler compiler = new QueryCompiler(new SqliteQueryDialect());

    @Override
    public SqlFragment where(Filter filter) {
        return compiler.where(filter);
    }

    @Override
    public SqlFragment orderBy(Sort sort) {
        return compiler.orderBy(sort);
    }
}
