package dev.homebase.server.project;

import dev.homebase.server.config.OAuthProviderSettings;
import dev.homebase.server.entity.EntitySchema;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded Base44 project (see {@link ProjectLoader}): the app's id and name, its entity schemas
 * and its built site. Immutable and thread-safe.
 *
 * @param dir the project folder (the one containing {@code base44/}), absolute
 * @param appId the app id from {@code base44/.app.jsonc}
 * @param name the app name from {@code base44/config.jsonc} (may be empty)
 * @param strictValidation the {@code strictValidation} flag of {@code config.jsonc}
 * @param entities schemas by lower-cased name (entity names match case-insensitively), in file order
 * @param siteDir the built front end ({@code site.outputDirectory} resolved against {@link #dir}),
 *     present only when that folder exists
 * @param authProviders the app's social-login providers ({@code auth.providers} of
 *     {@code config.jsonc}) by name, in file order
 */
public record Project(Path dir, String appId, String name, boolean strictValidation,
                      Map<String, EntitySchema> entities, Optional<Path> siteDir,
                      Map<String, OAuthProviderSettings> authProviders) {

    /** Copies the maps so the project is immutable. */
    public Project {
        entities = Collections.unmodifiableMap(new LinkedHashMap<>(entities));
        authProviders = Collections.unmodifiableMap(new LinkedHashMap<>(authProviders));
    }

    /** The schema of {@code entityName}, matched case-insensitively. */
    public Optional<EntitySchema> entity(String entityName) {
        return Optional.ofNullable(entities.get(entityName.toLowerCase(Locale.ROOT)));
    }
}
