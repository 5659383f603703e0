package dev.homebase.sdk.internal;

import dev.homebase.sdk.agents.AiGatewayConnection;
import dev.homebase.sdk.agents.AiGatewayModule;
import java.util.Set;
import java.util.function.Supplier;

/** {@link AiGatewayModule}: builds URLs only. Thread-safe. */
final class DefaultAiGatewayModule implements AiGatewayModule {
    private static final Set<String> PROVIDERS = Set.of("openai", "typesafe");

    private final String serverUrl;
    private final String appId;
    private final Supplier<String> token;

    DefaultAiGatewayModule(String serverUrl, String appId, Supplier<String> token) {
        this.serverUrl = serverUrl;
        this.appId = appId;
        this.token = token;
    }

    @Override
    public AiGatewayConnection connection() {
        return connection("openai");
    }

    @Override
    public AiGatewayConnection connection(String provider) {
        String p = provider == null ? "openai" : provider;
        if (!PROVIDERS.contains(p)) {
            throw new IllegalArgumentException("Unsupported AI Gateway provider: " + p);
        }
        String t = token.get();
        return new AiGatewayConnection(serverUrl + "/api/apps/" + Encoding.component(appId) + "/ai/" + p + "/v1",
                t == null ? "" : t);
    }
}
