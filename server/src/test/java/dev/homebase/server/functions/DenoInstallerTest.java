package dev.homebase.server.functions;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link DenoInstaller} with the real npm and registry: one install for concurrent callers, a half-finished install
 * never used, and a one-line answer when npm is missing.
 */
class DenoInstallerTest {

    @Test
    void theVersionComesFromTheEmbeddedLockFile() {
        assertTrue(DenoInstaller.pinnedVersion().matches("\\d+\\.\\d+\\.\\d+"), DenoInstaller.pinnedVersion());
    }

    @Test
    void theCacheFolderFollowsXdgThenHomeThenTheDataFolder() throws Exception {
        Path home = TempDirs.create("home");
        Path data = Path.of("/srv/data");
        assertEquals(Path.of("/xdg/homebase"), DenoInstaller.cacheRoot(Map.of("XDG_CACHE_HOME", "/xdg", "HOME", home.toString()), data));
        assertEquals(home.resolve(".cache/homebase"), DenoInstaller.cacheRoot(Map.of("XDG_CACHE_HOME", "relative", "HOME", home.toString()), data));
        assertEquals(data.resolve("cache"), DenoInstaller.cacheRoot(Map.of(), data));
        assertEquals(data.resolve("cache"), DenoInstaller.cacheRoot(Map.of("HOME", "/nonexistent-home"), data));
    }

    @Test
    void withoutNpmTheAnswerIsOneLineSayingWhatToDo() throws Exception {
        DenoInstaller installer = new DenoInstaller(TempDirs.create("deno-cache"), "");
        DenoInstaller.InstallException e = assertThrows(DenoInstaller.InstallException.class, installer::ensure);
        assertEquals("Deno is not installed, and npm (which installs it) is not on PATH: install Node.js 20+ with npm, or set "
                + "HOMEBASE_DENO to a Deno " + installer.version() + " executable", e.getMessage());
        assertEquals(0, installer.installCount());
        // within the retry pause the same answer comes back without another attempt
        assertEquals(e.getMessage(), assertThrows(DenoInstaller.InstallException.class, installer::ensure).getMessage());
    }

    @Test
    void concurrentCallersGetOneInstallAndLeftoversAreNeverUsed() throws Exception {
        Path cache = TempDirs.create("deno-cache");
        String path = System.getenv().getOrDefault("PATH", "");
        DenoInstaller installer = new DenoInstaller(cache, path);
        // A crashed install left a partial folder with a "deno" in it: it is not the install.
        Path partial = cache.resolve("deno-" + installer.version() + ".partial-crashed");
        Path fake = partial.resolve("node_modules/deno/deno");
        Files.createDirectories(fake.getParent());
        Files.writeString(fake, "#!/bin/sh\necho broken\n");
        fake.toFile().setExecutable(true);
        assertTrue(installer.installed().isEmpty());

        int callers = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            Callable<Path> call = () -> {
                go.await();
                return installer.ensure();
            };
            List<Future<Path>> results = Stream.generate(() -> pool.submit(call)).limit(callers).toList();
            go.countDown();
            Path first = results.get(0).get();
            for (Future<Path> r : results) assertEquals(first, r.get());
            assertEquals(1, installer.installCount(), "one install for " + callers + " concurrent callers");
            assertTrue(first.startsWith(installer.target()), first.toString());
            assertEquals("deno " + installer.version(), DenoBinary.versionOf(first).split(" \\(")[0]);
        } finally {
            pool.shutdownNow();
        }
        assertFalse(Files.exists(partial), "the leftover partial install is removed");
        try (Stream<Path> left = Files.list(cache)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().contains(".partial-")).toList());
        }
        // Another installer (another server on the machine) finds the finished install and does not run npm.
        DenoInstaller other = new DenoInstaller(cache, "");
        assertEquals(installer.installed(), other.installed());
        other.ensure();
        assertEquals(0, other.installCount());
    }
}
