package dev.homebase.server.agents;

import dev.homebase.server.internal.FolderWatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Hot reload of agent files: watches every app's {@code base44/} and {@code base44/agents/} and, once changes have
 * settled for the debounce time, has the {@link AgentCatalog} read the app's agents again. One daemon thread.
 *
 * <pre>{@code
 * try (AgentWatcher w = AgentWatcher.start(catalog, Duration.ofMillis(200))) { ... serve ... }
 * }</pre>
 */
public final class AgentWatcher implements AutoCloseable {
    private final AgentCatalog catalog;
    private final Set<String> pending = new LinkedHashSet<>(); // only the watcher thread touches it
    private final FolderWatcher<String> watcher; // each folder tagged with its app id

    private AgentWatcher(AgentCatalog catalog, Duration debounce) throws IOException {
        this.catalog = catalog;
        this.watcher = new FolderWatcher<>("agent-watcher", debounce, this::collect, this::reloadPending);
        catalog.projectDirs().forEach((appId, dir) -> {
            Path base44 = dir.toAbsolutePath().normalize().resolve("base44");
            watcher.register(base44, appId); // notices agents/ being created
            watcher.registerTree(base44.resolve("agents"), 1, d -> appId);
        });
    }

    /**
     * Starts watching the agent folders of every app of {@code catalog}.
     *
     * @throws UncheckedIOException when the file system cannot be watched
     */
    public static AgentWatcher start(AgentCatalog catalog, Duration debounce) {
        try {
            AgentWatcher w = new AgentWatcher(catalog, debounce);
            w.watcher.start();
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch the agents folders", e);
        }
    }

    private boolean collect(String appId, Path dir, List<WatchEvent<?>> events) {
        for (WatchEvent<?> event : events) {
            Path path = dir.resolve(String.valueOf(event.context()));
            if (dir.getFileName().toString().equals("base44")) {
                if (!path.getFileName().toString().equals("agents")) continue;
                watcher.registerTree(path, 1, d -> appId); // agents/ created while serving
            }
            pending.add(appId);
        }
        return !pending.isEmpty();
    }

    private void reloadPending() {
        pending.forEach(catalog::reload);
        pending.clear();
    }

    /** Stops watching. */
    @Override
    public void close() {
        watcher.close();
    }
}
