package dev.homebase.server.functions;

import dev.homebase.server.internal.FolderWatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    private final FunctionHost host;
    private final Map<String, Path> base44Dirs = new LinkedHashMap<>();
    private final Map<String, Set<Path>> pending = new LinkedHashMap<>(); // only the watcher thread touches it
    private final FolderWatcher<String> watcher; // each folder tagged with its app id

    private FunctionWatcher(FunctionHost host, Duration debounce) throws IOException {
        this.host = host;
        this.watcher = new FolderWatcher<>("function-watcher", debounce, this::collect, this::reloadPending);
        host.projectDirs().forEach((appId, dir) -> {
            Path base44 = dir.toAbsolutePath().normalize().resolve("base44");
            base44Dirs.put(appId, base44);
            watcher.register(base44, appId); // notices functions/ or shared/ being created
            watcher.registerTree(base44.resolve("functions"), MAX_DEPTH, d -> appId);
            watcher.registerTree(base44.resolve("shared"), MAX_DEPTH, d -> appId);
        });
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
            w.watcher.start();
            return w;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot watch the functions folders", e);
        }
    }

    private boolean collect(String appId, Path dir, List<WatchEvent<?>> events) {
        Path base44 = base44Dirs.get(appId);
        Set<Path> changed = pending.computeIfAbsent(appId, a -> new LinkedHashSet<>());
        for (WatchEvent<?> event : events) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                changed.add(base44); // events were lost: everything of the app may have changed
                continue;
            }
            Path path = dir.resolve((Path) event.context());
            boolean top = dir.equals(base44);
            if (top && !path.equals(base44.resolve("functions")) && !path.equals(base44.resolve("shared"))) continue;
            changed.add(top ? base44 : path);
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(path)) {
                watcher.registerTree(path, MAX_DEPTH, d -> appId); // a new function folder, or a new folder inside one
            }
        }
        if (changed.isEmpty()) pending.remove(appId);
        return !pending.isEmpty();
    }

    private void reloadPending() {
        pending.forEach(this::reload);
        pending.clear();
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
        watcher.close();
    }
}
