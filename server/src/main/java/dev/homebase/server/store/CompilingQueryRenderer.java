package dev.homebase.server.store;

import dev.homebase.server.query.AggregateCompiler;
import dev.homebase.server.query.AggregateQuery;
import dev.homebase.server.query.AggregateSpec;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.QueryCompiler;
import dev.homebase.server.query.QueryDialect;
import dev.homebase.server.query.Sort;
import dev.homebase.server.query.SortKey;
import java.util.List;

/**
 * Renders query ASTs as SQL for one database, by handing the database's {@link QueryDialect} to the
 * compilers: the Mongo semantics live once in {@link QueryCompiler} and {@link AggregateCompiler}, the
 * SQL pieces in each dialect. Thread-safe.
 */
public final class CompilingQueryRenderer implements QueryRenderer {

    private final QueryCompiler compiler;
    private final AggregateCompiler aggregates;

    /** A renderer for the database whose SQL pieces {@code dialect} supplies. */
    public CompilingQueryRenderer(QueryDialect dialect) {
        this.compiler = new QueryCompiler(dialect);
        this.aggregates = new AggregateCompiler(dialect);
    }

    @Override
    public SqlFragment where(Filter filter) {
        return compiler.where(filter);
    }

    @Override
    public QueryCompiler.Gated where(Filter filter, dev.homebase.server.query.ScalarFields scalars) {
        return compiler.where(filter, scalars);
    }

    @Override
    public SqlFragment whereSlotted(Filter filter, dev.homebase.server.query.ScalarFields slots) {
        return compiler.whereSlotted(filter, slots);
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
    public AggregateQuery aggregate(AggregateSpec spec, java.util.Map<String, Filter> visibleWhen, String from, SqlFragment records) {
        return aggregates.compile(spec, visibleWhen, from, records);
    }

    @Override
    public List<SortKey> sortKeys(Sort sort) {
        return compiler.sortKeys(sort);
    }

    @Override
    public String filterKey(String field) {
        return compiler.filterKey(field);
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
