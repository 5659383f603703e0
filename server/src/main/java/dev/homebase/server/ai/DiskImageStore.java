package dev.homebase.server.ai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The interim {@link ImageStore}: files under {@code DATA/ai-images/<appId>/<uuid>.<ext>}, served
 * by {@code GET /api/apps/{appId}/ai/images/{name}}. One node only (the files on disk are not
 * shared); the file storage of {@code files/} replaces it. Thread-safe.
 */
public final class DiskImageStore implements ImageStore {
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.(png|jpg|webp|gif)");
    private static final Pattern APP = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final Path root;
    private final Supplier<String> publicBaseUrl;

    /**
     * @param root the folder to write under
     * @param publicBaseUrl this server's public base URL (no trailing slash)
     */
    public DiskImageStore(Path root, Supplier<String> publicBaseUrl) {
        this.root = root;
        this.publicBaseUrl = publicBaseUrl;
    }

    @Override
    public String storePublic(String appId, byte[] bytes, String contentType) {
        if (!APP.matcher(appId).matches()) throw new IllegalArgumentException("bad app id");
        String name = UUID.randomUUID() + "." + switch (contentType) {
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            case "image/gif" -> "gif";
            default -> "png";
        };
        try {
            Path dir = Files.createDirectories(root.resolve(appId));
            Path tmp = Files.createTempFile(dir, "upload", ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a generated image", e);
        }
        return publicBaseUrl.get() + "/api/apps/" + appId + "/ai/images/" + name;
    }

    /** The stored file called {@code name} of an app, when the name is one this store makes and the file exists. */
    public Optional<Path> find(String appId, String name) {
        if (!APP.matcher(appId).matches() || !NAME.matcher(name).matches()) return Optional.empty();
        Path file = root.resolve(appId).resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** The content type of a stored name. */
    public static String contentType(String name) {
        if (name.endsWith(".jpg")) return "image/jpeg";
        if (name.endsWith(".webp")) return "image/webp";
        if (name.endsWith(".gif")) return "image/gif";
        return "image/png";
    }
}
