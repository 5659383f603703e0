package dev.homebase.server.files;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code HOMEBASE_STORAGE=s3} keeps files: a bucket of AWS S3 or of an S3-compatible server (MinIO, Ceph,
 * Garage, R2, ...). {@link #toString()} never shows the secret key.
 *
 * @param endpoint the server's URL ({@code HOMEBASE_S3_ENDPOINT}); empty for AWS itself
 * @param bucket the bucket ({@code HOMEBASE_S3_BUCKET}, required)
 * @param region the region ({@code HOMEBASE_S3_REGION}, default {@code us-east-1})
 * @param accessKey the access key id ({@code HOMEBASE_S3_ACCESS_KEY}); empty with {@code secretKey}: the AWS SDK's
 *     default credentials (its environment variables, profile, instance role)
 * @param secretKey the secret access key ({@code HOMEBASE_S3_SECRET_KEY})
 * @param pathStyle {@code http://host/bucket/key} rather than {@code http://bucket.host/key}
 *     ({@code HOMEBASE_S3_PATH_STYLE}, default true when an endpoint is set, as MinIO-like servers need)
 * @param partSize the size of one part of a multipart upload, in bytes (at least 5 MB, as S3 requires); also the
 *     largest file sent in one {@code PutObject}, and what one upload holds in memory at most
 */
public record S3Settings(Optional<URI> endpoint, String bucket, String region, Optional<String> accessKey,
                         Optional<String> secretKey, boolean pathStyle, int partSize) {
    /** The default part size: 8 MB. */
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    /** The smallest part S3 accepts (but for the last one): 5 MB. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    public S3Settings {
        if (bucket == null || bucket.isBlank()) throw new IllegalArgumentException("HOMEBASE_STORAGE=s3 needs HOMEBASE_S3_BUCKET");
        if (region == null || region.isBlank()) throw new IllegalArgumentException("HOMEBASE_S3_REGION must not be empty");
        if (accessKey.isPresent() != secretKey.isPresent()) {
            throw new IllegalArgumentException("Set both HOMEBASE_S3_ACCESS_KEY and HOMEBASE_S3_SECRET_KEY, or neither (the AWS SDK's default credentials)");
        }
        if (partSize < MIN_PART_SIZE) throw new IllegalArgumentException("The S3 part size must be at least " + MIN_PART_SIZE + " bytes");
    }

    /** A bucket on an S3-compatible server at {@code endpoint}, path-style, with static keys and the default part size. */
    public static S3Settings of(URI endpoint, String bucket, String accessKey, String secretKey) {
        return new S3Settings(Optional.of(endpoint), bucket, "us-east-1", Optional.of(accessKey), Optional.of(secretKey), true, DEFAULT_PART_SIZE);
    }

    /** A copy with another part size. */
    public S3Settings withPartSize(int bytes) {
        return new S3Settings(endpoint, bucket, region, accessKey, secretKey, pathStyle, bytes);
    }

    /**
     * The settings from the {@code HOMEBASE_S3_*} variables in {@code env}.
     *
     * @throws IllegalArgumentException naming the variable that is missing or cannot be read
     */
    public static S3Settings fromEnvironment(Map<String, String> env) {
        Optional<URI> endpoint = value(env, "HOMEBASE_S3_ENDPOINT").map(S3Settings::endpoint);
        String bucket = value(env, "HOMEBASE_S3_BUCKET").orElse(null);
        String region = value(env, "HOMEBASE_S3_REGION").orElse("us-east-1");
        boolean pathStyle = value(env, "HOMEBASE_S3_PATH_STYLE").map(v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "on", "1", "yes" -> true;
            case "false", "off", "0", "no" -> false;
            default -> throw new IllegalArgumentException("HOMEBASE_S3_PATH_STYLE must be true or false, got \"" + v + "\"");
        }).orElse(endpoint.isPresent());
        return new S3Settings(endpoint, bucket, region, value(env, "HOMEBASE_S3_ACCESS_KEY"), value(env, "HOMEBASE_S3_SECRET_KEY"),
                pathStyle, DEFAULT_PART_SIZE);
    }

    private static URI endpoint(String raw) {
        try {
            URI uri = URI.create(raw);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) return uri;
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("HOMEBASE_S3_ENDPOINT must be an http:// or https:// URL, got \"" + raw + "\"");
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /** Where the files are: the endpoint (or AWS) and the bucket; never a key. */
    public String describe() {
        return "bucket \"" + bucket + "\" at " + endpoint.map(URI::toString).orElse("AWS S3 (" + region + ")");
    }

    @Override
    public String toString() {
        return "S3Settings[" + describe() + ", pathStyle=" + pathStyle + ", accessKey=" + accessKey.orElse("(default)")
                + ", secretKey=" + (secretKey.isPresent() ? "***" : "(default)") + ", partSize=" + partSize + "]";
    }
}
