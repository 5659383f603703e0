package dev.homebase.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Where uploaded files' bytes live, by key ({@code public/<name>} or {@code private/<appId>/<name>},
 * see {@link FileNames}). Implementations are thread-safe; a file is visible to readers only once
 * it is stored whole.
 */
public interface FileStorage extends AutoCloseable {

    /**
     * What is known of one stored file.
     *
     * @param size its length in bytes
     * @param lastModified when it was stored
     */
    record Stat(long size, Instant lastModified) {}

    /**
     * Stores {@code in} under {@code key}, reading it as a stream (never whole in memory) and refusing
     * more than {@code maxBytes}. Nothing is left behind when it fails.
     *
     * @return the number of bytes stored
     * @throws TooLargeException when {@code in} holds more than {@code maxBytes}
     * @throws IOException when reading or writing fails
     */
    long put(String key, InputStream in, long maxBytes) throws IOException;

    /** The file under {@code key}, or empty when there is none. */
    Optional<Stat> stat(String key) throws IOException;

    /**
     * The bytes {@code offset .. offset + length - 1} of the file under {@code key}.
     *
     * @throws java.nio.file.NoSuchFileException when there is none
     */
    InputStream open(String key, long offset, long length) throws IOException;

    /** Deletes the file under {@code key}; false when there was none. */
    boolean delete(String key) throws IOException;

    /** Lets go of what the storage holds open (its HTTP client); files stay. */
    @Override
    default void close() {}

    /** The upload is larger than allowed. */
    final class TooLargeException extends IOException {
        public TooLargeException(long maxBytes) {
            super("The file is larger than " + maxBytes + " bytes");
        }
    }
}
