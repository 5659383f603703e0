package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homebase.sdk.Base44Client;
import dev.homebase.sdk.ClientConfig;
import dev.homebase.sdk.ServiceRoleClient;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client: wires the four channels of api-contract §1.2 to the modules. Thread-safe; the
 * user token is the only mutable state.
 */
public final class DefaultClient implements Base44Client {
    private static final String NO_SERVICE_TOKEN = "Service token is required to use asServiceRole. "
            + "Please provide a serviceToken when creating the client.";

    private final ClientConfig config;
    private final Transport transport;
    private final AtomicReference<String> token;
    private final Channel user;
    private final JavaType mapType;
    private final AuthModule auth;
    private final IntegrationsModule integrations;
    private final UserConnectorsModule connectors;
    private final FunctionsModule functions;
    private final AgentsModule agents;
    private final AiGatewayModule aiGateway;
    private final AppLogsModule appLogs;
    private final AppModule app;
    private final UsersModule users;
    private final DefaultAnalyticsModule analytics;
    private final ServiceRoleClient serviceRole;
    private final FetchWithAuth fetchWithAuth;
    private final RealtimeRooms realtime;
    private final RealtimeRooms serviceRealtime;

    /**
     * Creates the client.
     *
     * @param config the configuration
     */
    public DefaultClient(ClientConfig config) {
        this.config = config;
        this.transport = new Transport(config);
        this.token = new AtomicReference<>(config.token().orElse(null));
        ObjectMapper mapper = transport.mapper();
        this.mapType = mapper.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class);
        String appId = config.appId();

        // Custom headers first, so X-App-Id always wins (as in the JavaScript client).
        Map<String, String> headers = new LinkedHashMap<>(config.headers());
        headers.put("X-App-Id", appId);
        Map<String, String> functionHeaders = new LinkedHashMap<>(headers);
        config.functionsVersion().ifPresent(v -> functionHeaders.put("Base44-Functions-Version", v));
        // on-behalf-of carries the construction-time token; it does not follow setToken.
        Map<String, String> serviceHeaders = new LinkedHashMap<>(headers);
        config.token().ifPresent(t -> serviceHeaders.put("on-behalf-of", "Bearer " + t));

        var listener = config.errorListener().orElse(null);
        this.realtime = new SocketIoRooms(transport::webSocketBuilder, transport.serverUrl(), appId,
                token.get(), config.connectTimeout(), listener, config.subscribeTimeout());
        this.user = new Channel(transport, headers, token::get, listener);
        Channel userFunctions = new Channel(transport, functionHeaders, token::get, null);

        this.auth = new DefaultAuthModule(user, appId, config.appBaseUrl(), this::setToken, this::clearToken);
        this.integrations = new DefaultIntegrationsModule(user, appId);
        this.connectors = new DefaultUserConnectorsModule(user, appId);
        this.functions = new DefaultFunctionsModule(userFunctions, appId);
        this.agents = new DefaultAgentsModule(user, appId, token::get, realtime);
        this.aiGateway = new DefaultAiGatewayModule(transport.serverUrl(), appId, token::get);
        this.appLogs = new DefaultAppLogsModule(user, appId);
        this.app = new DefaultAppModule(user, appId);
        this.users = new DefaultUsersModule(user, appId);
        this.analytics = new DefaultAnalyticsModule(user, appId, config.analyticsEnabled(), () -> {
            try {
                return auth.me().id();
            } catch (RuntimeException e) {
                return null;
            }
        });

        String serviceToken = config.serviceToken().orElse(null);
        this.fetchWithAuth = new FetchWithAuth(transport, appId, token::get, serviceToken,
                config.functionsVersion().orElse(null), config.headers());
        if (serviceToken == null) {
            this.serviceRole = null;
            this.serviceRealtime = null;
        } else {
            // The service role subscribes on its own socket with the service token, so that it
            // receives every event (the JavaScript client reuses the user's socket).
            this.serviceRealtime = new SocketIoRooms(transport::webSocketBuilder, transport.serverUrl(), appId,
                    serviceToken, config.connectTimeout(), listener, config.subscribeTimeout());
            Channel service = new Channel(transport, serviceHeaders, () -> serviceToken, listener);
            Channel serviceFunctions = new Channel(transport, functionHeaders, () -> serviceToken, null);
            this.serviceRole = new DefaultServiceRoleClient(service, serviceFunctions, appId, mapType, serviceRealtime,
                    serviceToken,
                    config.token().orElse(null));
        }
    }

    @Override
    public EntityHandler<Map<String, Object>> entities(String name) {
        return new DefaultEntityHandler<>(user, config.appId(), name, mapType, realtime);
    }

    @Override
    public <T> EntityHandler<T> entities(String name, Class<T> type) {
        Checks.notNull(type, "type");
        return new DefaultEntityHandler<>(user, config.appId(), name,
                transport.mapper().getTypeFactory().constructType(type), realtime);
    }

    @Override
    public HttpResponse<InputStream> fetchWithAuth(URI appOrigin, String path) {
        return fetchWithAuth.fetch(appOrigin, path, HttpRequest.newBuilder().GET());
    }

    @Override
    public HttpResponse<InputStream> fetchWithAuth(URI appOrigin, String path, HttpRequest.Builder init) {
        return fetchWithAuth.fetch(appOrigin, path, init);
    }

    @Override
    public AuthModule auth() {
        return auth;
    }

    @Override
    public IntegrationsModule integrations() {
        return integrations;
    }

    @Override
    public UserConnectorsModule connectors() {
        return connectors;
    }

    @Override
    public FunctionsModule functions() {
        return functions;
    }

    @Override
    public AgentsModule agents() {
        return agents;
    }

    @Override
    public AiGatewayModule aiGateway() {
        return aiGateway;
    }

    @Override
    public AppLogsModule appLogs() {
        return appLogs;
    }

    @Override
    public AppModule app() {
        return app;
    }

    @Override
    public UsersModule users() {
        return users;
    }

    @Override
    public AnalyticsModule analytics() {
        return analytics;
    }

    @Override
    public ServiceRoleClient asServiceRole() {
        if (serviceRole == null) {
            throw new IllegalStateException(NO_SERVICE_TOKEN);
        }
        return serviceRole;
    }

    @Override
    public void setToken(String newToken) {
        if (newToken == null || newToken.isEmpty()) {
            return;
        }
        token.set(newToken);
        realtime.updateToken(newToken);
        analytics.resetIdentity();
    }

    private void clearToken() {
        token.set(null);
        analytics.resetIdentity();
    }

    @Override
    public Optional<String> token() {
        return Optional.ofNullable(token.get());
    }

    @Override
    public ClientConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (transport.isClosed()) {
            return;
        }
        analytics.close();
        realtime.close();
        if (serviceRealtime != null) {
            serviceRealtime.close();
        }
        transport.close();
    }

    @Override
    public String toString() {
        return "Base44Client[" + config + "]";
    }
}
