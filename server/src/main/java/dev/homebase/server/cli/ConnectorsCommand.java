package dev.homebase.server.cli;

import dev.homebase.server.auth.AppKeys;
import dev.homebase.server.connectors.ConnectorConfig;
import dev.homebase.server.connectors.ConnectorException;
import dev.homebase.server.connectors.Connectors;
import dev.homebase.server.connectors.TokenCipher;
import dev.homebase.server.functions.FunctionSecrets;
import dev.homebase.server.project.Project;
import dev.homebase.server.project.ProjectLoader;
import dev.homebase.server.store.Database;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code homebase connectors connect <type> [PROJECT_DIR]}: starts connecting the app's own account
 * of a connector declared in {@code base44/connectors/<type>.jsonc} and prints the provider's
 * authorization URL (first line of stdout). Open it in a browser and grant access: the provider
 * returns to the running server's {@code /api/connectors/callback}, which stores the tokens. The
 * link is single use and valid ten minutes. Same store options as {@code service-token}.
 */
@Command(name = "connectors", mixinStandardHelpOptions = true,
        description = "Connect the app's accounts of third-party APIs (base44/connectors/*.jsonc).",
        subcommands = {ConnectorsCommand.Connect.class})
final class ConnectorsCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Command(name = "connect", mixinStandardHelpOptions = true,
            description = "Print the authorization URL that connects the app's own account of a connector.")
    static final class Connect implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TYPE", description = "The connector type (the file name in base44/connectors/)")
        String type;

        @Parameters(index = "1", arity = "0..1", paramLabel = "PROJECT_DIR", description = "Project folder (containing base44/). Default: .")
        Path project;

        @Option(names = "--data", description = "Data folder (default: $HOMEBASE_DATA or PROJECT_DIR/.homebase)")
        Path data;

        @Option(names = "--db", description = "Database: sqlite:PATH (default: sqlite:DATA/homebase.db) or postgresql://...")
        String db;

        @Option(names = "--url", description = "The URL the server is reached at (default: $HOMEBASE_PUBLIC_URL or http://127.0.0.1:4400)")
        String url;

        @Override
        public Integer call() {
            Path dir = project != null ? project : Path.of(".");
            Project p = ProjectLoader.load(dir.toAbsolutePath().normalize());
            Map<String, ConnectorConfig> declared = ConnectorConfig.load(p.dir());
            String base = url != null ? url : Env.string("HOMEBASE_PUBLIC_URL").orElse("http://127.0.0.1:4400");
            URI callback = URI.create(base.replaceAll("/+$", "") + "/api/connectors/callback");
            Path dataDir = data != null ? data : Env.path("HOMEBASE_DATA").orElse(dir.resolve(".homebase"));
            try (Database database = Database.open(Stores.url(db, dataDir))) {
                Clock clock = Clock.systemUTC();
                FunctionSecrets secrets = new FunctionSecrets(database, clock);
                AppKeys keys = new AppKeys(database, clock);
                Connectors connectors = new Connectors(appId -> declared, secrets::find,
                        database, new TokenCipher(keys::signingKey), clock);
                URI authorize = connectors.start(p.appId(), type, "", callback);
                System.out.println(authorize);
                System.err.println("Open this URL in a browser within 10 minutes and grant access; the provider returns to "
                        + callback + " (register it with the provider), where the server stores the tokens.");
                return 0;
            } catch (ConnectorException e) {
                System.err.println("homebase: " + e.getMessage());
                return ExitCode.CONFIG.code();
            }
        }
    }
}
