package dev.homebase.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Temporary folders and files for tests that cannot use JUnit's {@code @TempDir} (shared fixtures such as a fresh
 * SQLite file or a copied project, whose users outlive one test method): each is deleted, with everything in it, when
 * the test JVM exits. Under Maven {@code java.io.tmpdir} is {@code target/tmp} (see the parent pom), so even a killed
 * run leaves nothing in {@code /tmp}.
 *
 * <p>Thread-safe.
 */
public final class TempDirs {
    private static final List<Path> CREATED = new ArrayList<>();
    private static boolean hooked;

    private TempDirs() {}

    /** A new empty folder whose name starts with {@code prefix}; deleted when the JVM exits. */
    public static Path create(String prefix) {
        try {
            return remember(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new empty file named {@code prefix…suffix}; deleted when the JVM exits. */
    public static Path file(String prefix, String suffix) {
        try {
            return remember(Files.createTempFile(prefix, suffix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code -Djava.io.tmpdir=…} option that gives a JVM a test starts the test JVM's own temporary folder. */
    public static String javaOption() {
        return "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir");
    }

    /** Deletes {@code path} and everything below it now; what cannot be deleted (already gone, busy) is left. */
    public static void delete(Path path) {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    quietly(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    quietly(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort: a test's leftovers must not fail it
        }
    }

    private static void quietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a file another process still writes (a server being stopped): left
        }
    }

    private static synchronized Path remember(Path path) {
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::deleteAll, "temp-dirs-cleanup"));
        }
        CREATED.add(path);
        return path;
    }

    private static void deleteAll() {
        List<Path> all;
        synchronized (TempDirs.class) {
            all = new ArrayList<>(CREATED);
        }
        for (int i = all.size() - 1; i >= 0; i--) delete(all.get(i));
    }
}
