package dev.homebase.server.ai;

import dev.homebase.server.files.FileService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * The {@link ImageStore} of the server: generated images are ordinary public files, stored like
 * UploadFile's ({@link FileService#storePublic}) and served at {@code /media/<name>} with the same
 * headers, ranges and shared storage. Thread-safe.
 */
public final class PublicFileImageStore implements ImageStore {
    private final FileService files;
    private final Supplier<String> publicBaseUrl;

    /**
     * @param files the file storage
     * @param publicBaseUrl the URL the answer's links start with ({@code HOMEBASE_PUBLIC_URL}, else this server's own URL; no trailing slash)
     */
    public PublicFileImageStore(FileService files, Supplier<String> publicBaseUrl) {
        this.files = files;
        this.publicBaseUrl = publicBaseUrl;
    }

    @Override
    public String storePublic(String appId, byte[] bytes, String contentType) {
        String extension = switch (contentType) {
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            case "image/gif" -> "gif";
            default -> "png";
        };
        try {
            String name = files.storePublic("generated." + extension, new ByteArrayInputStream(bytes));
            return publicBaseUrl.get() + "/media/" + name;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a generated image", e);
        }
    }
}
