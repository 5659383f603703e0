package dev.homebase.server.files;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The names uploads are stored under: a random UUID that keeps the original extension
 * ({@code 3f2a...c1.png}, api-contract §7.2), and the storage keys made from them. A name from a URL
 * or a {@code file_uri} is accepted only in exactly that form, so no caller-supplied text ever
 * reaches a path.
 */
public final class FileNames {
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\\.[a-z0-9]{1,16})?");
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,16}");
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private FileNames() {}

    /** A fresh random name with the extension of {@code originalName} (lower-cased; dropped unless 1-16 letters or digits). */
    public static String fresh(String originalName) {
        return UUID.randomUUID() + extension(originalName).map(e -> "." + e).orElse("");
    }

    /** The extension of {@code fileName} (lower-cased, without the dot) when it is 1-16 letters or digits. */
    public static Optional<String> extension(String fileName) {
        if (fileName == null) return Optional.empty();
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        String base = fileName.substring(slash + 1);
        int dot = base.lastIndexOf('.');
        if (dot <= 0 || dot == base.length() - 1) return Optional.empty();
        String ext = base.substring(dot + 1).toLowerCase(Locale.ROOT);
        return EXTENSION.matcher(ext).matches() ? Optional.of(ext) : Optional.empty();
    }

    /** Whether {@code name} is a name this server gives files. */
    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The storage key of a public file. @throws IllegalArgumentException for a name this server never gives */
    public static String publicKey(String name) {
        if (!isValid(name)) throw new IllegalArgumentException("Not a file name of this server");
        return "public/" + name;
    }

    /** The storage key of a private file of {@code appId}. @throws IllegalArgumentException for a bad name or app id */
    public static String privateKey(String appId, String name) {
        if (!isValid(name)) throw new IllegalArgumentException("Not a file name of this server");
        if (appId == null || !APP_ID.matcher(appId).matches()) throw new IllegalArgumentException("Not an app id");
        return "private/" + appId + "/" + name;
    }
}
