package dev.homebase.server.http;

import dev.homebase.server.config.MailSettings;
import dev.homebase.server.config.OAuthProviderSettings;
import dev.homebase.server.config.RateLimits;
import dev.homebase.server.files.S3Settings;
import dev.homebase.server.functions.FunctionSecrets;
import dev.homebase.server.integrations.IntegrationLimits;
import dev.homebase.server.project.Apps;
import dev.homebase.server.store.Database;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /api/apps/{appId}/dashboard/settings}: what is in force for the app, read-only, for the dashboard's
 * Settings page: sign-in providers, rate limits, file storage, database, mail and the model provider. Built from
 * {@link DashboardSources} (the settings the server started with) and the app's {@code config.jsonc}, never by reading
 * the environment again. Each item names where it comes from ({@code source}: an environment variable or a place in
 * {@code config.jsonc}).
 *
 * <p>Answer: {@code {"sections": [{"id", "title", "items": [{"id", "label", "value", "source", ...}]}]}}; sign-in items
 * also carry {@code enabled} and, when configured, {@code client_id} and {@code secret_name}. NB: no secret is ever in
 * it (no client secret, SMTP password, S3 key, model key, or password in a URL): only whether a provider's secret is
 * set, from the secret names.
 */
final class DashboardSettingsApi {
    /** Providers shown even when the app does not list them, as "not configured". */
    private static final List<String> KNOWN_PROVIDERS = List.of("google", "facebook", "apple", "github", "sso");
    private static final Map<String, String> LABELS = Map.of("google", "Google", "facebook", "Facebook", "apple", "Apple",
            "github", "GitHub", "sso", "SSO (OpenID Connect)", "microsoft", "Microsoft");

    private final Apps apps;
    private final Callers callers;
    private final DashboardSources sources;
    private final FunctionSecrets secrets;

    DashboardSettingsApi(Apps apps, Callers callers, DashboardSources sources, FunctionSecrets secrets) {
        this.apps = apps;
        this.callers = callers;
        this.sources = sources;
        this.secrets = secrets;
    }

    void get(Context ctx) {
        var app = apps.require(ctx.pathParam("appId"));
        String appId = app.project().appId();
        callers.adminOrService(ctx, appId, DashboardOpsApi.REFUSAL);
        if (sources == null) throw ApiException.unavailable("unavailable", "This server was started without its settings summary");
        Set<String> secretNames = secrets.names(appId).stream().map(FunctionSecrets.Stored::name).collect(Collectors.toSet());
        List<Map<String, Object>> sections = List.of(
                section("sign_in", "Sign-in providers", signIn(app.project().authProviders(), secretNames)),
                section("rate_limits", "Rate limits", rateLimits()),
                section("storage", "File storage", storage()),
                section("database", "Database", database()),
                section("mail", "Mail", mail()),
                section("ai", "AI model provider", ai()));
        EntityApi.json(ctx, 200, Map.of("sections", sections));
    }

    private static List<Map<String, Object>> signIn(Map<String, OAuthProviderSettings> providers, Set<String> secretNames) {
        List<Map<String, Object>> items = new ArrayList<>();
        Map<String, Object> email = item("email_password", "Email and password", "enabled", "always on (auth/login, auth/register)");
        email.put("enabled", true);
        items.add(email);
        List<String> names = new ArrayList<>(KNOWN_PROVIDERS);
        providers.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
        for (String name : names) {
            OAuthProviderSettings p = providers.get(name);
            String source = "base44/config.jsonc: auth.providers." + name;
            if (p == null) {
                Map<String, Object> off = item(name, LABELS.getOrDefault(name, name), "not configured", source);
                off.put("enabled", false);
                items.add(off);
                continue;
            }
            boolean hasSecret = secretNames.contains(p.clientSecretName());
            String value = hasSecret ? "enabled" : "not usable: the secret " + p.clientSecretName() + " is not set";
            Map<String, Object> on = item(name, LABELS.getOrDefault(name, p.displayName()), value,
                    source + " (secret " + p.clientSecretName() + ")");
            on.put("enabled", hasSecret);
            on.put("client_id", p.clientId());
            on.put("secret_name", p.clientSecretName());
            on.put("type", p.type().configName());
            items.add(on);
        }
        return items;
    }

