package dev.homebase.server.integrations.extract;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much {@code ExtractDataFromUploadedFile} reads.
 *
 * @param maxRows the most data rows of a CSV or XLSX file, or items of a JSON array
 *     ({@code HOMEBASE_EXTRACT_MAX_ROWS}, default 10,000)
 * @param maxBytes the largest file read ({@code HOMEBASE_EXTRACT_MAX_BYTES}, default 20 MB); a file this
 *     large is read into memory whole, once
 */
public record ExtractLimits(int maxRows, long maxBytes) {
    private static final Logger log = LoggerFactory.getLogger(ExtractLimits.class);

    /** The defaults: 10,000 rows, 20 MB. */
    public static final ExtractLimits DEFAULT = new ExtractLimits(10_000, 20L * 1024 * 1024);

    public ExtractLimits {
        if (maxRows < 1) throw new IllegalArgumentException("HOMEBASE_EXTRACT_MAX_ROWS must be positive");
        if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("HOMEBASE_EXTRACT_MAX_BYTES must be 1 byte to 2 GB");
    }

    /**
     * The limits from {@code HOMEBASE_EXTRACT_MAX_ROWS} and {@code HOMEBASE_EXTRACT_MAX_BYTES}; a value that is
     * not a positive whole number falls back to its default with a warning (harmless numbers never stop a start).
     */
    public static ExtractLimits fromEnvironment(Map<String, String> env) {
        long rows = number(env, "HOMEBASE_EXTRACT_MAX_ROWS", DEFAULT.maxRows());
        long bytes = number(env, "HOMEBASE_EXTRACT_MAX_BYTES", DEFAULT.maxBytes());
        // A file is read into one byte array: at most what an array holds.
        return new ExtractLimits((int) Math.min(rows, Integer.MAX_VALUE), Math.min(bytes, Integer.MAX_VALUE - 8));
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String text = env.get(name);
        if (text == null || text.isBlank()) return fallback;
        try {
            long value = Long.parseLong(text.strip());
            if (value > 0) return value;
        } catch (NumberFormatException e) {
            // falls through to the warning
        }
        log.warn("{} must be a positive whole number, got \"{}\"; using {}", name, text, fallback);
        return fallback;
    }
}
