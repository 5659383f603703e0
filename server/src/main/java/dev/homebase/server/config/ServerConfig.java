package dev.homebase.server.config;

import dev.homebase.server.integrations.extract.ExtractLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Validated settings for one {@code serve} run. Built from flags, then environment, then defaults.
 *
 * @param projects project folders to serve (each contains {@code base44/})
 * @param host address to bind
 * @param port port to bind (0 picks a free one)
 * @param dataDir folder for the embedded database and files
 * @param databaseUrl {@code sqlite:PATH} or a PostgreSQL URL
 * @param extractLimits how much {@code ExtractDataFromUploadedFile} reads ({@code HOMEBASE_EXTRACT_MAX_ROWS},
 *     {@code HOMEBASE_EXTRACT_MAX_BYTES}, read by {@code serve} with the other settings)
 */
public record ServerConfig(List<Path> projects, String host, int port, Path dataDir, String databaseUrl, ExtractLimits extractLimits) {

    /** The default port. */
    public static final int DEFAULT_PORT = 4400;

    public ServerConfig {
        projects = List.copyOf(projects);
        if (projects.isEmpty()) throw new IllegalArgumentException("No project folder given");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("Port must be between 0 and 65535, got " + port);
        if (host == null || host.isBlank()) throw new IllegalArgumentException("Host must not be blank");
        Objects.requireNonNull(extractLimits, "extractLimits");
    }

    /** Settings with the default {@link ExtractLimits}. */
    public ServerConfig(List<Path> projects, String host, int port, Path dataDir, String databaseUrl) {
        this(projects, host, port, dataDir, databaseUrl, ExtractLimits.DEFAULT);
    }

    /** The database URL to use: the given one, or the SQLite file in the data folder. */
    public static String databaseUrl(String given, Path dataDir) {
        if (given != null && !given.isBlank()) return given;
        return "sqlite:" + dataDir.resolve("homebase.db");
    }
}
