package dev.homebase.server.http;

import dev.homebase.server.site.SiteHandler;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * The whole route table, in one place. Literal sub-routes come before {@code /{id}} routes, and
 * the catch-alls come last: Javalin tries routes in the order they are added.
 */
final class Routes {
    private static final String ENTITY = "/api/apps/{appId}/entities/{entity}";
    private static final String AUTH = "/api/apps/{appId}/auth";
    private static final String FUNCTIONS = "/api/apps/{appId}/functions/<name>";
    private static final String DIRECT = "/api/functions/<path>";

    private Routes() {}

    static void register(RoutesConfig r, EntityApi entities, AuthApi auth, UserApi users, AppApi app, FunctionApi functions,
                         LoginPage login, OAuthApi oauth, SiteHandler site, MetricsApi metrics, PublicSettingsApi publicSettings,
                         Unavailable unavailable, IntegrationsApi integrations, MediaApi media, AiApi ai,
                         OpsApi ops, AgentsApi agents, ExtractApi extract, ConnectorsApi connectors,
                         DashboardRoutes dashboard) {
        r.before(ctx -> {
            RequestIds.assign(ctx);
            Cors.headers(ctx);
            RequestChecks.check(ctx); // malformed percent-escapes, unknown charsets: 4xx before any parsing
        });
        r.options("/<path>", Cors::preflight);

        r.get("/api/health", ctx -> EntityApi.json(ctx, 200, Map.of("status", "ok")));
        r.get("/api/health/ready", ops::ready); // public: 503 while the database does not answer
        r.get("/api/apps/{appId}/metrics", metrics::get); // service role only: realtime, database counters
        r.get("/metrics", ops::prometheus); // Prometheus: a service role or HOMEBASE_METRICS_TOKEN

        // Browser navigation (api-contract §2.8): the hosted login page and the logout redirect.
        // /login must come before the site catch-all GET /<path>.
        r.get("/login", login::page);
        r.get("/api/apps/auth/logout", login::logout);
        r.get("/reset-password", login::resetPage); // the link in reset and invitation mails (§2.5)
        // Social login (OpenID Connect, Facebook, Apple, GitHub) and SSO (§2.8): start (302 to the provider) and callback.
        r.get("/api/apps/auth/login", oauth::googleLogin);
        r.get("/api/apps/auth/{provider}/login", oauth::providerLogin);
        r.get("/api/apps/auth/{provider}/callback", oauth::callback);
        r.post("/api/apps/auth/{provider}/callback", oauth::callbackPost); // Apple's response_mode=form_post
        r.get("/api/apps/{appId}/auth/sso/login", oauth::ssoLogin);

        // Sign-in (api-contract §2). Rate limits are applied inside each handler.
        r.post(AUTH + "/login", auth::login);
        r.post(AUTH + "/register", auth::register);
        r.post(AUTH + "/verify-otp", auth::verifyOtp);
        r.post(AUTH + "/resend-otp", auth::resendOtp);
        r.post(AUTH + "/reset-password-request", auth::resetPasswordRequest);
        r.post(AUTH + "/reset-password", auth::resetPassword);
        r.post(AUTH + "/change-password", auth::changePassword); // user token required
        r.post("/api/apps/{appId}/users/invite-user", users::invite); // admin or service
        r.post("/api/apps/{appId}/runtime/users/invite-user", users::runtimeInvite); // admin or service

        // The current user (api-contract §3.1): before /entities/{entity}/{id}. User token required.
        r.get("/api/apps/{appId}/entities/User/me", users::me);
        r.put("/api/apps/{appId}/entities/User/me", users::updateMe);

        // Entities (api-contract §4). Literal sub-paths first.
        r.get(ENTITY + "/v2/list", entities::listPage);
        r.get(ENTITY + "/count", entities::count);
        r.post(ENTITY + "/bulk", entities::bulkCreate);
        r.put(ENTITY + "/bulk", entities::bulkUpdate); // User too (UserEntityApi)
        r.post(ENTITY + "/upsert", entities.recordsOnly(entities::upsert));
        r.post(ENTITY + "/aggregate", entities::aggregate); // User too (UserEntityApi)
        r.patch(ENTITY + "/update-many", entities::updateMany); // User too
        r.post(ENTITY + "/import", entities.recordsOnly(entities::importRecords));
        r.get(ENTITY, entities::list);
        r.post(ENTITY, entities::create);
        r.delete(ENTITY, entities::deleteMany); // User: service role only
        r.get(ENTITY + "/{id}", entities::get);
        r.put(ENTITY + "/{id}", entities::update);
        r.delete(ENTITY + "/{id}", entities::delete);

        // What every browser client sends by itself (api-contract §11, §13), and reading it back (admins, service
        // role). App logs answer without /api too: older Base44 Vite plugins send page views there.
        r.post("/api/apps/{appId}/analytics/track/batch", app::trackBatch);
        for (String prefix : new String[] {"/api/app-logs/{appId}", "/app-logs/{appId}"}) {
            r.post(prefix + "/log-user-in-app/<page>", app::logUserInApp);
            r.post(prefix + "/log-user-in-app", app::logUserInApp); // logUserInApp(""): the trailing slash is ignored
            r.get(prefix + "/stats", app::stats);
            r.get(prefix, app::fetchLogs);
        }
        // Whether a visitor may open the app (§12): generated app shells ask at startup.
        r.get("/api/apps/public/prod/public-settings/by-id/{appId}", publicSettings::get);

        // Backend functions (api-contract §6.1): any method; the name may contain "/".
        r.get(FUNCTIONS, functions::invoke);
        r.post(FUNCTIONS, functions::invoke);
        r.put(FUNCTIONS, functions::invoke);
        r.patch(FUNCTIONS, functions::invoke);
        r.delete(FUNCTIONS, functions::invoke);
        r.head(FUNCTIONS, functions::invoke);

        // Direct fetch (api-contract §6.4): the app from the Host; also without /api on the app's origin,
        // where a GET for HTML that names no function goes on to the site (SPA routes under /functions/).
        anyMethod(r, DIRECT, functions.direct(null));
        anyMethod(r, "/functions/<path>", functions.direct(site::serve));
        // Function output, for admins and the service role.
        r.get("/api/apps/{appId}/functions-logs", functions::logs);

        // AI (api-contract §7.1, §15): before the Core catch-all of Unavailable.
        r.post("/api/apps/{appId}/integration-endpoints/Core/InvokeLLM", ai::invokeLlm);
        r.post("/api/apps/{appId}/integration-endpoints/Core/GenerateImage", ai::generateImage);
        r.post("/api/apps/{appId}/ai/openai/v1/chat/completions", ai::chatCompletions); // user or service token

        // Agents (api-contract §14): conversations of the caller (a user, the service role, or an anonymous visitor by
        // X-Base44-Anonymous-Id). Literal sub-paths before {id}.
        if (agents != null) {
            String conversations = "/api/apps/{appId}/agents/conversations";
            r.get(conversations, agents::list);
            r.post(conversations, agents::create);
            r.post(conversations + "/v2/{id}/messages", agents::addMessage);
            r.post(conversations + "/{id}/messages", agents::addMessage); // clients before 0.8.50
            r.get(conversations + "/{id}", agents::get);
            r.get("/api/apps/{appId}/agents/{agent}/whatsapp", agents::messengerLink); // browser links: not available
            r.get("/api/apps/{appId}/agents/{agent}/telegram", agents::messengerLink);
        }

        // Core integrations (api-contract §7.1): files, mail and data extraction; unknown names are 404 below (Unavailable).
        if (integrations != null) {
            String core = "/api/apps/{appId}/integration-endpoints/Core/";
            r.post(core + "UploadFile", integrations::uploadFile);
            r.post(core + "UploadPrivateFile", integrations::uploadPrivateFile);
            r.post(core + "CreateFileSignedUrl", integrations::createFileSignedUrl);
            r.post(core + "SendEmail", integrations::sendEmail);
            // Custom (OpenAPI) integrations (§7.4): the operation id is everything after the slug, read from the raw path.
            r.post("/api/apps/{appId}/integrations/custom/{slug}/<operation>", integrations.custom()::call);
            r.post(core + "ExtractDataFromUploadedFile", extract::extract); // files of this server; PDF, DOCX, images via the model
            // Uploaded files (§7.2): public to anyone, private with a signed URL only. Before the site catch-all.
            r.get("/media/private/{name}", media::privateFile);
            r.head("/media/private/{name}", media::privateFile);
            r.get("/media/{name}", media::publicFile);
            r.head("/media/{name}", media::publicFile);
        }

        // Connectors (api-contract §8) and SSO tokens (§9); the providers return to the connector callback.
        String apps = "/api/apps/{appId}";
        r.get(apps + "/external-auth/tokens/connectors/{connectorId}", connectors::appToken);
        r.get(apps + "/external-auth/tokens/{type}", connectors::appToken);
        r.get(apps + "/app-user-auth/connectors/{connectorId}/token", connectors::userToken); // service + on-behalf-of
        r.post(apps + "/app-user-auth/connectors/{connectorId}/initiate", connectors::initiate); // user
        r.delete(apps + "/app-user-auth/connectors/{connectorId}", connectors::disconnect); // user
        r.post(apps + "/connectors/{type}/call", connectors::call);
        r.post(apps + "/connectors/{type}/connect", connectors::connectApp); // admin or service: the app's own account
        r.get(ConnectorsApi.CALLBACK_PATH, connectors::callback);
        r.get(AUTH + "/sso/accesstoken/{userId}", connectors::ssoAccessToken);
        r.get(AUTH + "/sso/idtoken/{userId}", connectors::ssoIdToken);

        // The admin dashboard (README "Dashboard"): its page at /_/ (before the site catch-all), and the
        // endpoints it needs beyond the apps' API, for app admins and the service role only.
        r.get("/api/apps/{appId}/dashboard/entities", dashboard.entities()::entities);
        // Users page: disable, enable, delete (admins and the service role; never one's own account).
        r.post("/api/apps/{appId}/dashboard/users/{id}/disable", dashboard.users()::disable);
        r.post("/api/apps/{appId}/dashboard/users/{id}/enable", dashboard.users()::enable);
        r.delete("/api/apps/{appId}/dashboard/users/{id}", dashboard.users()::delete);
        // All-apps view: who is calling (admins), every app and the switch to another (HOMEBASE_ADMIN_EMAIL only).
        r.get("/api/apps/{appId}/dashboard/me", dashboard.apps()::me);
        r.get("/api/apps/{appId}/dashboard/apps", dashboard.apps()::list);
        r.post("/api/apps/{appId}/dashboard/apps/{target}/switch", dashboard.apps()::switchApp);
        r.get("/api/apps/{appId}/dashboard/entities/{entity}/export", dashboard.data()::export); // CSV or JSON download
        r.get("/api/apps/{appId}/dashboard/activity", dashboard.ops()::activity); // events per day and name, realtime now
        r.get("/api/apps/{appId}/dashboard/settings", dashboard.ops().settings()::get); // what is in force, no secret
        r.get("/api/apps/{appId}/dashboard/secrets", dashboard.ops().secrets()::list); // names only, never values
        r.put("/api/apps/{appId}/dashboard/secrets/{name}", dashboard.ops().secrets()::put);
        r.delete("/api/apps/{appId}/dashboard/secrets/{name}", dashboard.ops().secrets()::delete);
        r.get("/api/apps/{appId}/dashboard/functions", functions::dashboardList); // DashboardFunctionsApi
        DashboardPage dashboardPage = new DashboardPage();
        r.get("/_", dashboardPage::serve);
        r.get("/_/<path>", dashboardPage::serve);

        // The rest of the Base44 API: 501 (or the contract's 404) naming the feature. One list, in Unavailable.
        for (Unavailable.Feature feature : Unavailable.FEATURES) anyMethod(r, feature.path(), unavailable.handler(feature));

        // Anything else under /api is an unknown route; outside /api, GET serves the app's site, and
        // /manifest.json is made from the app's name when the site has none.
        r.get("/manifest.json", site::manifest);
        r.get("/api/<path>", Routes::unknown);
        r.post("/api/<path>", Routes::unknown);
        r.put("/api/<path>", Routes::unknown);
        r.patch("/api/<path>", Routes::unknown);
        r.delete("/api/<path>", Routes::unknown);
        r.get("/<path>", site::serve);
        r.get("/", site::serve);
    }

    private static void anyMethod(RoutesConfig r, String path, Handler handler) {
        r.get(path, handler);
        r.post(path, handler);
        r.put(path, handler);
        r.patch(path, handler);
        r.delete(path, handler);
        r.head(path, handler);
    }

    private static void unknown(io.javalin.http.Context ctx) {
        throw ApiException.notFound(ctx.method() + " " + ctx.path() + " is not a route of the Base44 API"
                + " (check the path: app routes start with /api/apps/{appId}/)");
    }
}
