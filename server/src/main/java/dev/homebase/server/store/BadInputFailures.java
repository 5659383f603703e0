package dev.homebase.server.store;

import dev.homebase.server.query.QueryException;
import dev.homebase.server.store.postgres.PostgresFailures;
import dev.homebase.server.store.sqlite.SqliteFunctions;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Tells a statement that failed because of what the caller sent (a regular expression one of the
 * engines refuses or gives up on, a value the database cannot hold) from a database failure. The
 * first becomes a {@link QueryException} (the API answers 400 with its message), the second a
 * {@link StoreException} (500, details only in the log). The checks before SQL should catch such
 * input already; this is the net behind them, one per dialect.
 */
final class BadInputFailures {
    private BadInputFailures() {}

    static RuntimeException translate(SQLException e) {
        Optional<String> message = SqliteFunctions.failure(e).or(() -> PostgresFailures.badInput(e));
        if (message.isPresent()) return new QueryException(message.get());
        return new StoreException("Database error: " + e.getMessage(), e);
    }
}
