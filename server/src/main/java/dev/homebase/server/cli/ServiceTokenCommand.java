package dev.homebase.server.cli;

import dev.homebase.server.auth.AppKeys;
import dev.homebase.server.auth.TokenService;
import dev.homebase.server.project.Project;
import dev.homebase.server.project.ProjectLoader;
import dev.homebase.server.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code homebase service-token}: prints a service-role token for trusted scripts as the first line
 * of stdout. It is signed with the app's key from the same store {@code serve} uses with the same
 * options, so a running server accepts it.
 *
 * <pre>
 * TOKEN=$(./homebase service-token . --ttl 30m | head -1)
 * curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:4400/api/apps/$APP/entities/Task
 * </pre>
 */
@Command(name = "service-token", mixinStandardHelpOptions = true,
        description = "Print a service-role token (bypasses row and field rules) for trusted scripts.")
final class ServiceTokenCommand implements Callable<Integer> {
    /** Longest lifetime allowed. */
    static final Duration MAX_TTL = Duration.ofDays(365);

    @Parameters(arity = "0..1", paramLabel = "PROJECT_DIR", description = "Project folder (containing base44/). Default: .")
    Path project;

    @Option(names = "--data", description = "Data folder (default: $HOMEBASE_DATA or PROJECT_DIR/.homebase)")
    Path data;

    @Option(names = "--db", description = "Database: sqlite:PATH (default: sqlite:DATA/homebase.db) or postgresql://...")
    String db;

    @Option(names = "--ttl", description = "Lifetime, e.g. 30m, 1h, 7d, 3600s (default: 1h)")
    String ttl = "1h";

    @Option(names = "--data-env", description = "Data environment the token selects: prod or dev (default: none, i.e. prod)")
    String dataEnv;

    @Override
    public Integer call() {
        Duration lifetime = parseTtl(ttl);
        if (dataEnv != null && !dataEnv.equals("dev") && !dataEnv.equals("prod")) {
            throw new IllegalArgumentException("--data-env must be dev or prod, got \"" + dataEnv + "\"");
        }
        Path dir = project != null ? project : Path.of(".");
        Project p = ProjectLoader.load(dir.toAbsolutePath().normalize());
        Path dataDir = data != null ? data : Env.path("HOMEBASE_DATA").orElse(dir.resolve(".homebase"));
        try (Database database = Database.open(Stores.url(db, dataDir))) {
            Clock clock = Clock.systemUTC();
            TokenService tokens = new TokenService(new AppKeys(database, clock), clock, Duration.ofHours(1));
            System.out.println(tokens.issueService(p.appId(), dataEnv, null, lifetime));
        }
        System.out.flush();
        return 0;
    }

    /** Parses {@code 90s}, {@code 30m}, {@code 1h}, {@code 7d} (or an ISO-8601 duration). */
    static Duration parseTtl(String raw) {
        String s = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (s.startsWith("p")) {
                d = Duration.parse(s.toUpperCase(Locale.ROOT));
            } else {
                long n = Long.parseLong(s.substring(0, s.length() - 1));
                d = switch (s.charAt(s.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new IllegalArgumentException();
                };
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--ttl must look like 30m, 1h or 7d, got \"" + raw + "\"");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("--ttl must be positive and at most 365d, got \"" + raw + "\"");
        }
        return d;
    }
}
