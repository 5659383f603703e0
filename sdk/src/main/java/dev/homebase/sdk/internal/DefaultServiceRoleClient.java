package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.JavaType;
import dev.homebase.sdk.ServiceRoleClient;
import dev.homebase.sdk.agents.AgentsModule;
import dev.homebase.sdk.agents.AiGatewayModule;
import dev.homebase.sdk.app.AppLogsModule;
import dev.homebase.sdk.auth.SsoModule;
import dev.homebase.sdk.connectors.ConnectorsModule;
import dev.homebase.sdk.entities.EntityHandler;
import dev.homebase.sdk.functions.FunctionsModule;
import dev.homebase.sdk.integrations.IntegrationsModule;
import java.util.Map;

/**
 * The service-role modules over the service channels. Thread-safe.
 * NB: agents' connect URLs carry the construction-time user token, as in the JavaScript client.
 */
final class DefaultServiceRoleClient implements ServiceRoleClient {
    private final Channel service;
    private final String appId;
    private final JavaType mapType;
    private final RealtimeRooms realtime;
    private final IntegrationsModule integrations;
    private final SsoModule sso;
    private final ConnectorsModule connectors;
    private final FunctionsModule functions;
    private final AgentsModule agents;
    private final AiGatewayModule aiGateway;
    private final AppLogsModule appLogs;

    DefaultServiceRoleClient(Channel service, Channel serviceFunctions, String appId, JavaType mapType,
                             RealtimeRooms realtime, String serviceToken, String userToken) {
        this.realtime = realtime;
        this.service = service;
        this.appId = appId;
        this.mapType = mapType;
        this.integrations = new DefaultIntegrationsModule(service, appId);
        this.sso = new DefaultSsoModule(service, appId);
        this.connectors = new DefaultConnectorsModule(service, appId);
        this.functions = new DefaultFunctionsModule(serviceFunctions, appId);
        this.agents = new DefaultAgentsModule(service, appId, () -> userToken, realtime);
        this.aiGateway = new DefaultAiGatewayModule(service.transport().serverUrl(), appId, () -> serviceToken);
        this.appLogs = new DefaultAppLogsModule(service, appId);
    }

    @Override
    public EntityHandler<Map<String, Object>> entities(String name) {
        return new DefaultEntityHandler<>(service, appId, name, mapType, realtime);
    }

    @Override
    public <T> EntityHandler<T> entities(String name, Class<T> type) {
        Checks.notNull(type, "type");
        return new DefaultEntityHandler<>(service, appId, name,
                service.transport().mapper().getTypeFactory().constructType(type), realtime);
    }

    @Override
    public IntegrationsModule integrations() {
        return integrations;
    }

    @Override
    public SsoModule sso() {
        return sso;
    }

    @Override
    public ConnectorsModule connectors() {
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
}