    private List<Map<String, Object>> rateLimits() {
        RateLimits auth = sources.auth().rateLimits();
        IntegrationLimits integrations = sources.limits();
        String authVar = "HOMEBASE_AUTH_RATE_LIMITS";
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(item("login_ip", "Sign-in attempts per IP", rule(auth.loginPerIp()), authVar + " (login_ip)"));
        items.add(item("login_email", "Sign-in attempts per email", rule(auth.loginPerEmail()), authVar + " (login_email)"));
        items.add(item("mail_ip", "Sign-in mails per IP", rule(auth.mailPerIp()), authVar + " (mail_ip)"));
        items.add(item("mail_email", "Sign-in mails per email", rule(auth.mailPerEmail()), authVar + " (mail_email)"));
        items.add(item("verify_ip", "Code and reset checks per IP", rule(auth.verifyPerIp()), authVar + " (verify_ip)"));
        items.add(item("llm_app", "InvokeLLM per app", rule(integrations.llmPerApp()), "HOMEBASE_LLM_LIMIT_APP"));
        items.add(item("llm_user", "InvokeLLM per user", rule(integrations.llmPerUser()), "HOMEBASE_LLM_LIMIT_USER"));
        items.add(item("image_app", "GenerateImage per app", rule(integrations.imagePerApp()), "HOMEBASE_IMAGE_LIMIT_APP"));
        items.add(item("image_user", "GenerateImage per user", rule(integrations.imagePerUser()), "HOMEBASE_IMAGE_LIMIT_USER"));
        items.add(item("email_app", "SendEmail per app", rule(integrations.emailPerApp()), "HOMEBASE_EMAIL_LIMIT_APP"));
        items.add(item("email_user", "SendEmail per user", rule(integrations.emailPerUser()), "HOMEBASE_EMAIL_LIMIT_USER"));
        items.add(item("realtime_connections", "Realtime connections per node", String.valueOf(sources.realtime().maxConnections()),
                "HOMEBASE_REALTIME_MAX_CONNECTIONS"));
        items.add(item("realtime_connections_app", "Realtime connections per app", String.valueOf(sources.realtime().maxConnectionsPerApp()),
                "HOMEBASE_REALTIME_MAX_CONNECTIONS_PER_APP"));
        items.add(item("realtime_rooms", "Realtime subscriptions per connection", String.valueOf(sources.realtime().maxRoomsPerConnection()),
                "HOMEBASE_REALTIME_MAX_ROOMS_PER_CONNECTION"));
        items.add(item("realtime_dispatch", "Realtime dispatch threads", String.valueOf(sources.realtime().dispatchThreads()),
                "HOMEBASE_REALTIME_DISPATCH_THREADS"));
        items.add(item("query_timeout", "Database statement time limit", duration(sources.queries().statementTimeout()),
                "HOMEBASE_QUERY_TIMEOUT_MS"));
        items.add(item("pool_wait", "Wait for a database connection", duration(sources.queries().connectionWait()),
                "HOMEBASE_DB_POOL_WAIT_MS"));
        return items;
    }

