package dev.homebase.server.ai;

/**
 * Where GenerateImage puts its images: public files, readable by anyone who has the URL
 * ({@link PublicFileImageStore}: the same storage and {@code /media/<name>} URLs as UploadFile).
 */
@FunctionalInterface
public interface ImageStore {
    /**
     * Stores an image as a public file.
     *
     * @param appId the app the image belongs to
     * @param bytes the image
     * @param contentType {@code image/png}, {@code image/jpeg}, {@code image/webp} or {@code image/gif}
     * @return the absolute URL that serves it without authentication
     */
    String storePublic(String appId, byte[] bytes, String contentType);
}
