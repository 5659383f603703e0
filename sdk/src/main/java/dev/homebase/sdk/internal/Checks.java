package dev.homebase.sdk.internal;

/** Argument checks done before any request. */
public final class Checks {
    private Checks() {
    }

    /**
     * Rejects null or blank text.
     *
     * @param value the value
     * @param what  what it is, for the message
     * @return the value
     * @throws IllegalArgumentException when null or blank
     */
    public static String text(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be null or blank");
        }
        return value;
    }

    /**
     * Rejects null.
     *
     * @param value the value
     * @param what  what it is, for the message
     * @param <T>   type
     * @return the value
     * @throws IllegalArgumentException when null
     */
    public static <T> T notNull(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return value;
    }
}
