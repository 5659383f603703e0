package dev.homebase.server.project;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may call an app's integrations, from {@code "integrations"} in its {@code base44/config.jsonc}
 * (a Homebase extension, api-contract §7.1): by default a signed-in user or the service role; the
 * names in {@code "allowAnonymous"} (e.g. {@code ["UploadFile"]}) may also be called anonymously.
 * Like {@link AppSettings}, read when the server starts (a reload of the entity files does not change it).
 *
 * @param allowAnonymous the integration names anonymous callers may use ({@code Core} names such as
 *     {@code UploadFile}, {@code SendEmail}; {@code custom/<slug>} for a custom integration)
 */
public record IntegrationSettings(Set<String> allowAnonymous) {
    /** A Core name ({@code UploadFile}) or {@code custom/<slug>} for a custom integration (api-contract §7.4). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}|custom/[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    public IntegrationSettings {
        allowAnonymous = Set.copyOf(allowAnonymous);
    }

    /** Whether anonymous callers may use the integration {@code name}. */
    public boolean allowsAnonymous(String name) {
        return allowAnonymous.contains(name);
    }

    /** The settings of a loaded project. @throws ProjectException for a malformed {@code "integrations"} */
    public static IntegrationSettings of(Project project) {
        return of(project.dir().resolve("base44"));
    }

    /** The settings in a {@code base44/} folder; no config file (or no key) gives the defaults. @throws ProjectException */
    static IntegrationSettings of(Path base44Dir) {
        Path file = ProjectConfig.read(base44Dir).file();
        if (file == null) return new IntegrationSettings(Set.of());
        JsonNode integrations = JsoncReader.readObject(file).get("integrations");
        if (integrations == null || integrations.isNull()) return new IntegrationSettings(Set.of());
        if (!integrations.isObject()) throw new ProjectException(file + ": \"integrations\" must be an object");
        for (var key : (Iterable<String>) integrations::fieldNames) {
            if (!key.equals("allowAnonymous")) throw new ProjectException(file + ": integrations: unknown key \"" + key + "\"");
        }
        JsonNode list = integrations.get("allowAnonymous");
        Set<String> names = new LinkedHashSet<>();
        if (list != null && !list.isNull()) {
            if (!list.isArray()) throw new ProjectException(file + ": \"integrations.allowAnonymous\" must be an array of integration names");
            for (JsonNode n : list) {
                if (!n.isTextual() || !NAME.matcher(n.asText()).matches()) {
                    throw new ProjectException(file + ": \"integrations.allowAnonymous\" must be an array of integration names such as \"UploadFile\"");
                }
                names.add(n.asText());
            }
        }
        return new IntegrationSettings(names);
    }
}
