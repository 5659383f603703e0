package dev.homebase.server.integrations;

import dev.homebase.server.config.RateLimits.Rule;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rate limits on the costly integrations, counted in the database (shared by the nodes). Each "per user" limit
 * counts a signed-in user by id and an anonymous caller by client IP; the service role counts only per app.
 *
 * @param emailPerApp {@code SendEmail} calls per app ({@code HOMEBASE_EMAIL_LIMIT_APP}, default 200 per hour)
 * @param emailPerUser {@code SendEmail} calls per user ({@code HOMEBASE_EMAIL_LIMIT_USER}, default 20 per hour)
 * @param llmPerApp {@code InvokeLLM} calls per app ({@code HOMEBASE_LLM_LIMIT_APP}, default 2000 per hour)
 * @param llmPerUser {@code InvokeLLM} calls per user ({@code HOMEBASE_LLM_LIMIT_USER}, default 200 per hour)
 * @param imagePerApp {@code GenerateImage} calls per app ({@code HOMEBASE_IMAGE_LIMIT_APP}, default 200 per hour)
 * @param imagePerUser {@code GenerateImage} calls per user ({@code HOMEBASE_IMAGE_LIMIT_USER}, default 20 per hour)
 */
public record IntegrationLimits(Rule emailPerApp, Rule emailPerUser, Rule llmPerApp, Rule llmPerUser, Rule imagePerApp,
                                Rule imagePerUser) {
    private static final Rule LLM_PER_APP = new Rule(2000, Duration.ofHours(1));
    private static final Rule LLM_PER_USER = new Rule(200, Duration.ofHours(1));
    private static final Rule IMAGE_PER_APP = new Rule(200, Duration.ofHours(1));
    private static final Rule IMAGE_PER_USER = new Rule(20, Duration.ofHours(1));

    /** The defaults. */
    public static final IntegrationLimits DEFAULT = new IntegrationLimits(new Rule(200, Duration.ofHours(1)), new Rule(20, Duration.ofHours(1)));

    /** The given {@code SendEmail} limits, and the default ones of InvokeLLM and GenerateImage. */
    public IntegrationLimits(Rule emailPerApp, Rule emailPerUser) {
        this(emailPerApp, emailPerUser, LLM_PER_APP, LLM_PER_USER, IMAGE_PER_APP, IMAGE_PER_USER);
    }

    /** A copy with the given InvokeLLM and GenerateImage limits. */
    public IntegrationLimits withAi(Rule llmPerApp, Rule llmPerUser, Rule imagePerApp, Rule imagePerUser) {
        return new IntegrationLimits(emailPerApp, emailPerUser, llmPerApp, llmPerUser, imagePerApp, imagePerUser);
    }

    private static final Pattern RULE = Pattern.compile("(\\d{1,9})/(\\d{1,6})([smh])");

    /**
     * The limits from {@code HOMEBASE_EMAIL_LIMIT_APP}, {@code HOMEBASE_EMAIL_LIMIT_USER}, {@code HOMEBASE_LLM_LIMIT_APP},
     * {@code HOMEBASE_LLM_LIMIT_USER}, {@code HOMEBASE_IMAGE_LIMIT_APP} and {@code HOMEBASE_IMAGE_LIMIT_USER} in {@code env}, each
     * {@code MAX/WINDOW} (e.g. {@code 200/1h}; WINDOW in {@code s}, {@code m} or {@code h}; MAX 0 = unlimited).
     *
     * @throws IllegalArgumentException naming the variable that cannot be read
     */
    public static IntegrationLimits fromEnvironment(Map<String, String> env) {
        return new IntegrationLimits(rule(env, "HOMEBASE_EMAIL_LIMIT_APP", DEFAULT.emailPerApp()),
                rule(env, "HOMEBASE_EMAIL_LIMIT_USER", DEFAULT.emailPerUser()),
                rule(env, "HOMEBASE_LLM_LIMIT_APP", DEFAULT.llmPerApp()), rule(env, "HOMEBASE_LLM_LIMIT_USER", DEFAULT.llmPerUser()),
                rule(env, "HOMEBASE_IMAGE_LIMIT_APP", DEFAULT.imagePerApp()), rule(env, "HOMEBASE_IMAGE_LIMIT_USER", DEFAULT.imagePerUser()));
    }

    /** Reads one {@code MAX/WINDOW}. @throws IllegalArgumentException naming {@code name} */
    public static Rule parseRule(String name, String spec) {
        Matcher m = RULE.matcher(spec.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException(name + ": expected MAX/WINDOW such as 200/1h, got \"" + spec + "\"");
        long amount = Long.parseLong(m.group(2));
        Duration window = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        if (window.isZero()) throw new IllegalArgumentException(name + ": the window must be positive");
        return new Rule(Integer.parseInt(m.group(1)), window);
    }

    private static Rule rule(Map<String, String> env, String name, Rule fallback) {
        String spec = env.get(name);
        return spec == null || spec.isBlank() ? fallback : parseRule(name, spec);
    }
}
