package dev.homebase.sdk;

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
 * The service-role view of a client ({@code base44.asServiceRole}): every call sends the
 * service token and bypasses entity access rules and field-level security. Calls other than
 * functions also send {@code on-behalf-of: Bearer <user token>} when the client was created
 * with a user token. Thread-safe; shares the parent client's resources.
 */
public interface ServiceRoleClient {

    /**
     * Returns the handler of an entity over plain maps.
     *
     * @param name the entity name
     * @return the handler
     */
    EntityHandler<Map<String, Object>> entities(String name);

    /**
     * Returns the handler of an entity over a record or POJO type.
     *
     * @param name the entity name
     * @param type the record type
     * @param <T>  the record type
     * @return the handler
     */
    <T> EntityHandler<T> entities(String name, Class<T> type);

    /**
     * Returns the integrations module.
     *
     * @return the module
     */
    IntegrationsModule integrations();

    /**
     * Returns the SSO module (service role only).
     *
     * @return the module
     */
    SsoModule sso();

    /**
     * Returns the connectors module (service role only).
     *
     * @return the module
     */
    ConnectorsModule connectors();

    /**
     * Returns the functions module (service token, no {@code on-behalf-of}).
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
     * Returns the AI gateway module (with the service token).
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
}
