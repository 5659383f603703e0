package dev.homebase.server.cli;

import dev.homebase.server.config.ServerConfig;
import dev.homebase.server.store.DatabaseUrl;
import java.nio.file.Path;

/** The database URL the way {@code serve} finds it, for the commands that open the store ({@code service-token}, {@code secrets}). */
final class Stores {
    private Stores() {}

    /**
     * The database URL in force: {@code --db}, else {@code HOMEBASE_DB}, else the SQLite file in the data folder.
     *
     * @throws dev.homebase.server.store.BadDatabaseUrlException for a URL Homebase cannot use
     */
    static DatabaseUrl url(String flag, Path dataDir) {
        return DatabaseUrl.parse(ServerConfig.databaseUrl(flag != null ? flag : Env.string("HOMEBASE_DB").orElse(null), dataDir));
    }
}
