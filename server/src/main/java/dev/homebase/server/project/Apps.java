package dev.homebase.server.project;

import dev.homebase.server.entity.AccessRules;
import dev.homebase.server.entity.EntitySchema;
import dev.homebase.server.entity.RecordValidator;
import dev.homebase.server.entity.SchemaException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The apps this server hosts, by app id, each with what is derived from its project once. Immutable
 * after start; shared by the HTTP API, realtime and functions.
 */
public final class Apps {

    /** One hosted app: its project and what is derived from it once (validator, access rules). */
    public record HostedApp(Project project, RecordValidator validator, Map<String, AccessRules> rules) {

        /** The access rules of an entity of this app (by canonical name). */
        public AccessRules rules(EntitySchema schema) {
            return rules.get(schema.name());
        }
    }

    private final Map<String, HostedApp> byId = new LinkedHashMap<>();

    public Apps(List<Project> projects) {
        for (Project p : projects) {
            Map<String, AccessRules> rules = new LinkedHashMap<>();
            for (EntitySchema schema : p.entities().values()) {
                try {
                    rules.put(schema.name(), AccessRules.of(schema));
                } catch (SchemaException e) {
                    throw new ProjectException(p.dir() + ": " + e.getMessage(), e);
                }
            }
            if (byId.putIfAbsent(p.appId(), new HostedApp(p, new RecordValidator(p.strictValidation()), Map.copyOf(rules))) != null) {
                throw new IllegalArgumentException("Two projects have the same app id " + p.appId());
            }
        }
    }

    /** The app with this id. */
    public Optional<HostedApp> find(String appId) {
        return Optional.ofNullable(byId.get(appId));
    }

    /** The app with this id. @throws UnknownAppException when this server does not host it */
    public HostedApp require(String appId) {
        return find(appId).orElseThrow(() -> new UnknownAppException(appId));
    }

    /** All hosted apps, in the order they were given. */
    public List<HostedApp> all() {
        return List.copyOf(byId.values());
    }
}
