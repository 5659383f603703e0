package dev.homebase.server.cli;

import dev.homebase.server.auth.AccountService;
import dev.homebase.server.auth.AppKeys;
import dev.homebase.server.auth.OneTimeCodes;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.auth.TokenService;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.files.DiskStorage;
import dev.homebase.server.mail.Mailer;
import java.time.Clock;
import dev.homebase.server.files.FileSettings;
import dev.homebase.server.move.Base44Move;
import dev.homebase.server.move.Progress;
import dev.homebase.server.move.SourceApi;
import dev.homebase.server.project.Project;
import dev.homebase.server.project.ProjectLoader;
import dev.homebase.server.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code homebase import-base44}: copies an app's users and records from the hosted Base44 (or any server speaking
 * its wire protocol) into the store {@code serve} uses with the same options, keeping ids, dates and owners. Safe to
 * repeat until the cut-over: a re-run applies only what changed; an interrupted run resumes from its checkpoints.
 *
 * <pre>
 * BASE44_TOKEN=eyJ... ./homebase import-base44 my-app --from https://my-app.base44.app --app-id 6650...
 * </pre>
 */
@Command(name = "import-base44", mixinStandardHelpOptions = true,
        description = "Copy an app's users and records from Base44 into this server's database.")
final class ImportBase44Command implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "PROJECT_DIR", description = "Project folder (containing base44/). Default: .")
    Path project;

    @Option(names = "--from", required = true, paramLabel = "URL", description = "The source app's address, e.g. https://my-app.base44.app")
    String from;

    @Option(names = "--app-id", paramLabel = "ID", description = "The source app's id (default: the id in base44/.app.jsonc, as a project linked with the Base44 CLI has)")
    String appId;

    @Option(names = "--token", paramLabel = "TOKEN", description = "An app admin's access token (default: $BASE44_TOKEN); never printed")
    String token;

    @Option(names = "--entities", split = ",", paramLabel = "A,B", description = "Only these entities (User for the users). Default: all")
    List<String> entities;

    @Option(names = "--data", description = "Data folder (default: $HOMEBASE_DATA or PROJECT_DIR/.homebase); holds the checkpoints")
    Path data;

    @Option(names = "--db", description = "Database: sqlite:PATH (default: sqlite:DATA/homebase.db) or postgresql://...")
    String db;

    @Option(names = "--dry-run", description = "Read and validate against the local schemas without writing")
    boolean dryRun;

    @Option(names = "--files", description = "Also copy the files records point to (the source's media URLs and private file URIs)")
    boolean files;

    @Option(names = "--public-url", paramLabel = "URL", description = "With --files: the address this server is reached at, which copied files' URLs start with (default: $HOMEBASE_PUBLIC_URL)")
    String publicUrl;

    @Option(names = "--media-prefix", split = ",", paramLabel = "URL", description = "With --files: more URL prefixes of the source's files")
    List<String> mediaPrefixes;

    @Option(names = "--invite", description = "Mail each moved user a link to set a password (HOMEBASE_SMTP_*); without it nothing is mailed")
    boolean invite;

    @Option(names = "--page-size", description = "Records per page and per transaction (default: 500)")
    int pageSize = 500;

    @Option(names = "--retries", description = "Retries of one request after 429, 5xx or a network error (default: 6)")
    int retries = 6;

    @Override
    public Integer call() {
        String secret = token != null ? token : Env.string("BASE44_TOKEN").orElse(null);
        if (secret == null || secret.isBlank()) throw new IllegalArgumentException("--token (or BASE44_TOKEN) is required: an app admin's access token");
        if (pageSize < 1 || pageSize > 5000) throw new IllegalArgumentException("--page-size must be between 1 and 5000");
        if (retries < 0 || retries > 20) throw new IllegalArgumentException("--retries must be between 0 and 20");
        Path dir = project != null ? project : Path.of(".");
        Project p = ProjectLoader.load(dir.toAbsolutePath().normalize());
        Path dataDir = Stores.dataDir(data, dir);
        DataFolder.requireWritable(dataDir);
        String sourceApp = appId != null ? appId.strip() : p.appId();
        SourceApi source = new SourceApi(from, sourceApp, secret.strip(), retries, Duration.ofMillis(500), Duration.ofSeconds(60));
        List<String> only = entities == null ? null : entities.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        String filesUrl = publicUrl != null ? publicUrl : Env.string("HOMEBASE_PUBLIC_URL").orElse(null);
        if (files && (filesUrl == null || !(filesUrl.startsWith("http://") || filesUrl.startsWith("https://")))) {
            throw new IllegalArgumentException("--files needs --public-url (or HOMEBASE_PUBLIC_URL): the http(s) address this server is reached at");
        }
        Progress progress = new Progress(System.out, Progress.isTerminal());
        AuthConfig auth = invite ? ServeCommand.authConfig() : null;
        try (Database database = Stores.open(db, dataDir);
             AccountService accounts = invite ? accounts(database, auth, p) : null) {
            Base44Move move = new Base44Move(p, database, dataDir, source, new Base44Move.Options(only, dryRun, pageSize), progress);
            if (accounts != null) move.withInvites(u -> accounts.invite(u.appId(), u.email(), u.role()));
            if (files) {
                FileSettings fs = FileSettings.fromEnvironment(dataDir, System.getenv());
                move.withFiles(new Base44Move.Files(new DiskStorage(fs.root()), fs.maxUploadBytes(), filesUrl, from, sourceApp,
                        mediaPrefixes == null ? List.of() : mediaPrefixes));
            }
            System.out.println((dryRun ? "Checking (dry run, nothing is written) " : "Moving ")  + "app " + sourceApp + " from " + from
                    + " into " + database.displayUrl() + " (app " + p.appId() + ")");
            move.run();
            System.out.println();
            System.out.println("Summary" + (dryRun ? " (dry run: \"written\" = would be written)" : "") + ":");
            move.summaryLines().forEach(System.out::println);
            if (source.retried() > 0) System.out.println("Requests retried after 429/5xx/network errors: " + source.retried());
            System.out.println(move.interrupted() ? "The source stopped answering; run the command again to resume where it stopped."
                    : move.failed() ? "Some records were not moved; fix them and run the command again (records already moved count as unchanged)."
                    : dryRun ? "Dry run complete." : "Move complete. Realtime events and automations did not run for imported records.");
            System.out.flush();
            return move.failed() ? 1 : 0;
        }
    }

    /** The account service {@code serve} would use, for invitations only (its mail goes out before it closes). */
    private static AccountService accounts(Database database, AuthConfig auth, Project p) {
        if (auth.smtp().isEmpty()) {
            System.out.println("--invite without HOMEBASE_SMTP_HOST: invitations are written to the log, not mailed");
        }
        Clock clock = Clock.systemUTC();
        TokenService tokens = new TokenService(new AppKeys(database, clock), clock, auth.userTokenTtl());
        String base = auth.publicUrl().orElse("http://127.0.0.1:4400");
        return new AccountService(database, new UserStore(database.dialect()),
                new Passwords(new Passwords.Params(auth.argonMemoryKiB(), auth.argonIterations(), auth.argonParallelism())),
                new OneTimeCodes(), tokens, Mailer.of(auth.smtp()), clock,
                id -> p.name() == null || p.name().isBlank() ? id : p.name(), () -> base, (scope, type, record) -> {});
    }
}
