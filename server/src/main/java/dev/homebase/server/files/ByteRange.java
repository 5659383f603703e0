package dev.homebase.server.files;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range: bytes=...} header (RFC 9110 §14.2), resolved against the file's size.
 *
 * @param start the first byte
 * @param length how many bytes
 */
public record ByteRange(long start, long length) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    /** The range's last byte. */
    public long end() {
        return start + length - 1;
    }

    /**
     * Reads {@code header} for a file of {@code size} bytes.
     *
     * @return empty when the whole file should be sent: no header, a header this server does not
     *     read (several ranges, another unit), which RFC 9110 allows to ignore
     * @throws Unsatisfiable when the range lies wholly past the end of the file (416)
     */
    public static Optional<ByteRange> parse(String header, long size) throws Unsatisfiable {
        if (header == null) return Optional.empty();
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches()) return Optional.empty();
        String first = m.group(1);
        String last = m.group(2);
        if (first.isEmpty() && last.isEmpty()) return Optional.empty();
        if (first.isEmpty()) { // the last N bytes
            long n = Long.parseLong(last);
            if (n == 0 || size == 0) throw new Unsatisfiable();
            n = Math.min(n, size);
            return Optional.of(new ByteRange(size - n, n));
        }
        long start = Long.parseLong(first);
        if (start >= size) throw new Unsatisfiable();
        long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
        if (end < start) return Optional.empty(); // invalid: ignored
        return Optional.of(new ByteRange(start, end - start + 1));
    }

    /** No byte of the range is in the file. */
    public static final class Unsatisfiable extends Exception {
        public Unsatisfiable() {
            super("Range not satisfiable", null, false, false);
        }
    }
}
