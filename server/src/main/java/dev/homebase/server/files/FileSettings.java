package dev.homebase.server.files;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where uploads are kept and how large they may be.
 *
 * @param root the folder of the disk storage ({@code HOMEBASE_FILES_DIR}, default {@code <data>/files})
 * @param maxUploadBytes the largest upload accepted ({@code HOMEBASE_UPLOAD_MAX_BYTES}, default 50 MB;
 *     larger uploads answer 413)
 * @param s3 the bucket when {@code HOMEBASE_STORAGE=s3}; empty: the disk under {@code root}
 */
public record FileSettings(Path root, long maxUploadBytes, Optional<S3Settings> s3) {
    /** The default upload limit: 50 MB (api-contract §7.1). */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 50L * 1024 * 1024;

    public FileSettings {
        if (root == null) throw new IllegalArgumentException("The files folder must be set");
        if (maxUploadBytes <= 0) throw new IllegalArgumentException("HOMEBASE_UPLOAD_MAX_BYTES must be positive, got " + maxUploadBytes);
        if (s3 == null) s3 = Optional.empty();
    }

    /** Disk storage under {@code root}. */
    public FileSettings(Path root, long maxUploadBytes) {
        this(root, maxUploadBytes, Optional.empty());
    }

    /** The defaults for a data folder: {@code <data>/files}, 50 MB. */
    public static FileSettings defaults(Path dataDir) {
        return new FileSettings(dataDir.resolve("files"), DEFAULT_MAX_UPLOAD_BYTES);
    }

    /** A copy with another upload limit. */
    public FileSettings withMaxUploadBytes(long bytes) {
        return new FileSettings(root, bytes, s3);
    }

    /** A copy that keeps files in an S3 bucket. */
    public FileSettings withS3(S3Settings bucket) {
        return new FileSettings(root, maxUploadBytes, Optional.of(bucket));
    }

    /**
     * Opens the storage these settings name: the disk under {@link #root()}, or the S3 bucket, which is probed now.
     *
     * @throws IllegalArgumentException when the bucket cannot be used (one line: which bucket, why, what to check)
     */
    public FileStorage openStorage() {
        return s3.<FileStorage>map(S3Storage::open).orElseGet(() -> new DiskStorage(root));
    }

    /**
     * The settings from {@code HOMEBASE_STORAGE} ({@code disk}, the default, or {@code s3} with the
     * {@code HOMEBASE_S3_*} variables of {@link S3Settings#fromEnvironment}), {@code HOMEBASE_FILES_DIR} and
     * {@code HOMEBASE_UPLOAD_MAX_BYTES} in {@code env}.
     *
     * @throws IllegalArgumentException naming the variable that is missing or cannot be read
     */
    public static FileSettings fromEnvironment(Path dataDir, Map<String, String> env) {
        FileSettings s = defaults(dataDir);
        String storage = env.get("HOMEBASE_STORAGE");
        String kind = storage == null || storage.isBlank() ? "disk" : storage.strip().toLowerCase(java.util.Locale.ROOT);
        // NB: an unknown kind is refused rather than ignored, so nodes meant to share files never each write to their own disk.
        switch (kind) {
            case "disk" -> { }
            case "s3" -> s = s.withS3(S3Settings.fromEnvironment(env));
            default -> throw new IllegalArgumentException("HOMEBASE_STORAGE must be disk or s3, got \"" + storage + "\"");
        }
        String dir = env.get("HOMEBASE_FILES_DIR");
        if (dir != null && !dir.isBlank()) s = new FileSettings(Path.of(dir.strip()), s.maxUploadBytes(), s.s3());
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
