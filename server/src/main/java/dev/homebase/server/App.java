package dev.homebase.server;

import dev.homebase.server.agents.AgentCatalog;
import dev.homebase.server.agents.AgentService;
import dev.homebase.server.agents.AgentSettings;
import dev.homebase.server.ai.AiServices;
import dev.homebase.server.ai.AiSettings;
import dev.homebase.server.ai.PublicFileImageStore;
import dev.homebase.server.applogs.AppLogs;
import dev.homebase.server.auth.AccountService;
import dev.homebase.server.auth.AppKeys;
import dev.homebase.server.auth.Authenticator;
import dev.homebase.server.auth.OneTimeCodes;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.auth.RateLimiter;
import dev.homebase.server.auth.ServerAdmin;
import dev.homebase.server.auth.TokenService;
import dev.homebase.server.auth.UserCache;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.automations.AutomationSettings;
import dev.homebase.server.automations.Automations;
import dev.homebase.server.auth.oauth.SocialLogin;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.config.ServerConfig;
import dev.homebase.server.connectors.ConnectorConfig;
import dev.homebase.server.connectors.Connectors;
import dev.homebase.server.connectors.SsoTokens;
import dev.homebase.server.connectors.TokenCipher;
import dev.homebase.server.entity.CallerAccessCache;
import dev.homebase.server.entity.RecordIds;
import dev.homebase.server.entity.RecordListener;
import dev.homebase.server.entity.RecordService;
import dev.homebase.server.entity.Timestamps;
import dev.homebase.server.files.FileService;
import dev.homebase.server.files.FileSettings;
import dev.homebase.server.files.FileStorage;
import dev.homebase.server.files.SignedUrls;
import dev.homebase.server.functions.FunctionHost;
import dev.homebase.server.functions.FunctionLogs;
import dev.homebase.server.functions.FunctionSecrets;
import dev.homebase.server.functions.FunctionSettings;
import dev.homebase.server.project.AppSettings;
import dev.homebase.server.project.Apps;
import dev.homebase.server.project.EntityReloader;
import dev.homebase.server.project.EntityWatcher;
import dev.homebase.server.http.AuthServices;
import dev.homebase.server.http.HttpServer;
import dev.homebase.server.http.IntegrationServices;
import dev.homebase.server.integrations.EmailService;
import dev.homebase.server.integrations.IntegrationLimits;
import dev.homebase.server.integrations.custom.CustomIntegrationService;
import dev.homebase.server.integrations.extract.ExtractLimits;
import dev.homebase.server.integrations.IntegrationQuota;
import dev.homebase.server.project.IntegrationSettings;
import dev.homebase.server.mail.Mailer;
import dev.homebase.server.ops.NodeOps;
import dev.homebase.server.project.Project;
import dev.homebase.server.project.ProjectLoader;
import dev.homebase.server.realtime.NodeRelay;
import dev.homebase.server.realtime.RealtimeServer;
import dev.homebase.server.realtime.RealtimeSettings;
import dev.homebase.server.realtime.RuleFilter;
import dev.homebase.server.site.AppManifest;
import dev.homebase.server.site.SiteHandler;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.QueryLimits;
import dev.homebase.server.store.EventBus;
import dev.homebase.server.store.EventTopics;
import dev.homebase.server.store.EntityScope;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import dev.homebase.server.store.SchemaIndexes;
import dev.homebase.server.store.SlotCoherence;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running Homebase: wiring only (config, then store, then services, then HTTP); no logic.
 */
public final class App implements AutoCloseable {
    private final List<Project> projects;
    private final Database database;
    private final AccountService accounts;
    private final RealtimeServer realtime;
    private final NodeRelay relay;
    private final FunctionHost functions;
    private final HttpServer http;
    private final Apps apps;
    private final Automations automations;
    private final CustomIntegrationService customIntegrations;
    private final AgentService agents;
    private final FileStorage files;
    private final SlotCoherence slots;
    private EntityReloader entityReloader; // made on first use, guarded by this

    private App(List<Project> projects, Database database, AccountService accounts, RealtimeServer realtime,
                NodeRelay relay, FunctionHost functions, HttpServer http, Apps apps, Automations automations,
                CustomIntegrationService customIntegrations, AgentService agents, FileStorage files, SlotCoherence slots) {
        this.apps = apps;
        this.slots = slots;
        this.automations = automations;
        this.customIntegrations = customIntegrations;
        this.agents = agents;
        this.files = files;
        this.projects = projects;
        this.database = database;
        this.accounts = accounts;
        this.realtime = realtime;
        this.relay = relay;
        this.functions = functions;
        this.http = http;
    }

