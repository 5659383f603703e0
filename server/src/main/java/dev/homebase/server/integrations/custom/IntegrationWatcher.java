package dev.homebase.server.integrations.custom;

import dev.homebase.server.internal.FolderWatcher;
import java.io.IOException;
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
 * Hot reload of custom integrations (development): watches every app's {@code base44/integrations/} (and
 * {@code base44/}, to notice that folder appear) and, once changes have settled for the debounce time, has the
 * {@link CustomIntegrationService} {@linkplain CustomIntegrationService#reload read the app's files again}. A
 * bad file is logged with its message and the integrations served before stay. Runs on one daemon thread until
 * closed. Thread-safe.
 *
 * <pre>{@code
 * try (IntegrationWatcher w = IntegrationWatcher.start(service, Duration.ofMillis(200))) { ... serve ... }
 * }</pre>
 */
public final class IntegrationWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IntegrationWatcher.class);

    /** A watched folder: whose app it belongs to, and whether it is the integrations folder itself. */
    private record Watched(String appId, boolean integrations) {}

    private final CustomIntegrationService service;
    private final Map<String, Path> folders = new LinkedHashMap<>();
    private final Set<String> pending = new LinkedHashSet<>(); // only the watcher thread touches it
    private final FolderWatcher<Watched> watcher;

    private IntegrationWatcher(CustomIntegrationService service, Duration debounce) throws IOException {
        this.service = service;
        this.watcher = new FolderWatcher<>("integration-watcher", debounce, this::collect, this::reloadPending);
        service.projectDirs().forEach((appId, dir) -> {
            Path base44 = dir.toAbsolutePath().normalize().resolve("base44");
            folders.put(appId, base44.resolve("integrations"));
            watcher.register(base44, new Watched(appId, false));
            watcher.register(base44.resolve("integrations"), new Watched(appId, true)); // skipped while it does not exist
        });
    }

    /**
     * Starts watching the integration folders of every app of {@code service}.
     *
     * @param debounce how long changes must be quiet before a reload (an editor's save is several events)
     * @throws java.io.UncheckedIOException when the file system cannot be watched
     */
    public static IntegrationWatcher start(CustomIntegrationService service, Duration debounce) {
        try {
            IntegrationWatcher w = new IntegrationWatcher(service, debounce);
            w.watcher.start();
            return w;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot watch the integrations folders", e);
        }
    }

    private boolean collect(Watched watched, Path dir, List<WatchEvent<?>> events) {
        Path integrations = folders.get(watched.appId());
        for (WatchEvent<?> event : events) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW || watched.integrations()) {
                pending.add(watched.appId());
                continue;
            }
            if (dir.resolve((Path) event.context()).equals(integrations)) { // the folder itself appeared, went, or was replaced
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) watcher.register(integrations, new Watched(watched.appId(), true));
                pending.add(watched.appId());
            }
        }
        return !pending.isEmpty();
    }

    private void reloadPending() {
        for (String appId : pending) {
            try {
                log.info("app {}: custom integrations reloaded: {}", appId, service.reload(appId));
            } catch (RuntimeException e) {
                log.warn("app {}: reloading the custom integrations failed, the previous ones stay: {}", appId, e.getMessage());
            }
        }
        pending.clear();
    }

    /** Stops watching. */
    @Override
    public void close() {
        watcher.close();
    }
}
