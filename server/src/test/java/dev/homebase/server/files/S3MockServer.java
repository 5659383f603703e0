package dev.homebase.server.files;

import dev.homebase.server.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: Adobe's S3Mock, run as its own JVM from its executable jar (which Maven
 * copies to {@code target/s3mock/s3mock.jar}), so its Spring Boot and Tomcat never meet our Jetty on one class path.
 * Started once per test JVM on a free port, stopped when the JVM exits. S3Mock accepts any keys.
 */
public final class S3MockServer {
    private static final Pattern STARTED = Pattern.compile("Tomcat started on ports? .*?(\\d+) \\(http\\)");
    private static URI endpoint;

    private S3MockServer() {}

    /** The server's {@code http://127.0.0.1:PORT}, starting it on first use. */
    public static synchronized URI endpoint() {
        if (endpoint == null) endpoint = start();
        return endpoint;
    }

    /** Settings for a new, empty bucket of its own on the server. */
    public static S3Settings freshBucket() {
        String bucket = "hb-" + UUID.randomUUID().toString().substring(0, 18);
        try (S3Client client = client()) {
            client.createBucket(c -> c.bucket(bucket));
        }
        return S3Settings.of(endpoint(), bucket, "test-key", "test-secret");
    }

    /** A plain S3 client of the server, for tests that look into a bucket. */
    public static S3Client client() {
        return S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key", "test-secret")))
                .endpointOverride(endpoint()).forcePathStyle(true).build();
    }

    /** How many objects, and how many unfinished multipart uploads, {@code bucket} holds. */
    public static long objectsAndUploads(String bucket) {
        try (S3Client client = client()) {
            long objects = client.listObjectsV2Paginator(l -> l.bucket(bucket)).contents().stream().count();
            long uploads = client.listMultipartUploads(l -> l.bucket(bucket)).uploads().size();
            return objects + uploads;
        }
    }

    private static URI start() {
        Path jar = Path.of("target/s3mock/s3mock.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar.toAbsolutePath() + ": run the tests through Maven (its generate-test-resources copies S3Mock)");
        }
        try {
            Path root = TempDirs.create("s3mock");
            Path log = root.resolve("s3mock.log");
            // Its Tomcat's work folders too: the process is killed at exit, before it could remove them.
            Path tmp = Files.createDirectories(root.resolve("tmp"));
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(List.of(java, "-Djava.io.tmpdir=" + tmp, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toAbsolutePath().toString(),
                    "--server.port=0", "--com.adobe.testing.s3mock.http-port=0",
                    "--com.adobe.testing.s3mock.store.root=" + root.resolve("store"), "--spring.main.banner-mode=off"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) throw new IllegalStateException("S3Mock stopped: " + Files.readString(log));
                Matcher m = STARTED.matcher(Files.readString(log));
                if (m.find()) return URI.create("http://127.0.0.1:" + m.group(1));
                process.waitFor(200, TimeUnit.MILLISECONDS);
            }
            process.destroyForcibly();
            throw new IllegalStateException("S3Mock did not start within 180 s: " + Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
