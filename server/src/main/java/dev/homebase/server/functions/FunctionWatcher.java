package dev.homebase.server.functions;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload of backend functions (development): watches every app's {@code base44/functions/} and
 * {@code base44/shared/} (recursively, new folders included) and, once the changes have settled for
 * the debounce time, has the {@link FunctionHost} {@linkplain FunctionHost#reload re-read} the app's
 * functions, so an edited, added or deleted function is served as it now is without a restart.
 * Runs on one daemon thread until closed. Thread-safe.
 *
 * <pre>{@code
 * try (FunctionWatcher w = FunctionWatcher.start(host, Duration.ofMillis(200))) { ... serve ... }
 * }</pre>
 */
public final class FunctionWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FunctionWatcher.class);
    /** Deepest folder nesting watched (as deep as {@link FunctionCatalog} looks, plus the file level). */
    private static final int MAX_DEPTH = 10;

    /** A watched folder: whose app it belongs to, and where it is. */
    private record Watched(String appId, Path dir) {}

    private final FunctionHost host;
    private final Duration debounce;
    private final WatchService service;
    private final Map<WatchKey, Watched> keys = new HashMap<>(); // only the watcher thread touches it after start
    private final Map<String, Path> base44Dirs = new LinkedHashMap<>();
    private final Thread thread;

    private FunctionWatcher(FunctionHost host, Duration debounce) throws IOException {
        this.host = host;
        this.debounce = debounce;
        this.service = FileSystems.getDefault().newWatchService();
        host.projectDirs().forEach((appId, dir) -> {
            Path base44 = dir.toAbsolutePath().normalize().resolve("base44");
            base44Dirs.put(appId, base44);
            register(appId, base44, false); // notices functions/ or shared/ being created
            registerTree(appId, base44.resolve("functions"));
            registerTree(appId, base44.resolve("shared"));
        });
        this.thread = Thread.ofPlatform().daemon().name("function-watcher").unstarted(this::run);
    }

    /**
     * Starts watching the folders of every app {@code host} runs.
     *
     * @param debounce how long changes must be quiet before a reload (an editor's save is several events)
     * @throws java.io.UncheckedIOException when the file system cannot be watched
     */
    public static FunctionWatcher start(FunctionHost host, Duration debounce) {
        try {
            FunctionWatcher w = new FunctionWatcher(host, debounce);
            w.thread.start();
            return w;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot watch the functions folders", e);
        }
    }

    private void registerTree(String appId, Path root) {
        if (!Files.isDirectory(root)) return;
        try {
            Files.walkFileTree(root, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    register(appId, dir, true);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // gone again, or unreadable: nothing to watch
                }
            });
        } catch (IOException e) {
            log.warn("app {}: cannot watch {}: {}", appId, root, e.getMessage());
        }
    }

    private void register(String appId, Path dir, boolean tree) {
        if (!Files.isDirectory(dir)) return;
        try {
            WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            synchronized (keys) {
                keys.put(key, new Watched(appId, dir));
            }
        } catch (IOException | ClosedWatchServiceException e) {
            if (tree) log.debug("app {}: cannot watch {}: {}", appId, dir, e.toString());
        }
    }

    private void run() {
        Map<String, Set<Path>> pending = new LinkedHashMap<>();
        try {
            while (true) {
                WatchKey key = pending.isEmpty() ? service.take() : service.poll(debounce.toMillis(), TimeUnit.MILLISECONDS);
                if (key == null) { // quiet for the debounce time: apply what gathered
                    pending.forEach(this::reload);
                    pending.clear();
                    continue;
                }
                Watched watched;
                synchronized (keys) {
                    watched = keys.get(key);
                }
                if (watched != null) collect(watched, key, pending);
                if (!key.reset()) {
                    synchronized (keys) {
                        keys.remove(key);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private void collect(Watched watched, WatchKey key, Map<String, Set<Path>> pending) {
        Path base44 = base44Dirs.get(watched.appId());
        Set<Path> changed = pending.computeIfAbsent(watched.appId(), a -> new LinkedHashSet<>());
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                changed.add(base44); // events were lost: everything of the app may have changed
                continue;
            }
            Path path = watched.dir().resolve((Path) event.context());
            boolean top = watched.dir().equals(base44);
            if (top && !path.equals(base44.resolve("functions")) && !path.equals(base44.resolve("shared"))) continue;
            changed.add(top ? base44 : path);
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(path)) {
                registerTree(watched.appId(), path); // a new function folder, or a new folder inside one
            }
        }
        if (changed.isEmpty()) pending.remove(watched.appId());
    }

    private void reload(String appId, Set<Path> changed) {
        try {
            host.reload(appId, changed);
        } catch (RuntimeException e) {
            log.warn("app {}: reloading the functions failed: {}", appId, e.toString());
        }
    }

    /** Stops watching. */
    @Override
    public void close() {
        thread.interrupt();
        try {
            service.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
