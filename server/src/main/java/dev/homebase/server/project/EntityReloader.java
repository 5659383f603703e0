package dev.homebase.server.project;

import dev.homebase.server.entity.AccessRules;
import dev.homebase.server.entity.EntitySchema;
import dev.homebase.server.entity.SchemaException;
import dev.homebase.server.entity.SchemaParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an app's entity files ({@code base44/entities/*.jsonc}) again while the server runs and serves
 * what they now say: new entities become available, deleted ones unknown (their records stay in the
 * database), edited ones are validated and ruled by their new schema; the declared indexes follow
 * (through the {@code indexes} callback, before the new schemas are served). Realtime uses the same
 * {@link Apps}, so its next event is checked with the new rules.
 *
 * <p>A file that does not parse, whose rules do not compile or whose entity name another file already
 * uses keeps its last good schema (a new file with an error is left out), with one WARN line naming
 * the file; the other files' changes still apply. Each reload replaces the app's {@link Apps.HostedApp}
 * snapshot at once: a request in flight finishes with the schemas it started with. Parsing is
 * {@link SchemaParser}'s; this class only decides what to serve. Thread-safe (reloads run one at a time).
 *
 * <pre>{@code
 * EntityReloader reloader = new EntityReloader(apps, (appId, schemas) -> syncIndexes(appId, schemas));
 * reloader.reload(appId); // after the files changed, e.g. from an EntityWatcher
 * }</pre>
 */
public final class EntityReloader {
    private static final Logger log = LoggerFactory.getLogger(EntityReloader.class);

    /** What one reload changed, by entity name; all empty when nothing did. */
    public record Outcome(List<String> added, List<String> changed, List<String> removed, List<String> failedFiles) {
        static final Outcome NONE = new Outcome(List.of(), List.of(), List.of(), List.of());

        /** Whether the served schemas changed. */
        public boolean applied() {
            return !added.isEmpty() || !changed.isEmpty() || !removed.isEmpty();
        }
    }

    /** A file's content when it last parsed, and its schema then. */
    private record Loaded(byte[] content, EntitySchema schema) {}

    private final Apps apps;
    private final BiConsumer<String, Collection<EntitySchema>> indexes;
    private final Map<String, Map<Path, Loaded>> lastGood = new HashMap<>(); // guarded by this

    /**
     * @param indexes keeps an app's declared indexes in the database for the given schemas (all of the
     *     app's entities); throws to refuse the reload
     */
    public EntityReloader(Apps apps, BiConsumer<String, Collection<EntitySchema>> indexes) {
        this.apps = apps;
        this.indexes = indexes;
        for (Apps.HostedApp app : apps.all()) {
            // What each file held at start (for files that still say the same): the last good schema of a file
            // that breaks before its first reload.
            Map<Path, Loaded> files = new LinkedHashMap<>();
            Project p = app.project();
            try {
                for (Path file : schemaFiles(entitiesDir(p))) {
                    try {
                        byte[] content = Files.readAllBytes(file);
                        EntitySchema schema = SchemaParser.parse(JsoncReader.read(file), file.toString(), p.strictValidation());
                        EntitySchema served = p.entities().get(key(schema));
                        if (served != null && same(schema, served)) files.put(file, new Loaded(content, served));
                    } catch (IOException | RuntimeException e) {
                        // changed since the start: the next reload reports it
                    }
                }
            } catch (ProjectException e) {
                // no readable entities folder: every file counts as new on the next reload
            }
            lastGood.put(p.appId(), files);
        }
    }

    /** The entities folder of every hosted app, by app id (where the files are looked for now). */
    public Map<String, Path> entityDirs() {
        Map<String, Path> out = new LinkedHashMap<>();
        for (Apps.HostedApp app : apps.all()) {
            try {
                out.put(app.project().appId(), entitiesDir(app.project()));
            } catch (ProjectException e) {
                out.put(app.project().appId(), app.project().dir().resolve("base44").resolve("entities"));
            }
        }
        return out;
    }

