package dev.homebase.server.files;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The storage contract on both backends: the disk, and a real S3-compatible server (S3Mock) with the smallest part
 * size S3 allows, so a 12 MB file goes up as a three-part multipart upload. Whole and ranged reads, and uploads that
 * fail (too large, a broken stream) leave nothing behind: no file, no object, no unfinished multipart upload.
 */
class FileStorageTest {
    private static final int MB = 1024 * 1024;

    /** The backends every storage test runs on. */
    enum Backend { DISK, S3 }

    /** A fresh, empty storage and a way to count what it holds. */
    private record Fixture(FileStorage storage, Counter stored) implements AutoCloseable {
        @Override
        public void close() {
            storage.close();
        }
    }

    private interface Counter {
        long count() throws IOException;
    }

    private static Fixture fresh(Backend backend) throws IOException {
        if (backend == Backend.DISK) {
            Path root = TempDirs.create("homebase-files");
            return new Fixture(new DiskStorage(root), () -> {
                try (Stream<Path> s = Files.walk(root)) {
                    return s.filter(Files::isRegularFile).count();
                }
            });
        }
        S3Settings bucket = S3MockServer.freshBucket().withPartSize(S3Settings.MIN_PART_SIZE);
        return new Fixture(S3Storage.open(bucket), () -> S3MockServer.objectsAndUploads(bucket.bucket()));
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] read(FileStorage storage, String key, long offset, long length) throws IOException {
        try (InputStream in = storage.open(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void smallFilesRoundTrip(Backend backend) throws IOException {
        try (Fixture f = fresh(backend)) {
            byte[] data = random(100_000, 1);
            assertEquals(100_000, f.storage().put("public/a.png", new ByteArrayInputStream(data), 1_000_000));
            FileStorage.Stat stat = f.storage().stat("public/a.png").orElseThrow();
            assertEquals(100_000, stat.size());
            assertEquals(stat, f.storage().stat("public/a.png").orElseThrow()); // stable validators
            assertArrayEquals(data, read(f.storage(), "public/a.png", 0, 100_000));
            assertArrayEquals(Arrays.copyOfRange(data, 10, 20), read(f.storage(), "public/a.png", 10, 10));
            assertArrayEquals(Arrays.copyOfRange(data, 99_995, 100_000), read(f.storage(), "public/a.png", 99_995, 5));

            assertTrue(f.storage().stat("public/none.png").isEmpty());
            assertThrows(NoSuchFileException.class, () -> read(f.storage(), "public/none.png", 0, 1));
            assertTrue(f.storage().delete("public/a.png"));
            assertFalse(f.storage().delete("public/a.png"));
            assertTrue(f.storage().stat("public/a.png").isEmpty());
            assertEquals(0, f.stored().count());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void largeFilesGoUpInPartsAndReadInRanges(Backend backend) throws IOException {
        try (Fixture f = fresh(backend)) {
            byte[] data = random(12 * MB + 123, 2);
            assertEquals(data.length, f.storage().put("private/app/b.bin", new ByteArrayInputStream(data), 50L * MB));
            assertEquals(data.length, f.storage().stat("private/app/b.bin").orElseThrow().size());
            assertArrayEquals(data, read(f.storage(), "private/app/b.bin", 0, data.length));
            int boundary = S3Settings.MIN_PART_SIZE; // a range across the first part boundary
            assertArrayEquals(Arrays.copyOfRange(data, boundary - 10, boundary + 10), read(f.storage(), "private/app/b.bin", boundary - 10, 20));
            assertEquals(1, f.stored().count());

            // Exactly one part, and exactly the limit: accepted.
            byte[] one = random(S3Settings.MIN_PART_SIZE, 3);
            assertEquals(one.length, f.storage().put("public/c.bin", new ByteArrayInputStream(one), one.length));
            assertArrayEquals(one, read(f.storage(), "public/c.bin", 0, one.length));
            assertEquals(2, f.stored().count());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void failedUploadsLeaveNothing(Backend backend) throws IOException {
        try (Fixture f = fresh(backend)) {
            byte[] big = random(12 * MB, 4);
            // Past the limit inside the first part, and in a later part of a multipart upload.
            assertThrows(FileStorage.TooLargeException.class, () -> f.storage().put("public/d.bin", new ByteArrayInputStream(big), 100_000));
            assertThrows(FileStorage.TooLargeException.class, () -> f.storage().put("public/e.bin", new ByteArrayInputStream(big), 11L * MB));
            assertThrows(FileStorage.TooLargeException.class, () -> f.storage().put("public/e.bin", new ByteArrayInputStream(big), big.length - 1));
            // A client that goes away after 7 MB (a second part is under way).
            InputStream broken = new InputStream() {
                private final InputStream data = new ByteArrayInputStream(big, 0, 7 * MB);

                @Override
                public int read() throws IOException {
                    int b = data.read();
                    if (b < 0) throw new IOException("connection reset");
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = data.read(b, off, len);
                    if (n < 0) throw new IOException("connection reset");
                    return n;
                }
            };
            IOException e = assertThrows(IOException.class, () -> f.storage().put("public/f.bin", broken, 50L * MB));
            assertEquals("connection reset", e.getMessage());
            assertEquals(0, f.stored().count());
            assertTrue(f.storage().stat("public/d.bin").isEmpty());
            assertTrue(f.storage().stat("public/e.bin").isEmpty());
            assertTrue(f.storage().stat("public/f.bin").isEmpty());
        }
    }

    @Test
    void aBucketThatCannotBeUsedStopsTheStartWithOneLine() throws IOException {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> S3Storage.open(S3Settings.of(S3MockServer.endpoint(), "no-such-bucket-here", "k", "s")));
        assertTrue(missing.getMessage().contains("bucket \"no-such-bucket-here\"") && missing.getMessage().contains("no such bucket"),
                missing.getMessage());
        assertFalse(missing.getMessage().contains("\n"));

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        IllegalArgumentException unreachable = assertThrows(IllegalArgumentException.class,
                () -> S3Storage.open(S3Settings.of(URI.create("http://127.0.0.1:" + closed), "files", "k", "very-secret")));
        assertTrue(unreachable.getMessage().contains("cannot reach"), unreachable.getMessage());
        assertTrue(unreachable.getMessage().contains("HOMEBASE_S3_ENDPOINT"), unreachable.getMessage());
        assertFalse(unreachable.getMessage().contains("very-secret"));
    }
}
