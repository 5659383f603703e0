package dev.homebase.sdk.agents;

/**
 * Connection details for the OpenAI-compatible AI gateway, the Java form of
 * {@code base44.aiGateway}. Makes no request. Thread-safe.
 */
public interface AiGatewayModule {
    /**
     * Returns the OpenAI connection.
     *
     * @return base URL and token
     */
    AiGatewayConnection connection();

    /**
     * Returns the connection of a provider.
     *
     * @param provider {@code "openai"} or {@code "typesafe"}
     * @return base URL and token
     * @throws IllegalArgumentException {@code Unsupported AI Gateway provider: <p>}
     */
    AiGatewayConnection connection(String provider);
}
