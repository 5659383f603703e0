package dev.homebase.server.store.sqlite;

import dev.homebase.server.query.AggregateCompiler;
import dev.homebase.server.query.AggregateQuery;
import dev.homebase.server.query.AggregateSpec;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.QueryCompiler;
import dev.homebase.server.query.Sort;
import dev.homebase.server.query.SortKey;
import dev.homebase.server.store.QueryRenderer;
import dev.homebase.server.store.SqlFragment;
import java.util.List;

/** Renders filters and sorts for SQLite (JSON1 functions over {@code r.data}). Thread-safe. */
public final class SqliteQueryRenderer implements QueryRenderer {

    private final SqliteQueryDialect dialect = new SqliteQueryDialect();
    private final QueryCompiler compiler = new QueryCompiler(dialect);
    private final AggregateCompiler aggregates = new AggregateCompiler(dialect);

    @Override
    public SqlFragment where(Filter filter) {
        return compiler.where(filter);
    }

    @Override
    public SqlFragment orderBy(Sort sort) {
        return compiler.orderBy(sort);
    }

    @Override
    public AggregateQuery aggregate(AggregateSpec spec, java.util.Map<String, Filter> visibleWhen, SqlFragment records) {
        return aggregates.compile(spec, visibleWhen, records);
    }

    @Override
    public List<SortKey> sortKeys(Sort sort) {
        return compiler.sortKeys(sort);
    }

    @Override
    public SqlFragment after(List<SortKey> keys, List<Object> values) {
        return compiler.after(keys, values);
    }

    @Override
    public QueryCompiler.Distinct distinct(String field, String source) {
        return compiler.distinct(field, source);
    }
}