    /**
     * Loads the projects, opens the database and starts serving.
     *
     * <pre>{@code
     * App app = App.start(config, AppOptions.defaults().withAuth(auth));
     * }</pre>
     *
     * @param options every setting besides the config; {@link AppOptions#defaults()} for the defaults and the environment's
     * @throws dev.homebase.server.project.ProjectException for a bad project
     * @throws dev.homebase.server.store.StoreException when the database cannot be opened
     */
    public static App start(ServerConfig config, AppOptions options) {
        AuthConfig auth = options.auth();
        FunctionSettings functionSettings = options.functions();
        RealtimeSettings realtimeSettings = options.realtime();
        QueryLimits queryLimits = options.queryLimits();
        AiSettings aiSettings = options.ai();
        FileSettings fileSettings = options.filesFor(config.dataDir());
        IntegrationLimits integrationLimits = options.integrationLimits();
        AutomationSettings automationSettings = options.automations();
        AgentSettings agentSettings = options.agents();
        List<Project> projects = config.projects().stream().map(ProjectLoader::load).toList();
        Apps apps = new Apps(projects);
        // Read before the database opens: a bad integration file stops the start with its name.
        java.util.Map<String, Path> projectDirs = new java.util.HashMap<>();
        for (Project p : projects) projectDirs.put(p.appId(), p.dir());
        AtomicReference<FunctionSecrets> secretStore = new AtomicReference<>(); // set once the database is open
        // Holds nothing to close until its first call (its HTTP client starts then).
        CustomIntegrationService custom = new CustomIntegrationService(projectDirs, (appId, name) -> secretStore.get().find(appId, name));
        Database db = Database.open(config.databaseUrl(), queryLimits);
        RealtimeServer realtime = null;
        NodeRelay relay = null;
        EventTopics topics = null;
        SlotCoherence slots = null;
        try {
            // Other nodes on the same PostgreSQL database hear this node's changes, and this node theirs.
            topics = new EventTopics(EventBus.open(db, UUID.randomUUID().toString()));
            // Slot assignments this node changes reach the other nodes' mirrors; records written with an old one are set right.
            slots = new SlotCoherence(db, topics.topic(SlotCoherence.TOPIC));
            syncIndexes(db, projects, slots);
            slots.repairSoon(projects.stream().map(Project::appId).collect(java.util.stream.Collectors.toSet()));
            Clock clock = Clock.systemUTC();
            AtomicReference<NodeRelay> events = new AtomicReference<>();
            NodeRelay.Timing timing = NodeRelay.Timing.fromEnvironment(System::getenv);
            RecordListener published = new RecordListener() {
                // Sockets watch the production data; writes to the dev data environment are not broadcast.
                @Override
                public void changed(EntityScope scope, String type, ObjectNode record) {
                    NodeRelay r = events.get();
                    if (r != null && "prod".equals(scope.env())) r.publish(scope.appId(), scope.entity(), type, record, record.path("id").asText());
                }

                @Override
                public Runnable inTransaction(Connection c, EntityScope scope, String type, ObjectNode record) throws SQLException {
                    if (timing == NodeRelay.Timing.AFTER_COMMIT) return () -> changed(scope, type, record);
                    NodeRelay r = events.get();
                    if (r == null || !"prod".equals(scope.env())) return () -> { };
                    return r.publishIn(c, scope.appId(), scope.entity(), type, record, record.path("id").asText());
                }

                @Override
                public boolean writesInTransaction(EntityScope scope) {
                    return timing == NodeRelay.Timing.IN_TRANSACTION && "prod".equals(scope.env()); // publishIn notifies on c
                }
            };
            // Automations (a bad declaration stops the start here); entity events enter their outbox in each write's transaction.
            Automations automations = Automations.load(projects, db, automationSettings,
                    appId -> apps.find(appId).map(a -> a.project().entities().values().stream()
                            .map(dev.homebase.server.entity.EntitySchema::name).collect(java.util.stream.Collectors.toSet())).orElse(Set.of()));
            // This server's compiled rules per (rules, caller): REST and realtime (through records) share it, another App has its own.
            RecordService records = new RecordService(db, new RecordIds(clock), new Timestamps(clock), published, automations,
                    new CallerAccessCache());
            Optional<Path> site = projects.stream().map(Project::siteDir).flatMap(Optional::stream).findFirst();
            AccountService accounts = null;
            FunctionHost functions = null;
            AppLogs appLogs = null;
            AgentService agents = null;
            // Agent files are checked now: a bad one stops the start with a message naming it.
            AgentCatalog agentCatalog = new AgentCatalog(projects.stream().collect(java.util.stream.Collectors.toMap(Project::appId, Project::dir)));
            AtomicReference<AgentService> agentRooms = new AtomicReference<>();
            FileStorage storage = null;
            try {
                Clock authClock = auth.clock();
                UserStore users = new UserStore(db.dialect());
                UserCache userCache = new UserCache(db, users, topics.topic("user"));
                users.tellChangesTo(userCache::changed);
                AppKeys keys = new AppKeys(db, authClock);
                projects.forEach(p -> keys.signingKey(p.appId())); // each app's key exists from the first start on
                TokenService tokens = new TokenService(keys, authClock, auth.userTokenTtl());
                AtomicReference<String> ownUrl = new AtomicReference<>("http://" + config.host() + ":" + config.port());
                accounts = new AccountService(db, users,
                        new Passwords(new Passwords.Params(auth.argonMemoryKiB(), auth.argonIterations(), auth.argonParallelism())),
                        new OneTimeCodes(), tokens, Mailer.of(auth.smtp()), authClock,
                        appId -> apps.find(appId).map(a -> a.project().name()).filter(n -> !n.isBlank()).orElse(appId),
                        () -> auth.publicUrl().orElseGet(ownUrl::get), published);
                if (auth.adminEmail().isPresent()) {
                    for (Project p : projects) accounts.ensureAdmin(p.appId(), auth.adminEmail().get(), auth.adminPassword().orElseThrow());
                }
                Authenticator authenticator = new Authenticator(tokens, users, db, userCache);
                FunctionSecrets appSecrets = new FunctionSecrets(db, authClock);
                // Connectors (api-contract §8) of base44/connectors/*.jsonc, checked now; their tokens and the SSO tokens (§9) sealed.
                HttpServer.ConnectorRoutes connectorRoutes = connectors(projects, db, keys, appSecrets, authClock);
                SocialLogin social = new SocialLogin(appId -> apps.find(appId).map(a -> a.project().authProviders()).orElse(java.util.Map.of()),
                        appSecrets::find, accounts, db, authClock,
                        (appId, userId, provider, t) -> connectorRoutes.sso().keep(appId, userId, provider, t.tokenUrl(), t.accessToken(),
                                t.refreshToken(), t.expiresAt(), t.idToken()));
                RateLimiter limiter = new RateLimiter(db, authClock);
                AuthServices authServices = new AuthServices(authenticator, accounts, limiter, auth.rateLimits(),
                        social, auth.publicUrl(), keys, new ServerAdmin(auth.adminEmail(), db, users, tokens));
                secretStore.set(appSecrets);
                storage = fileSettings.openStorage(); // an S3 bucket is probed here: a bad one stops the start
                IntegrationServices integrations = integrations(db, apps, users, keys, limiter, auth, fileSettings, storage, integrationLimits, custom,
                        config.extractLimits());
                // Conversation rooms: only the conversation's owner (or the service role) may join (api-contract §17.3).
                RuleFilter.RoomAccess conversationRooms = (appId, caller, anonymousId, room) ->
                        agentRooms.get() != null && agentRooms.get().mayJoin(appId, caller, anonymousId, room);
                realtime = new RealtimeServer(appId -> apps.find(appId).isPresent(), new RuleFilter(authenticator, apps, records, conversationRooms),
                        realtimeSettings, clock);
                userCache.onCommittedChange(realtime::userChanged); // a role change or a disabled user: at once on open sockets
                relay = new NodeRelay(realtime, topics.topic("records"), clock);
                events.set(relay);
                // Functions call back over loopback: a wildcard bind address is not a destination.
                String loopback = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
                AtomicReference<String> callbackUrl = new AtomicReference<>();
                functions = new FunctionHost(projects, functionSettings, config.dataDir(), tokens, new FunctionSecrets(db, authClock),
                        callbackUrl::get);
                functions.logTo(new FunctionLogs(db, clock, FunctionLogs.defaultRetention()));
                appLogs = new AppLogs(db, clock, AppLogs.defaultRetention());
                // Generated images are public files: the same storage and /media/ URLs as UploadFile.
                PublicFileImageStore images = new PublicFileImageStore(integrations.files(), () -> auth.publicUrl().orElseGet(ownUrl::get));
                AiServices ai = new AiServices(aiSettings, projects, appSecrets::find, images);
                NodeRelay roomRelay = relay;
                agents = new AgentService(agentCatalog, db, apps, records, users, tokens, ai, agentSettings, callbackUrl::get,
                        roomRelay::publishToRoom, clock);
                agentRooms.set(agents);
                HttpServer http = new HttpServer(config.host(), config.port(), apps, records, new SiteHandler(site, manifest(projects)),
                        authServices, functions, realtime::install,
                        new NodeOps(metrics(realtime, db), db, realtime, metricsToken()), appLogs, integrations,
                        new HttpServer.AiRoutes(ai, agents, new IntegrationQuota(limiter, integrationLimits)), connectorRoutes,
                        dashboard(auth, fileSettings, integrationLimits, aiSettings, realtimeSettings, queryLimits, db, realtime, functions,
                                topics.topic(FunctionSecrets.CHANGES_TOPIC)));
                ownUrl.set("http://" + config.host() + ":" + http.port());
                callbackUrl.set("http://" + (loopback.contains(":") ? "[" + loopback + "]" : loopback) + ":" + http.port());
                automations.start(functions, functions.logs().orElse(null));
                return new App(projects, db, accounts, realtime, relay, functions, http, apps, automations, custom, agents, storage, slots);
            } catch (RuntimeException e) {
                if (agents != null) agents.close();
                automations.close();
                custom.close();
                if (storage != null) storage.close();
                if (appLogs != null) appLogs.close();
                if (functions != null) functions.close();
                if (accounts != null) accounts.close();
                throw e;
            }
        } catch (RuntimeException e) {
            if (relay != null) relay.close();
            if (topics != null) topics.close(); // idempotent: the relay closes the same bus
            if (realtime != null) realtime.close();
            if (slots != null) slots.close();
            db.close();
            throw e;
        }
    }