    /**
     * Reads the entity files of {@code appId} again and serves them from now on.
     *
     * @throws UnknownAppException when this server does not host the app
     */
    public synchronized Outcome reload(String appId) {
        Project current = apps.require(appId).project();
        List<Path> files;
        try {
            files = schemaFiles(entitiesDir(current));
        } catch (ProjectException e) {
            log.warn("app {}: entities not reloaded: {}", appId, e.getMessage());
            return Outcome.NONE;
        }
        Map<Path, Loaded> before = lastGood.getOrDefault(appId, Map.of());
        Map<Path, Loaded> kept = new LinkedHashMap<>();
        Map<String, EntitySchema> schemas = new LinkedHashMap<>();
        Map<String, Path> origins = new HashMap<>();
        List<String> failed = new ArrayList<>();
        for (Path file : files) {
            Loaded previous = before.get(file);
            Loaded loaded;
            try {
                loaded = load(file, previous, current.strictValidation());
            } catch (ProjectException | SchemaException e) {
                keepLastGood(appId, file, previous, message(file, e));
                failed.add(file.getFileName().toString());
                loaded = previous;
            }
            if (loaded == null) continue;
            String key = key(loaded.schema());
            if (schemas.containsKey(key)) {
                keepLastGood(appId, file, null, "entity name \"" + loaded.schema().name() + "\" is already used by "
                        + origins.get(key).getFileName() + " (names are compared case-insensitively)");
                failed.add(file.getFileName().toString());
                continue;
            }
            schemas.put(key, loaded.schema());
            origins.put(key, file);
            kept.put(file, loaded);
        }
        lastGood.put(appId, kept);
        Outcome outcome = compare(current.entities(), schemas, failed);
        if (!outcome.applied()) return outcome;
        try {
            indexes.accept(appId, schemas.values());
        } catch (RuntimeException e) {
            log.warn("app {}: entities not reloaded: their indexes could not be updated: {}", appId, e.getMessage());
            return new Outcome(List.of(), List.of(), List.of(), failed);
        }
        apps.replace(current.withEntities(schemas));
        log.info("app {}: entities reloaded ({} served{}{}{})", appId, schemas.size(), list("added", outcome.added()),
                list("changed", outcome.changed()), list("removed", outcome.removed()));
        return outcome;
    }

    /** The file's schema: the last one when its content is unchanged, else parsed and its rules compiled. */
    private static Loaded load(Path file, Loaded previous, boolean strict) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ProjectException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (previous != null && Arrays.equals(previous.content(), content)) return previous;
        EntitySchema schema = SchemaParser.parse(JsoncReader.read(file), file.toString(), strict);
        AccessRules.of(schema); // a rule that does not compile is an error of this file
        return new Loaded(content, schema);
    }

    private static void keepLastGood(String appId, Path file, Loaded previous, String why) {
        log.warn("app {}: entity file {} has an error, {}: {}", appId, file,
                previous == null ? "left out" : "keeping its last good schema", why);
    }

    /** The problem without the file name the message may start with (the log line names the file). */
    private static String message(Path file, RuntimeException e) {
        String m = Objects.requireNonNullElse(e.getMessage(), e.toString());
        String prefix = file + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static Outcome compare(Map<String, EntitySchema> before, Map<String, EntitySchema> after, List<String> failed) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        after.forEach((key, schema) -> {
            EntitySchema old = before.get(key);
            if (old == null) added.add(schema.name());
            else if (!same(old, schema)) changed.add(schema.name());
        });
        before.forEach((key, schema) -> {
            if (!after.containsKey(key)) removed.add(schema.name());
        });
        return new Outcome(List.copyOf(added), List.copyOf(changed), List.copyOf(removed), List.copyOf(failed));
    }

    /**
     * Whether two schemas say the same. NB: not {@code equals} alone: a field's {@code pattern} is a
     * compiled {@link java.util.regex.Pattern}, which compares by identity; the record's text shows its source.
     */
    private static boolean same(EntitySchema a, EntitySchema b) {
        return a.equals(b) || a.toString().equals(b.toString());
    }

    private static String list(String what, List<String> names) {
        return names.isEmpty() ? "" : "; " + what + " " + String.join(", ", names);
    }

    private static String key(EntitySchema schema) {
        return schema.name().toLowerCase(Locale.ROOT);
    }

    /** The project's entities folder, as {@code config.jsonc} names it now. */
    static Path entitiesDir(Project p) {
        Path base44 = p.dir().resolve("base44");
        return base44.resolve(ProjectConfig.read(base44).entitiesDir());
    }

    /** The schema files in {@code dir} as {@link ProjectLoader} takes them: {@code *.json(c)}, no dot-files, by name. */
    private static List<Path> schemaFiles(Path dir) {
        if (!Files.exists(dir)) return List.of();
        if (!Files.isDirectory(dir)) throw new ProjectException(dir + ": entities folder is not a directory");
        return ProjectLoader.schemaFiles(dir);
    }
}
