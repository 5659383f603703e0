package dev.homebase.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code HOMEBASE_STORAGE=s3} that cannot work stops {@code serve} with one line and exit code 2 (configuration):
 * a missing or malformed setting, and a bucket that cannot be reached at start (the HeadBucket probe). The secret key
 * is never shown.
 */
class S3StartErrorsTest {
    private static final String SECRET = "s3-secret-never-shown";

    private static CliProcess.Result serve(Path project, Map<String, String> env) {
        return CliProcess.run(env, "serve", project.toString(), "--port", "0");
    }

    private static void assertOneLine(CliProcess.Result r, String start, String... contains) {
        assertEquals(ExitCode.CONFIG.code(), r.exitCode(), r.stderr());
        // The JVM's own warnings (sqlite-jdbc's native access on JDK 24+) are not ours.
        java.util.List<String> lines = r.stderrLines().stream().filter(l -> !l.startsWith("WARNING: ")).toList();
        assertEquals(1, lines.size(), r.stderr());
        String line = lines.get(0);
        assertTrue(line.startsWith(start), line);
        for (String c : contains) assertTrue(line.contains(c), line);
        assertFalse((r.stdout() + r.stderr()).contains(SECRET), r.stdout() + r.stderr());
    }

    @Test
    void missingOrBadSettings() {
        Path project = CliProcess.minimalProject();
        assertOneLine(serve(project, Map.of("HOMEBASE_STORAGE", "s3")), "homebase: HOMEBASE_STORAGE=s3 needs HOMEBASE_S3_BUCKET");
        assertOneLine(serve(project, Map.of("HOMEBASE_STORAGE", "ftp")), "homebase: HOMEBASE_STORAGE must be disk or s3, got \"ftp\"");
        assertOneLine(serve(project, Map.of("HOMEBASE_STORAGE", "s3", "HOMEBASE_S3_BUCKET", "files", "HOMEBASE_S3_ENDPOINT", "minio:9000")),
                "homebase: HOMEBASE_S3_ENDPOINT must be an http:// or https:// URL");
        assertOneLine(serve(project, Map.of("HOMEBASE_STORAGE", "s3", "HOMEBASE_S3_BUCKET", "files", "HOMEBASE_S3_SECRET_KEY", SECRET)),
                "homebase: Set both HOMEBASE_S3_ACCESS_KEY and HOMEBASE_S3_SECRET_KEY, or neither");
    }

    @Test
    void anUnreachableBucket() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CliProcess.Result r = serve(CliProcess.minimalProject(), Map.of("HOMEBASE_STORAGE", "s3", "HOMEBASE_S3_BUCKET", "files",
                "HOMEBASE_S3_ENDPOINT", "http://127.0.0.1:" + closed, "HOMEBASE_S3_ACCESS_KEY", "AKIATEST", "HOMEBASE_S3_SECRET_KEY", SECRET));
        assertOneLine(r, "homebase: HOMEBASE_STORAGE=s3 cannot use the bucket \"files\" at http://127.0.0.1:" + closed + " (cannot reach it",
                "HOMEBASE_S3_ENDPOINT");
    }
}
