package dev.homebase.server.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upload settings from the environment, file names and the types files are served with. */
class FileSettingsTest {
    @Test
    void environment() {
        Path data = Path.of("/data");
        assertEquals(new FileSettings(data.resolve("files"), 50L * 1024 * 1024), FileSettings.fromEnvironment(data, Map.of()));
        assertEquals(new FileSettings(Path.of("/srv/files"), 1000),
                FileSettings.fromEnvironment(data, Map.of("HOMEBASE_FILES_DIR", "/srv/files", "HOMEBASE_UPLOAD_MAX_BYTES", "1000", "HOMEBASE_STORAGE", "disk")));
        assertThrows(IllegalArgumentException.class, () -> FileSettings.fromEnvironment(data, Map.of("HOMEBASE_UPLOAD_MAX_BYTES", "50MB")));
        assertThrows(IllegalArgumentException.class, () -> FileSettings.fromEnvironment(data, Map.of("HOMEBASE_UPLOAD_MAX_BYTES", "0")));
        assertThrows(IllegalArgumentException.class, () -> FileSettings.fromEnvironment(data, Map.of("HOMEBASE_STORAGE", "nfs")));
    }

    @Test
    void s3FromTheEnvironment() {
        Path data = Path.of("/data");
        IllegalArgumentException noBucket = assertThrows(IllegalArgumentException.class,
                () -> FileSettings.fromEnvironment(data, Map.of("HOMEBASE_STORAGE", "s3")));
        assertTrue(noBucket.getMessage().contains("HOMEBASE_S3_BUCKET"), noBucket.getMessage());
        S3Settings minio = FileSettings.fromEnvironment(data, Map.of("HOMEBASE_STORAGE", "S3", "HOMEBASE_S3_ENDPOINT", "http://minio:9000",
                "HOMEBASE_S3_BUCKET", "files", "HOMEBASE_S3_ACCESS_KEY", "AKIA1", "HOMEBASE_S3_SECRET_KEY", "very-secret")).s3().orElseThrow();
        assertEquals(java.util.Optional.of(java.net.URI.create("http://minio:9000")), minio.endpoint());
        assertEquals("files", minio.bucket());
        assertEquals("us-east-1", minio.region());
        assertTrue(minio.pathStyle()); // an endpoint: path-style by default
        assertFalse(minio.toString().contains("very-secret"), minio.toString());
        S3Settings aws = FileSettings.fromEnvironment(data, Map.of("HOMEBASE_STORAGE", "s3", "HOMEBASE_S3_BUCKET", "files",
                "HOMEBASE_S3_REGION", "eu-west-1")).s3().orElseThrow();
        assertFalse(aws.pathStyle());
        assertTrue(aws.accessKey().isEmpty());
        assertFalse(FileSettings.fromEnvironment(data, Map.of("HOMEBASE_STORAGE", "s3", "HOMEBASE_S3_BUCKET", "files",
                "HOMEBASE_S3_ENDPOINT", "https://r2.example", "HOMEBASE_S3_PATH_STYLE", "false")).s3().orElseThrow().pathStyle());
        for (Map<String, String> bad : java.util.List.of(
                Map.of("HOMEBASE_STORAGE", "s3", "HOMEBASE_S3_BUCKET", "files", "HOMEBASE_S3_ENDPOINT", "minio:9000"),
                Map.of("HOMEBASE_STORAGE", "s3", "HOMEBASE_S3_BUCKET", "files", "HOMEBASE_S3_ACCESS_KEY", "AKIA1"),
                Map.of("HOMEBASE_STORAGE", "s3", "HOMEBASE_S3_BUCKET", "files", "HOMEBASE_S3_PATH_STYLE", "maybe"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FileSettings.fromEnvironment(data, bad));
            assertTrue(e.getMessage().contains("HOMEBASE_S3_"), e.getMessage());
        }
    }

    @Test
    void namesKeepOnlyASafeExtension() {
        assertTrue(FileNames.fresh("Photo.JPG").matches("[0-9a-f-]{36}\\.jpg"));
        assertTrue(FileNames.fresh("../../etc/passwd").matches("[0-9a-f-]{36}"));
        assertTrue(FileNames.fresh("archive.tar.gz").endsWith(".gz"));
        assertTrue(FileNames.fresh("x.p<h>p").matches("[0-9a-f-]{36}"));
        assertFalse(FileNames.isValid("../x.png"));
        assertThrows(IllegalArgumentException.class, () -> FileNames.privateKey("../other", FileNames.fresh("a.png")));
    }

    @Test
    void activeTypesAreFlagged() {
        assertEquals("image/png", MediaTypes.of("a.png"));
        assertEquals("application/octet-stream", MediaTypes.of("a.exe"));
        assertTrue(MediaTypes.isActive("a.html"));
        assertTrue(MediaTypes.isActive("a.svg"));
        assertTrue(MediaTypes.isActive("a.xml"));
        assertFalse(MediaTypes.isActive("a.png"));
    }
}
