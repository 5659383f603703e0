package dev.homebase.sdk.agents;

/**
 * Where and how to call the AI gateway with an OpenAI-compatible client.
 *
 * @param baseUrl {@code {serverUrl}/api/apps/{appId}/ai/{provider}/v1}
 * @param token   the bearer token (user or service token), empty when there is none
 */
public record AiGatewayConnection(String baseUrl, String token) {
    @Override
    public String toString() {
        return "AiGatewayConnection[baseUrl=" + baseUrl + ", token=" + (token.isEmpty() ? "" : "***") + "]";
    }
}
