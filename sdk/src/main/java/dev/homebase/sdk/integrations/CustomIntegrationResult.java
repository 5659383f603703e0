package dev.homebase.sdk.integrations;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Outcome of a custom integration call: {@code {success, status_code, data}}. Upstream
 * errors arrive here with {@code success == false}, not as exceptions.
 *
 * @param success    whether the upstream answered 2xx
 * @param statusCode the upstream status
 * @param data       the upstream body
 */
public record CustomIntegrationResult(boolean success, int statusCode, JsonNode data) {
}
