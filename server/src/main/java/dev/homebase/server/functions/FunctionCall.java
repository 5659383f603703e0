package dev.homebase.server.functions;

import java.util.List;
import java.util.Map;

/**
 * The request a function receives: already carrying the platform headers (api-contract §6.2).
 *
 * @param method the HTTP method
 * @param pathAndQuery the raw path and query string, starting with {@code /}
 * @param headers header values by name, without hop-by-hop headers, {@code Host} or {@code Content-Length}
 * @param body the raw body (empty for none)
 */
public record FunctionCall(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {}
