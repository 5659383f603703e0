package dev.homebase.sdk;

import dev.homebase.sdk.agents.AgentsModule;
import dev.homebase.sdk.agents.AiGatewayModule;
import dev.homebase.sdk.app.AnalyticsModule;
import dev.homebase.sdk.app.AppLogsModule;
import dev.homebase.sdk.app.AppModule;
import dev.homebase.sdk.auth.AuthModule;
import dev.homebase.sdk.auth.UsersModule;
import dev.homebase.sdk.connectors.UserConnectorsModule;
import dev.homebase.sdk.entities.EntityHandler;
import dev.homebase.sdk.functions.FunctionsModule;
import dev.homebase.sdk.integrations.IntegrationsModule;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

/**
 * A client of one Base44 app, the Java form of the object returned by the JavaScript
 * {@code createClient}. Create it with {@link Base44#createClient(ClientConfig)}.
 *
 * <pre>{@code
 * try (Base44Client base44 = Base44.createClient(ClientConfig.builder().appId("my-app").build())) {
 *     base44.auth().loginViaEmailPassword("ana@example.com", "s3cret-pass");
 *     List<Map<String, Object>> open = base44.entities("Task").filter(Map.of("status", "open"));
 * }
 * }</pre>
 *
 * <p>Thread-safe and meant to be shared: each client owns an HTTP connection pool. The only
 * mutable state is the user token ({@link #setToken(String)}, login, logout). Call
 * {@link #close()} when done; later calls throw {@link IllegalStateException}.
 */
public interface Base44Client extends AutoCloseable {

    /**
     * Returns the handler of an entity over plain maps.
     *
     * @param name the entity name, e.g. {@code "Task"}
     * @return the handler
     * @throws IllegalArgumentException when the name is null or blank
     */
    EntityHandler<Map<String, Object>> entities(String name);

    /**
     * Returns the handler of an entity over a record or POJO type (converted with Jackson).
     *
     * @param name the entity name
     * @param type the record type
     * @param <T>  the record type
     * @return the handler
     * @throws IllegalArgumentException when the name is null or blank
     */
    <T> EntityHandler<T> entities(String name, Class<T> type);

    /**
     * Sends a GET to a path on the app's own origin with the credentials of this client, see
     * {@link #fetchWithAuth(URI, String, HttpRequest.Builder)}.
     *
     * @param appOrigin the app's origin, e.g. {@code https://myapp.example.com}
     * @param path      a path starting with exactly one {@code /}
     * @return the response, whatever its status; close its body stream
     */
    HttpResponse<InputStream> fetchWithAuth(URI appOrigin, String path);

    /**
     * Sends a request to a path on the app's own origin (an app route, not a Base44 API) with the
     * headers that {@link Base44#createClientFromRequest(Map)} reads back: {@code Authorization},
     * {@code Base44-Service-Authorization}, {@code Base44-App-Id}, {@code Base44-Api-Url},
     * {@code Base44-Functions-Version}, {@code Base44-State} and {@code X-Data-Env}. Headers set on
     * {@code init} win. The JavaScript client uses the page origin; Java needs it explicitly.
     *
     * @param appOrigin the app's origin; only its scheme and authority are used
     * @param path      a path starting with exactly one {@code /} (not {@code //} or {@code /\})
     * @param init      method, headers, body and optional timeout (its URI is replaced)
     * @return the response, whatever its status; close its body stream
     * @throws IllegalArgumentException with the JavaScript client's messages for a bad path
     */
    HttpResponse<InputStream> fetchWithAuth(URI appOrigin, String path, HttpRequest.Builder init);

    /**
     * Returns the auth module.
     *
     * @return the module
     */
    AuthModule auth();

    /**
     * Returns the integrations module.
     *
     * @return the module
     */
    IntegrationsModule integrations();

    /**
     * Returns the app-user connectors module.
     *
     * @return the module
     */
    UserConnectorsModule connectors();

    /**
     * Returns the functions module.
     *
     * @return the module
     */
    FunctionsModule functions();

    /**
     * Returns the agents module.
     *
     * @return the module
     */
    AgentsModule agents();

    /**
     * Returns the AI gateway module.
     *
     * @return the module
     */
    AiGatewayModule aiGateway();

    /**
     * Returns the app logs module.
     *
     * @return the module
     */
    AppLogsModule appLogs();

    /**
     * Returns the app module.
     *
     * @return the module
     */
    AppModule app();

    /**
     * Returns the users module.
     *
     * @return the module
     */
    UsersModule users();

    /**
     * Returns the analytics module.
     *
     * @return the module
     */
    AnalyticsModule analytics();

    /**
     * Returns the service-role view, which sends the service token (and {@code on-behalf-of}
     * with the construction-time user token) and bypasses access rules. Its realtime
     * subscriptions use a connection of their own with the service token, so they receive every
     * event.
     *
     * @return the service-role client
     * @throws IllegalStateException {@code Service token is required to use asServiceRole. Please
     *                               provide a serviceToken when creating the client.}
     */
    ServiceRoleClient asServiceRole();

    /**
     * Sets the user token for later user calls and function invocations, and reconnects the
     * realtime connection (if any) with it, re-joining its rooms; null or empty is ignored, as in
     * the JavaScript client.
     *
     * @param token the token
     */
    void setToken(String token);

    /**
     * Returns the current user token.
     *
     * @return the token, if any
     */
    Optional<String> token();

    /**
     * Returns the configuration this client was built from.
     *
     * @return the configuration
     */
    ClientConfig config();

    /**
     * Stops analytics (sending queued events first), closes the realtime connections (no
     * callback runs afterwards) and releases HTTP resources. Idempotent.
     */
    @Override
    void close();
}
