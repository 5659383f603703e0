package dev.homebase.server.cli;

import dev.homebase.server.functions.FunctionSecrets;
import dev.homebase.server.project.Project;
import dev.homebase.server.project.ProjectLoader;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.EventBus;
import dev.homebase.server.store.EventTopics;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code homebase secrets set|list|delete}: the app's function secrets, which its backend functions
 * read as environment variables ({@code Deno.env.get("NAME")}). Same store options as
 * {@code service-token}. Values are never printed.
 *
 * <pre>
 * ./homebase secrets set STRIPE_KEY=sk_test_123 OTHER=x -p examples/tasks
 * ./homebase secrets list -p examples/tasks
 * ./homebase secrets delete OTHER -p examples/tasks
 * </pre>
 */
@Command(name = "secrets", mixinStandardHelpOptions = true,
        description = "Manage the secrets (environment variables) of the app's backend functions.",
        subcommands = {SecretsCommand.Set.class, SecretsCommand.ListNames.class, SecretsCommand.Delete.class})
final class SecretsCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    /** The options every subcommand shares: which project, which store. */
    static class Store {
        @Option(names = {"-p", "--project"}, description = "Project folder (containing base44/). Default: .")
        Path project;

        @Option(names = "--data", description = "Data folder (default: $HOMEBASE_DATA or PROJECT_DIR/.homebase)")
        Path data;

        @Option(names = "--db", description = "Database: sqlite:PATH (default: sqlite:DATA/homebase.db) or postgresql://...")
        String db;

        <T> T with(Function<Context, T> work) {
            Path dir = project != null ? project : Path.of(".");
            Project p = ProjectLoader.load(dir.toAbsolutePath().normalize());
            Path dataDir = data != null ? data : Env.path("HOMEBASE_DATA").orElse(dir.resolve(".homebase"));
            try (Database database = Database.open(Stores.url(db, dataDir))) {
                return work.apply(new Context(p.appId(), new FunctionSecrets(database, Clock.systemUTC()), database));
            }
        }
    }

    record Context(String appId, FunctionSecrets secrets, Database database) {}

    /**
     * After a change: tells the servers running on the same database, as the dashboard's Settings page does
     * ({@link FunctionSecrets#CHANGES_TOPIC}): each restarts the app's warm function processes, so the next call sees the change.
     * Only PostgreSQL's bus reaches other processes; the notification is sent when its transaction commits, before
     * this returns. Returns the note to print: what running servers do about the change.
     */
    static String tellServers(Database database, String appId) {
        try (EventTopics topics = new EventTopics(EventBus.open(database, "cli-" + UUID.randomUUID()))) {
            EventBus secrets = topics.topic(FunctionSecrets.CHANGES_TOPIC);
            if (!secrets.reachesOtherNodes()) {
                return "running servers see the change when their function processes restart: restart the server,"
                        + " or change it on the dashboard's Settings page";
            }
            database.useTx(c -> secrets.publish(c, appId));
            return "servers running on this database restart the app's function processes";
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set secrets: NAME=VALUE ...")
    static final class Set extends Store implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "NAME=VALUE")
        List<String> assignments = new ArrayList<>();

        @Override
        public Integer call() {
            Map<String, String> values = new LinkedHashMap<>();
            for (String a : assignments) {
                int eq = a.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("Expected NAME=VALUE, got \"" + a.split("=", 2)[0] + "...\"");
                String name = a.substring(0, eq);
                FunctionSecrets.checkName(name); // all names checked before anything is written
                values.put(name, a.substring(eq + 1));
            }
            String note = with(ctx -> {
                values.forEach((name, value) -> ctx.secrets().set(ctx.appId(), name, value));
                return tellServers(ctx.database(), ctx.appId());
            });
            System.out.println("Set " + String.join(", ", values.keySet()) + " (" + note + ")");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print the names of the secrets (never the values).")
    static final class ListNames extends Store implements Callable<Integer> {
        @Override
        public Integer call() {
            with(ctx -> ctx.secrets().all(ctx.appId()).keySet()).forEach(System.out::println);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete secrets by name.")
    static final class Delete extends Store implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "NAME")
        List<String> names = new ArrayList<>();

        @Override
        public Integer call() {
            names.forEach(FunctionSecrets::checkName);
            record Outcome(List<String> missing, String note) {}
            Outcome outcome = with(ctx -> {
                List<String> missing = names.stream().filter(n -> !ctx.secrets().delete(ctx.appId(), n)).toList();
                return new Outcome(missing, missing.size() < names.size() ? tellServers(ctx.database(), ctx.appId()) : null);
            });
            if (!outcome.missing().isEmpty()) {
                System.err.println("homebase: no such secret: " + String.join(", ", outcome.missing()));
                return 1;
            }
            System.out.println("Deleted " + String.join(", ", names) + " (" + outcome.note() + ")");
            return 0;
        }
    }
}