    /**
     * What the dashboard's Settings and Activity pages show, from the settings this server started with. A secret set
     * or deleted there restarts the app's function processes on this node and, through {@code secretsBus}, on the
     * other nodes of the same database, so the next call on any node sees it.
     */
    private static dev.homebase.server.http.DashboardSources dashboard(AuthConfig auth, FileSettings files, IntegrationLimits limits,
                                                                       AiSettings ai, RealtimeSettings realtime, QueryLimits queries,
                                                                       Database db, RealtimeServer sockets, FunctionHost functions,
                                                                       EventBus secretsBus) {
        secretsBus.subscribe(functions::restartApp); // another node changed a secret of this app
        return new dev.homebase.server.http.DashboardSources(auth, files, limits, ai, realtime, queries, db.dialect().name(),
                db.displayUrl(), sockets::connections, appId -> {
                    functions.restartApp(appId);
                    secretsBus.publish(appId);
                });
    }

    /** The connectors of each project (a bad declaration stops the start, naming its file) and the SSO token store. */
    private static HttpServer.ConnectorRoutes connectors(List<Project> projects, Database db, AppKeys keys, FunctionSecrets secrets,
                                                         Clock clock) {
        java.util.Map<String, java.util.Map<String, ConnectorConfig>> declared = new java.util.HashMap<>();
        for (Project p : projects) declared.put(p.appId(), ConnectorConfig.load(p.dir()));
        TokenCipher cipher = new TokenCipher(keys::signingKey);
        java.util.Map<String, Project> byId = new java.util.HashMap<>();
        for (Project p : projects) byId.put(p.appId(), p);
        SsoTokens sso = new SsoTokens(db, cipher, clock, (appId, provider) -> Optional.ofNullable(byId.get(appId))
                .map(p -> p.authProviders().get(provider))
                .flatMap(s -> secrets.find(appId, s.clientSecretName()).map(v -> new SsoTokens.Client(s.clientId(), v))));
        return new HttpServer.ConnectorRoutes(new Connectors(appId -> declared.getOrDefault(appId, java.util.Map.of()),
                secrets::find, db, cipher, clock), sso);
    }

