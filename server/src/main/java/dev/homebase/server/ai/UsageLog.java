package dev.homebase.server.ai;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes one log line per provider call with the app, the model and the tokens used. Thread-safe. */
final class UsageLog {
    private static final Logger log = LoggerFactory.getLogger("dev.homebase.server.ai.usage");

    /** Logs the {@code usage} of a provider answer (absent counts are -1). */
    void record(String appId, String what, String model, JsonNode reply, long startedNanos) {
        JsonNode u = reply.path("usage");
        log.info("ai usage app={} call={} model={} prompt_tokens={} completion_tokens={} total_tokens={} ms={}", appId, what, model,
                u.path("prompt_tokens").asLong(-1), u.path("completion_tokens").asLong(-1), u.path("total_tokens").asLong(-1),
                (System.nanoTime() - startedNanos) / 1_000_000);
    }
}
