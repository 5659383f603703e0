package dev.homebase.server.project;

import dev.homebase.server.entity.AccessRules;
import dev.homebase.server.entity.EntitySchema;
import dev.homebase.server.entity.RecordValidator;
import dev.homebase.server.entity.SchemaException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The apps this server hosts, by app id, each with what is derived from its project once. Shared by
 * the HTTP API, realtime and functions. Thread-safe.
 *
 * <p>Each {@link HostedApp} is an immutable snapshot: a request (or a realtime event) that looked its
 * app up once works with one consistent set of schemas, validator and rules to its end. A reload of the
 * entity files ({@link EntityReloader}) {@linkplain #replace replaces} the snapshot for later lookups.
 */
public final class Apps {

    /** One hosted app: its project and what is derived from it once (validator, access rules). */
    public record HostedApp(Project project, RecordValidator validator, Map<String, AccessRules> rules) {

        /** The access rules of an entity of this app (by canonical name). */
        public AccessRules rules(EntitySchema schema) {
            return rules.get(schema.name());
        }
    }

    private volatile Map<String, HostedApp> byId; // replaced whole, never changed in place

    public Apps(List<Project> projects) {
        Map<String, HostedApp> apps = new LinkedHashMap<>();
        for (Project p : projects) {
            if (apps.putIfAbsent(p.appId(), host(p)) != null) {
                throw new IllegalArgumentException("Two projects have the same app id " + p.appId());
            }
        }
        this.byId = Collections.unmodifiableMap(apps);
    }

    /** The app of {@code p}, its rules compiled. @throws ProjectException naming the project for a rule that does not compile */
    private static HostedApp host(Project p) {
        Map<String, AccessRules> rules = new LinkedHashMap<>();
        for (EntitySchema schema : p.entities().values()) {
            try {
                rules.put(schema.name(), AccessRules.of(schema));
            } catch (SchemaException e) {
                throw new ProjectException(p.dir() + ": " + e.getMessage(), e);
            }
        }
        return new HostedApp(p, new RecordValidator(p.strictValidation()), Map.copyOf(rules));
    }

    /**
     * Serves {@code project} (an app already hosted, with other entity schemas) from now on; lookups
     * made before keep their snapshot.
     *
     * @return the new snapshot
     * @throws ProjectException for a rule that does not compile (nothing is replaced)
     * @throws UnknownAppException when this server does not host the app
     */
    public synchronized HostedApp replace(Project project) {
        if (!byId.containsKey(project.appId())) throw new UnknownAppException(project.appId());
        HostedApp hosted = host(project);
        Map<String, HostedApp> next = new LinkedHashMap<>(byId);
        next.put(project.appId(), hosted);
        byId = Collections.unmodifiableMap(next);
        return hosted;
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
