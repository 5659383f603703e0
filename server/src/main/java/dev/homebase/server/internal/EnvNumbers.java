package dev.homebase.server.internal;

import java.util.function.Function;

/**
 * Whole-number settings read from environment variables, checked the one way every {@code HOMEBASE_*} number is: unset
 * or blank keeps the default, anything else must be a whole number in range, or the start stops with one line naming
 * the variable ({@code HOMEBASE_DB_POOL_SIZE must be a whole number from 1 up, got "abc"}).
 */
public final class EnvNumbers {
    private EnvNumbers() {}

    /**
     * The value of {@code name}, from 1 up; {@code otherwise} when unset or blank.
     *
     * @param env reads one environment variable (null when unset)
     * @throws IllegalArgumentException naming the variable, for a value that is not a whole number from 1 up
     */
    public static int positive(Function<String, String> env, String name, int otherwise) {
        return positive(env, name, otherwise, Integer.MAX_VALUE);
    }

    /**
     * The value of {@code name}, from 1 to {@code max}; {@code otherwise} when unset or blank.
     *
     * @param env reads one environment variable (null when unset)
     * @throws IllegalArgumentException naming the variable and the range, for a value that is not a whole number in it
     */
    public static int positive(Function<String, String> env, String name, int otherwise, int max) {
        String raw = env.apply(name);
        if (raw == null || raw.isBlank()) return otherwise;
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= 1 && value <= max) return value;
        } catch (NumberFormatException e) {
            // reported below
        }
        String range = max == Integer.MAX_VALUE ? "from 1 up" : "from 1 to " + max;
        throw new IllegalArgumentException(name + " must be a whole number " + range + ", got \"" + raw.strip() + "\"");
    }
}
