package dev.homebase.server.integrations.extract;

/**
 * How much {@code ExtractDataFromUploadedFile} reads.
 *
 * @param maxRows the most data rows of a CSV or XLSX file, or items of a JSON array
 *     ({@code HOMEBASE_EXTRACT_MAX_ROWS}, default 10,000)
 * @param maxBytes the largest file read ({@code HOMEBASE_EXTRACT_MAX_BYTES}, default 20 MB); a file this
 *     large is read into memory whole, once
 */
public record ExtractLimits(int maxRows, long maxBytes) {
    /** The largest {@link #maxBytes}: a file is read into one byte array, so at most what an array holds. */
    public static final long MAX_BYTES_LIMIT = Integer.MAX_VALUE - 8;

    /** The defaults: 10,000 rows, 20 MB. */
    public static final ExtractLimits DEFAULT = new ExtractLimits(10_000, 20L * 1024 * 1024);

    public ExtractLimits {
        if (maxRows < 1) throw new IllegalArgumentException("HOMEBASE_EXTRACT_MAX_ROWS must be positive");
        if (maxBytes < 1 || maxBytes > MAX_BYTES_LIMIT) throw new IllegalArgumentException("HOMEBASE_EXTRACT_MAX_BYTES must be 1 byte to 2 GB");
    }
}
