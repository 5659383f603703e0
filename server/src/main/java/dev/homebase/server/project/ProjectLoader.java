package dev.homebase.server.project;

import dev.homebase.server.entity.EntitySchema;
import dev.homebase.server.entity.SchemaException;
import dev.homebase.server.entity.SchemaParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a Base44 project folder the way the Base44 CLI does.
 *
 * <ul>
 *   <li>{@code base44/config.jsonc} (or {@code config.json}; optional): {@code name},
 *       {@code strictValidation}, {@code entitiesDir} (default {@code entities}, relative to
 *       {@code base44/}) and {@code site.outputDirectory}, which is resolved against the
 *       <em>project folder</em> (the parent of {@code base44/}), as the CLI's
 *       {@code site deploy} does with {@code resolve(project.root, outputDirectory)}; also
 *       {@code visibility}, {@code description} and {@code icon}, validated here and read with
 *       {@link AppSettings}.</li>
 *   <li>{@code base44/.app.jsonc}: the app id; created with a random 24-hex id when absent.</li>
 *   <li>every {@code *.json} / {@code *.jsonc} file directly in the entities folder (dot-files
 *       skipped, read in file-name order), one entity each; names must be unique
 *       case-insensitively.</li>
 * </ul>
 *
 * <pre>{@code
 * Project project = ProjectLoader.load(Path.of("my-app"));
 * Optional<EntitySchema> task = project.entity("task");
 * }</pre>
 */
public final class ProjectLoader {
    private ProjectLoader() {}

    /**
     * Loads the project in {@code projectDir} (the folder containing {@code base44/}).
     *
     * @throws ProjectException with a one-line message naming the file and the problem
     */
    public static Project load(Path projectDir) {
        if (!Files.isDirectory(projectDir)) throw new ProjectException(projectDir + ": project folder not found");
        Path base = projectDir.resolve("base44");
        if (!Files.isDirectory(base)) throw new ProjectException(projectDir + ": no base44/ folder (not a Base44 project)");
        ProjectConfig config = ProjectConfig.read(base);
        String appId = AppIdFile.readOrCreate(base);
        Map<String, EntitySchema> entities = loadEntities(base.resolve(config.entitiesDir()), config.strictValidation());
        Optional<Path> siteDir = Optional.ofNullable(config.siteOutputDirectory())
                .map(out -> projectDir.toAbsolutePath().resolve(out).normalize())
                .filter(Files::isDirectory);
        Map<String, dev.homebase.server.config.OAuthProviderSettings> providers = new LinkedHashMap<>();
        config.authProviders().forEach(p -> providers.put(p.name(), p));
        return new Project(projectDir.toAbsolutePath().normalize(), appId, config.name(), config.strictValidation(),
                entities, siteDir, providers);
    }

    private static Map<String, EntitySchema> loadEntities(Path dir, boolean strict) {
        Map<String, EntitySchema> entities = new LinkedHashMap<>();
        if (!Files.exists(dir)) return entities; // the CLI treats a missing folder as no entities
        if (!Files.isDirectory(dir)) throw new ProjectException(dir + ": entities folder is not a directory");
        Map<String, Path> origins = new HashMap<>();
        for (Path file : schemaFiles(dir)) {
            EntitySchema schema;
            try {
                schema = SchemaParser.parse(JsoncReader.read(file), file.toString(), strict);
            } catch (SchemaException e) {
                throw new ProjectException(e.getMessage(), e);
            }
            String key = schema.name().toLowerCase(Locale.ROOT);
            EntitySchema earlier = entities.get(key);
            if (earlier != null) {
                throw new ProjectException(file + ": entity name \"" + schema.name() + "\" is already used by \""
                        + earlier.name() + "\" in " + origins.get(key) + " (names are compared case-insensitively)");
            }
            entities.put(key, schema);
            origins.put(key, file);
        }
        return entities;
    }

    /** The schema files in {@code dir}: {@code *.json(c)}, no dot-files, by name (also what {@link EntityReloader} watches). */
    static List<Path> schemaFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> {
                        String name = file.getFileName().toString();
                        return !name.startsWith(".") && (name.endsWith(".json") || name.endsWith(".jsonc"));
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ProjectException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }
}
