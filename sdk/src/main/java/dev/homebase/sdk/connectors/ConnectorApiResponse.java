package dev.homebase.sdk.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Outcome of {@link ConnectorsModule#callApi}, mapped to camelCase like the JavaScript client.
 *
 * @param success        whether the provider answered 2xx
 * @param phase          {@code not_sent}, {@code responded}, {@code timed_out} or {@code sent_unconfirmed}
 * @param status         the provider status, or null
 * @param data           the provider body (null for binary bodies)
 * @param dataBase64     binary bodies, base64-encoded, or null
 * @param contentType    the provider content type, or null
 * @param headers        the provider headers (empty when none)
 * @param creditsCharged integration credits used
 */
public record ConnectorApiResponse(boolean success, String phase, Integer status, JsonNode data,
                                   String dataBase64, String contentType, Map<String, Object> headers,
                                   double creditsCharged) {
}
