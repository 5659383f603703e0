package dev.homebase.server.agents;

import static dev.homebase.server.internal.EnvNumbers.positive;

import java.time.Duration;
import java.util.function.Function;

/**
 * Limits of agent runs, per user message: how many model calls ({@code maxSteps}), how long in all
 * ({@code timeLimit}), and how many tokens the provider may report in all ({@code tokenBudget}); how many runs go at
 * once ({@code runners}) and how many may wait ({@code queue}); how many earlier messages go to the model
 * ({@code historyMessages}).
 *
 * <p>From the environment: {@code HOMEBASE_AGENT_MAX_STEPS} (default 10), {@code HOMEBASE_AGENT_TIME_LIMIT_SECONDS}
 * (300), {@code HOMEBASE_AGENT_TOKEN_BUDGET} (200000), {@code HOMEBASE_AGENT_RUNNERS} (4),
 * {@code HOMEBASE_AGENT_QUEUE} (100), {@code HOMEBASE_AGENT_HISTORY} (50).
 */
public record AgentSettings(int maxSteps, Duration timeLimit, long tokenBudget, int runners, int queue, int historyMessages) {

    /** Checks the values. @throws IllegalArgumentException for a value below 1 */
    public AgentSettings {
        if (maxSteps < 1 || runners < 1 || queue < 1 || historyMessages < 1 || tokenBudget < 1 || timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("agent limits must be positive");
        }
    }

    /** The defaults. */
    public static AgentSettings defaults() {
        return new AgentSettings(10, Duration.ofMinutes(5), 200_000, 4, 100, 50);
    }

    /**
     * The settings of the environment, defaults for what is unset.
     *
     * @throws IllegalArgumentException naming a variable that is not a positive whole number
     */
    public static AgentSettings fromEnvironment(Function<String, String> env) {
        AgentSettings d = defaults();
        return new AgentSettings(
                positive(env, "HOMEBASE_AGENT_MAX_STEPS", d.maxSteps()),
                Duration.ofSeconds(positive(env, "HOMEBASE_AGENT_TIME_LIMIT_SECONDS", (int) d.timeLimit().toSeconds())),
                positive(env, "HOMEBASE_AGENT_TOKEN_BUDGET", (int) d.tokenBudget()),
                positive(env, "HOMEBASE_AGENT_RUNNERS", d.runners()),
                positive(env, "HOMEBASE_AGENT_QUEUE", d.queue()),
                positive(env, "HOMEBASE_AGENT_HISTORY", d.historyMessages()));
    }

    /** These settings with another step limit. */
    public AgentSettings withMaxSteps(int steps) {
        return new AgentSettings(steps, timeLimit, tokenBudget, runners, queue, historyMessages);
    }

    /** These settings with another time limit. */
    public AgentSettings withTimeLimit(Duration limit) {
        return new AgentSettings(maxSteps, limit, tokenBudget, runners, queue, historyMessages);
    }

    /** These settings with another token budget. */
    public AgentSettings withTokenBudget(long tokens) {
        return new AgentSettings(maxSteps, timeLimit, tokens, runners, queue, historyMessages);
    }
}
