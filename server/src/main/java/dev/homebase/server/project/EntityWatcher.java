package dev.homebase.server.project;

import dev.homebase.server.internal.FolderWatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private record Watched(String appId, boolean entities) {}

    private final EntityReloader reloader;
    private final Map<String, Path> entityDirs;
    private final Set<String> pending = new LinkedHashSet<>(); // only the watcher thread touches it
    private final FolderWatcher<Watched> watcher;

    private EntityWatcher(EntityReloader reloader, Duration debounce) throws IOException {
        this.reloader = reloader;
        this.entityDirs = reloader.entityDirs();
        this.watcher = new FolderWatcher<>("entity-watcher", debounce, this::collect, this::reloadPending);
        entityDirs.forEach((appId, dir) -> {
            watcher.register(dir.getParent(), new Watched(appId, false));
            watcher.register(dir, new Watched(appId, true));
        });
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
            w.watcher.start();
            return w;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot watch the entities folders", e);
        }
    }

    private boolean collect(Watched watched, Path dir, List<WatchEvent<?>> events) {
        Path entities = entityDirs.get(watched.appId());
        for (WatchEvent<?> event : events) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                pending.add(watched.appId()); // events were lost: read everything again
                continue;
            }
            Path path = dir.resolve((Path) event.context());
            if (watched.entities()) {
                pending.add(watched.appId());
            } else if (path.equals(entities)) { // the folder itself appeared, went, or was replaced
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                    watcher.register(entities, new Watched(watched.appId(), true));
                }
                pending.add(watched.appId());
            }
        }
        return !pending.isEmpty();
    }

    private void reloadPending() {
        pending.forEach(this::reload);
        pending.clear();
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
        watcher.close();
    }
}
