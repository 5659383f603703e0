package dev.homebase.server.store.sqlite;

import dev.homebase.server.query.Filter;
import dev.homebase.server.query.Sort;
import dev.homebase.server.store.QueryRenderer;
import dev.homebase.server.store.SqlFragment;

/** PLACEHOLDER renderer: system columns and top-level string equality only. */
public final class SqliteQueryRenderer implements QueryRenderer {
    private static final java.util.Set<String> COLUMNS =
            java.util.Set.of("id", "created_date", "updated_date", "created_by", "created_by_id");

    @Override
    public SqlFragment where(Filter filter) {
        return switch (filter) {
            case Filter.All a -> SqlFragment.TRUE;
            case Filter.Eq eq -> COLUMNS.contains(eq.field())
                    ? SqlFragment.of("r." + eq.field() + " = ?", eq.value().asText())
                    : SqlFragment.of("json_extract(r.data, ?) = ?", "$." + eq.field(), eq.value().asText());
        };
    }

    @Override
    public SqlFragment orderBy(Sort sort) {
        String dir = sort.descending() ? " DESC" : " ASC";
        String col = COLUMNS.contains(sort.field()) ? "r." + sort.field() : "r.created_date";
        return SqlFragment.of(col + dir + ", r.id" + dir);
    }
}
