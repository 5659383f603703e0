package dev.homebase.server.files;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where uploads are kept and how large they may be.
 *
 * @param root the folder of the disk storage ({@code HOMEBASE_FILES_DIR}, default {@code <data>/files})
 * @param maxUploadBytes the largest upload accepted ({@code HOMEBASE_UPLOAD_MAX_BYTES}, default 50 MB;
 *     larger uploads answer 413)
 */
public record FileSettings(Path root, long maxUploadBytes) {
    /** The default upload limit: 50 MB (api-contract §7.1). */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 50L * 1024 * 1024;

    public FileSettings {
        if (root == null) throw new IllegalArgumentException("The files folder must be set");
        if (maxUploadBytes <= 0) throw new IllegalArgumentException("HOMEBASE_UPLOAD_MAX_BYTES must be positive, got " + maxUploadBytes);
    }

    /** The defaults for a data folder: {@code <data>/files}, 50 MB. */
    public static FileSettings defaults(Path dataDir) {
        return new FileSettings(dataDir.resolve("files"), DEFAULT_MAX_UPLOAD_BYTES);
    }

    /** A copy with another upload limit. */
    public FileSettings withMaxUploadBytes(long bytes) {
        return new FileSettings(root, bytes);
    }

    /**
     * The settings from {@code HOMEBASE_STORAGE} (only {@code disk} for now), {@code HOMEBASE_FILES_DIR} and {@code HOMEBASE_UPLOAD_MAX_BYTES} in {@code env}.
     *
     * @throws IllegalArgumentException naming the variable that cannot be read
     */
    public static FileSettings fromEnvironment(Path dataDir, Map<String, String> env) {
        FileSettings s = defaults(dataDir);
        String storage = env.get("HOMEBASE_STORAGE");
        if (storage != null && !storage.isBlank() && !storage.strip().equalsIgnoreCase("disk")) {
            // NB: refused rather than ignored, so nodes meant to share files never each write to their own disk.
            throw new IllegalArgumentException("HOMEBASE_STORAGE must be disk (S3-compatible storage is not available yet), got \"" + storage + "\"");
        }
        String dir = env.get("HOMEBASE_FILES_DIR");
        if (dir != null && !dir.isBlank()) s = new FileSettings(Path.of(dir.strip()), s.maxUploadBytes());
        String max = env.get("HOMEBASE_UPLOAD_MAX_BYTES");
        if (max != null && !max.isBlank()) {
            try {
                s = s.withMaxUploadBytes(Long.parseLong(max.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("HOMEBASE_UPLOAD_MAX_BYTES must be a number of bytes, got \"" + max + "\"");
            }
        }
        return s;
    }
}