    /** Files and mail for the Core integrations; each app's {@code "integrations"} settings are read now (bad ones stop the start). */
    private static IntegrationServices integrations(Database db, Apps apps, UserStore users, AppKeys keys, RateLimiter limiter,
                                                    AuthConfig auth, FileSettings fileSettings, FileStorage storage, IntegrationLimits limits,
                                                    CustomIntegrationService custom, ExtractLimits extractLimits) {
        java.util.Map<String, IntegrationSettings> settings = new java.util.HashMap<>();
        for (Apps.HostedApp a : apps.all()) settings.put(a.project().appId(), IntegrationSettings.of(a.project()));
        FileService files = new FileService(storage, new SignedUrls(keys::mediaKey, auth.clock()), fileSettings);
        EmailService email = new EmailService(db, users, Mailer.of(auth.smtp()), limiter, limits,
                appId -> apps.find(appId).map(a -> a.project().name()).filter(n -> !n.isBlank()).orElse(appId));
        return new IntegrationServices(files, email, appId -> settings.getOrDefault(appId, new IntegrationSettings(Set.of())), auth.publicUrl(),
                custom, extractLimits);
    }

    /** What {@code GET /api/apps/{appId}/metrics} reports: the realtime counters and which database is in use. */
    private static dev.homebase.server.http.NodeMetrics metrics(RealtimeServer realtime, Database db) {
        return appId -> {
            var out = dev.homebase.server.internal.Json.object();
            out.set("realtime", realtime.metrics(appId));
            out.putObject("database").put("dialect", db.dialect().name()).put("url", db.displayUrl()); // never the password
            return out;
        };
    }

