package dev.homebase.server.integrations;

import dev.homebase.server.auth.Principal;
import dev.homebase.server.auth.RateLimiter;
import dev.homebase.server.config.RateLimits.Rule;

/**
 * The per-app and per-caller limits of the AI integrations ({@code InvokeLLM}, {@code GenerateImage}), counted in
 * the database by the {@link RateLimiter}, so every node shares them. A call is counted once it is authorised, before
 * the provider is asked. Thread-safe.
 */
public final class IntegrationQuota {
    /** An integration that has limits of its own. */
    public enum Limited { INVOKE_LLM, GENERATE_IMAGE }

    private final RateLimiter limiter;
    private final IntegrationLimits limits;

    public IntegrationQuota(RateLimiter limiter, IntegrationLimits limits) {
        this.limiter = limiter;
        this.limits = limits;
    }

    /**
     * Counts one call of {@code integration} by {@code caller} of {@code appId}: against the caller's limit (but for
     * the service role), then against the app's.
     *
     * @param callerKey what the per-caller limit counts: {@code user:<id>}, or {@code ip:<address>} of an anonymous caller
     * @throws dev.homebase.server.auth.AuthException 429 over a limit, with the seconds to wait
     */
    public void count(Limited integration, String appId, Principal caller, String callerKey) {
        String name = integration == Limited.INVOKE_LLM ? "InvokeLLM" : "GenerateImage";
        Rule perApp = integration == Limited.INVOKE_LLM ? limits.llmPerApp() : limits.imagePerApp();
        Rule perUser = integration == Limited.INVOKE_LLM ? limits.llmPerUser() : limits.imagePerUser();
        // The caller's count first: a caller over their own limit does not use up the app's.
        if (!(caller instanceof Principal.Service)) limiter.check("integration:" + name + ":caller:" + appId + ":" + callerKey, perUser);
        limiter.check("integration:" + name + ":app:" + appId, perApp);
    }
}
