package dev.homebase.server.project;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema reload while serving (development, like the functions' hot reload): watches every app's
 * entities folder (and its parent, to notice the folder being created or replaced) and, once the
 * changes have settled for the debounce time, has the {@link EntityReloader} read the app's entity
 * files again. Runs on one daemon thread until closed. Thread-safe.
 *
 * <pre>{@code
 * try (EntityWatcher w = EntityWatcher.start(reloader, Duration.ofMillis(200))) { ... serve ... }
 * }</pre>
 */
public final class EntityWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EntityWatcher.class);

    /** A watched folder: whose app it belongs to, and whether it is the entities folder itself. */
    private record Watched(String appId, Path dir, boolean entities) {}

    private final EntityReloader reloader;
    private final Duration debounce;
    private final WatchService service;
    private final Map<WatchKey, Watched> keys = new HashMap<>(); // only the watcher thread touches it after start
    private final Map<String, Path> entityDirs;
    private final Thread thread;

    private EntityWatcher(EntityReloader reloader, Duration debounce) throws IOException {
        this.reloader = reloader;
        this.debounce = debounce;
        this.service = FileSystems.getDefault().newWatchService();
        this.entityDirs = reloader.entityDirs();
        entityDirs.forEach((appId, dir) -> {
            register(appId, dir.getParent(), false);
            register(appId, dir, true);
        });
        this.thread = Thread.ofPlatform().daemon().name("entity-watcher").unstarted(this::run);
    }

    /**
     * Starts watching the entities folders of every app {@code reloader} serves.
     *
     * @param debounce how long changes must be quiet before a reload (an editor's save is several events)
     * @throws java.io.UncheckedIOException when the file system cannot be watched
     */
    public static EntityWatcher start(EntityReloader reloader, Duration debounce) {
        try {
            EntityWatcher w = new EntityWatcher(reloader, debounce);
            w.thread.start();
            return w;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot watch the entities folders", e);
        }
    }

    private void register(String appId, Path dir, boolean entities) {
        if (dir == null || !Files.isDirectory(dir)) return;
        try {
            WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            keys.put(key, new Watched(appId, dir, entities));
        } catch (IOException | ClosedWatchServiceException e) {
            log.debug("app {}: cannot watch {}: {}", appId, dir, e.toString());
        }
    }

    private void run() {
        Set<String> pending = new LinkedHashSet<>();
        try {
            while (true) {
                WatchKey key = pending.isEmpty() ? service.take() : service.poll(debounce.toMillis(), TimeUnit.MILLISECONDS);
                if (key == null) { // quiet for the debounce time: apply what gathered
                    pending.forEach(this::reload);
                    pending.clear();
                    continue;
                }
                Watched watched = keys.get(key);
                if (watched != null) collect(watched, key, pending);
                if (!key.reset()) keys.remove(key);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private void collect(Watched watched, WatchKey key, Set<String> pending) {
        Path entities = entityDirs.get(watched.appId());
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                pending.add(watched.appId()); // events were lost: read everything again
                continue;
            }
            Path path = watched.dir().resolve((Path) event.context());
            if (watched.entities()) {
                pending.add(watched.appId());
            } else if (path.equals(entities)) { // the folder itself appeared, went, or was replaced
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) register(watched.appId(), entities, true);
                pending.add(watched.appId());
            }
        }
    }

    private void reload(String appId) {
        try {
            reloader.reload(appId);
        } catch (RuntimeException e) {
            log.warn("app {}: reloading the entities failed: {}", appId, e.toString());
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
