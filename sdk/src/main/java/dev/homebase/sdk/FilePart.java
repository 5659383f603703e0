package dev.homebase.sdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file to upload as one part of a multipart request (the Java counterpart of a browser
 * {@code File}).
 *
 * <p>Put a {@code FilePart} as a value in the data map of {@code integrations()} or
 * {@code functions().invoke(...)} calls and the request is sent as {@code multipart/form-data},
 * exactly as the JavaScript client does when a value is a {@code File}. Immutable; the content
 * array is copied on the way in and out.
 *
 * @param filename    the file name sent in the part header, never blank
 * @param contentType the media type of the part, e.g. {@code text/csv}
 * @param content     the bytes of the file
 */
public record FilePart(String filename, String contentType, byte[] content) {

    /** Media type used when none is given or can be detected. */
    public static final String OCTET_STREAM = "application/octet-stream";

    /**
     * Validates and copies the arguments.
     *
     * @throws IllegalArgumentException when the file name is blank or the content is null
     */
    public FilePart {
        if (filename == null || filename.isBlank()) {
            throw new IllegalArgumentException("filename must not be blank");
        }
        if (content == null) {
            throw new IllegalArgumentException("content must not be null");
        }
        contentType = contentType == null || contentType.isBlank() ? OCTET_STREAM : contentType;
        content = content.clone();
    }

    /**
     * Creates a part from bytes, with media type {@code application/octet-stream}.
     *
     * @param filename the file name
     * @param content  the bytes
     * @return the part
     */
    public static FilePart of(String filename, byte[] content) {
        return new FilePart(filename, OCTET_STREAM, content);
    }

    /**
     * Reads a file from disk. The media type is guessed from the file name.
     *
     * @param file the file to read
     * @return the part
     * @throws UncheckedIOException when the file cannot be read
     */
    public static FilePart of(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            byte[] bytes = Files.readAllBytes(file);
            String type = Files.probeContentType(file);
            return new FilePart(file.getFileName().toString(), type, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /**
     * Returns a copy of the content.
     *
     * @return the bytes of the file
     */
    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FilePart that
                && filename.equals(that.filename)
                && contentType.equals(that.contentType)
                && java.util.Arrays.equals(content, that.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(filename, contentType, java.util.Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return "FilePart[" + filename + ", " + contentType + ", " + content.length + " bytes]";
    }
}