    /** {@code HOMEBASE_METRICS_TOKEN} (or the system property {@code homebase.metrics.token}, which tests set). */
    private static Optional<String> metricsToken() {
        return Optional.ofNullable(System.getenv("HOMEBASE_METRICS_TOKEN"))
                .or(() -> Optional.ofNullable(System.getProperty("homebase.metrics.token")));
    }

    /** The manifest served when the site has no {@code manifest.json}: from the project whose site is served, else the first. */
    private static AppManifest manifest(List<Project> projects) {
        Project p = projects.stream().filter(x -> x.siteDir().isPresent()).findFirst().orElse(projects.get(0));
        String name = p.name().isBlank() ? p.dir().getFileName().toString() : p.name();
        AppSettings settings = AppSettings.of(p);
        return new AppManifest(name, settings.description(), settings.icon().orElse(null));
    }

    /** Page views and analytics events of the hosted apps. */
    public AppLogs appLogs() {
        return http.appLogs();
    }

    /** Creates the indexes the hosted entity schemas declare and drops those they no longer declare. */
    private static void syncIndexes(Database db, List<Project> projects, SlotCoherence slots) {
        List<SchemaIndexes.Declared> declared = projects.stream()
                .flatMap(p -> p.entities().values().stream().map(e -> dev.homebase.server.entity.IndexedScalars.declared(p.appId(), e)))
                .toList();
        SchemaIndexes.sync(db, projects.stream().map(Project::appId).collect(java.util.stream.Collectors.toSet()), declared, slots);
    }

    /**
     * Reads the apps' entity files again on request ({@link EntityWatcher} asks on file changes): the
     * reloaded schemas are served, validated and ruled (REST and realtime alike), and their declared
     * indexes kept in this server's database.
     */
    public synchronized EntityReloader entityReloader() {
        if (entityReloader == null) {
            entityReloader = new EntityReloader(apps, (appId, schemas) -> SchemaIndexes.sync(database, Set.of(appId),
                    schemas.stream().map(e -> dev.homebase.server.entity.IndexedScalars.declared(appId, e)).toList(), slots));
        }
        return entityReloader;
    }

    /** The port the server listens on. */
    public int port() {
        return http.port();
    }

    /** The realtime endpoint; writes publish their entity events here. */
    public RealtimeServer realtime() {
        return realtime;
    }

    /** The custom (OpenAPI) integrations of the hosted apps; {@link dev.homebase.server.integrations.custom.IntegrationWatcher} reloads them. */
    public CustomIntegrationService customIntegrations() {
        return customIntegrations;
    }

    /** The backend functions of the hosted apps. */
    public FunctionHost functions() {
        return functions;
    }

    /** The projects being served. */
    public List<Project> projects() {
        return projects;
    }

    /** The HTTP server (its route table: {@link HttpServer#routes()}). */
    public HttpServer http() {
        return http;
    }

    /** The automations of the hosted apps. */
    public Automations automations() {
        return automations;
    }

    /** The AI agents of the hosted apps and their conversations. */
    public AgentService agents() {
        return agents;
    }

    @Override
    public void close() {
        agents.close();
        automations.close(); // no new runs; those in flight end with their function calls
        http.close(); // and the app logs it writes to
        functions.close();
        relay.close();
        realtime.close();
        accounts.close();
        customIntegrations.close();
        files.close();
        slots.close(); // a repair running ends before the database closes
        database.close();
    }
}
