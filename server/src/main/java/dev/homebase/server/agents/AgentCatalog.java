package dev.homebase.server.agents;

import dev.homebase.server.project.ProjectException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents of the hosted apps: every {@code base44/agents/*.jsonc} (and {@code *.json}) of each project, read and
 * checked at start (a bad file stops the start with a message naming it) and again on {@link #reload} (a bad file
 * then keeps the agents as they were, and the problem is logged). Thread-safe.
 */
public final class AgentCatalog {
    private static final Logger log = LoggerFactory.getLogger(AgentCatalog.class);

    private final Map<String, Path> projectDirs;
    private final Map<String, Map<String, AgentConfig>> agents = new ConcurrentHashMap<>();

    /**
     * Reads every app's agents.
     *
     * @param projectDirs app id → project folder (the one holding {@code base44/})
     * @throws ProjectException for a bad agent file, naming it
     */
    public AgentCatalog(Map<String, Path> projectDirs) {
        this.projectDirs = Map.copyOf(projectDirs);
        projectDirs.forEach((appId, dir) -> agents.put(appId, read(dir)));
    }

    /** The agent {@code name} of {@code appId}. */
    public Optional<AgentConfig> find(String appId, String name) {
        return Optional.ofNullable(agents.getOrDefault(appId, Map.of()).get(name));
    }

    /** The agents of {@code appId} by name. */
    public Map<String, AgentConfig> all(String appId) {
        return agents.getOrDefault(appId, Map.of());
    }

    /** The project folders, by app id (what the watcher watches). */
    Map<String, Path> projectDirs() {
        return projectDirs;
    }

    /**
     * Reads the agents of {@code appId} again; a bad file keeps the previous agents (logged).
     *
     * @return whether the new files were taken
     */
    public boolean reload(String appId) {
        Path dir = projectDirs.get(appId);
        if (dir == null) return false;
        try {
            Map<String, AgentConfig> now = read(dir);
            agents.put(appId, now);
            log.info("app {}: agents reloaded ({})", appId, String.join(", ", now.keySet()));
            return true;
        } catch (ProjectException e) {
            log.warn("app {}: agents not reloaded, the previous ones stay: {}", appId, e.getMessage());
            return false;
        }
    }

    /** The folder holding an app's agent files. */
    static Path folder(Path projectDir) {
        return projectDir.resolve("base44").resolve("agents");
    }

    private static Map<String, AgentConfig> read(Path projectDir) {
        Path folder = folder(projectDir);
        Map<String, AgentConfig> out = new TreeMap<>();
        if (!Files.isDirectory(folder)) return Map.copyOf(out);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                String n = file.getFileName().toString();
                if (!Files.isRegularFile(file) || !(n.endsWith(".jsonc") || n.endsWith(".json"))) continue;
                AgentConfig agent = AgentConfig.read(file);
                AgentConfig before = out.put(agent.name(), agent);
                if (before != null) throw new ProjectException(file + ": another file in " + folder + " already names the agent \"" + agent.name() + "\"");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        return Map.copyOf(out);
    }
}