    private List<Map<String, Object>> storage() {
        List<Map<String, Object>> items = new ArrayList<>();
        var files = sources.files();
        if (files.s3().isPresent()) {
            S3Settings s3 = files.s3().get();
            items.add(item("kind", "Where files are kept", "S3", "HOMEBASE_STORAGE"));
            items.add(item("bucket", "Bucket", s3.bucket(), "HOMEBASE_S3_BUCKET"));
            items.add(item("endpoint", "Endpoint", s3.endpoint().map(DashboardSettingsApi::withoutUserInfo).orElse("AWS S3"),
                    "HOMEBASE_S3_ENDPOINT"));
            items.add(item("region", "Region", s3.region(), "HOMEBASE_S3_REGION"));
        } else {
            items.add(item("kind", "Where files are kept", "local disk", "HOMEBASE_STORAGE"));
            items.add(item("directory", "Folder", files.root().toString(), "HOMEBASE_FILES_DIR"));
        }
        items.add(item("max_upload", "Largest upload", bytes(files.maxUploadBytes()), "HOMEBASE_UPLOAD_MAX_BYTES"));
        return items;
    }

    private List<Map<String, Object>> database() {
        String dialect = switch (sources.dialect()) {
            case "sqlite" -> "SQLite";
            case "postgres" -> "PostgreSQL";
            default -> sources.dialect();
        };
        Map<String, Object> pool = "postgres".equals(sources.dialect())
                ? item("pool", "Connections per node", String.valueOf(sources.queries().postgresPoolSize()), "HOMEBASE_DB_POOL_SIZE")
                : item("pool", "Connections per node", String.valueOf(Database.SQLITE_POOL_SIZE), "fixed for SQLite");
        return List.of(item("dialect", "Database", dialect, "--db / HOMEBASE_DB"),
                item("url", "Where", sources.databaseUrl(), "--db / HOMEBASE_DB (without the password)"), pool);
    }

    private List<Map<String, Object>> mail() {
        if (sources.auth().smtp().isEmpty()) {
            return List.of(item("smtp", "SMTP server", "not configured (mail is written to the server log)", "HOMEBASE_SMTP_HOST"));
        }
        MailSettings smtp = sources.auth().smtp().get();
        return List.of(item("smtp", "SMTP server", smtp.host() + ":" + smtp.port() + " (TLS: " + smtp.tls() + ")",
                        "HOMEBASE_SMTP_HOST, HOMEBASE_SMTP_PORT, HOMEBASE_SMTP_TLS"),
                item("from", "Sender", smtp.from(), "HOMEBASE_SMTP_FROM"));
    }

    private List<Map<String, Object>> ai() {
        var ai = sources.ai();
        if (ai.url().isEmpty()) return List.of(item("provider", "Provider", "not configured (InvokeLLM answers 503)", "HOMEBASE_LLM_URL"));
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(item("provider", "Provider", withoutUserInfo(ai.url().get()), "HOMEBASE_LLM_URL"));
        items.add(item("model", "Chat model", ai.model().isBlank() ? "the provider's default" : ai.model(), "HOMEBASE_LLM_MODEL"));
        items.add(item("image_model", "Image model", ai.imageModel().isBlank() ? "the provider's default" : ai.imageModel(),
                "HOMEBASE_IMAGE_MODEL"));
        return items;
    }

    private static Map<String, Object> section(String id, String title, List<Map<String, Object>> items) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", id);
        s.put("title", title);
        s.put("items", items);
        return s;
    }

    private static Map<String, Object> item(String id, String label, String value, String source) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("label", label);
        m.put("value", value);
        m.put("source", source);
        return m;
    }

    /** "30 per 5 min", or "unlimited". */
    static String rule(RateLimits.Rule r) {
        return r.max() <= 0 ? "unlimited" : r.max() + " per " + duration(r.window());
    }

    /** "5 min", "1 h", "90 s", "250 ms". */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + " h";
        if (ms % 60_000 == 0) return ms / 60_000 + " min";
        if (ms % 1000 == 0) return ms / 1000 + " s";
        return ms + " ms";
    }

    private static String bytes(long n) {
        if (n % (1024 * 1024) == 0) return n / (1024 * 1024) + " MB (" + n + " bytes)";
        return n + " bytes";
    }

    /** The URL without user info, query or fragment: a key in a URL is never shown. */
    private static String withoutUserInfo(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "") + (u.getPath() == null ? "" : u.getPath());
    }
}
