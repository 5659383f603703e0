package dev.homebase.server.project;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.config.OAuthProviderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of {@code base44/config.jsonc} (or {@code config.json}) that Homebase uses. Other keys
 * are ignored, as the Base44 CLI does.
 *
 * @param file the config file read, or null when the project has none
 * @param name {@code name}, empty when absent
 * @param strictValidation {@code strictValidation} (a Homebase extension), false when absent
 * @param entitiesDir {@code entitiesDir}, default {@code entities}, relative to the config's folder
 * @param siteOutputDirectory {@code site.outputDirectory}, or null when absent
 * @param authProviders {@code auth.providers} (a Homebase extension): the app's social-login
 *     providers, in file order; entries with {@code "enabled": false}, or switched off by the
 *     contract's {@code auth.enable_<name>_login: false} (api-contract §2.8), are left out
 * @param visibility {@code visibility} ({@link Visibility}), {@link Visibility#PUBLIC_WITH_LOGIN} when absent
 * @param icon {@code icon} (a Homebase extension): the app's icon for the generated
 *     {@code manifest.json}, a URL or a path on the site; null when absent
 * @param description {@code description}, empty when absent
 */
record ProjectConfig(Path file, String name, boolean strictValidation, String entitiesDir, String siteOutputDirectory,
                     List<OAuthProviderSettings> authProviders, Visibility visibility, String icon, String description) {
    private static final Set<String> PROVIDER_KEYS = Set.of("issuer", "clientId", "clientSecretName", "scopes", "displayName", "enabled",
            "type", "authUrl", "apiUrl", "teamId", "keyId");

    /** Reads the config in {@code base44Dir}; no file gives the defaults. @throws ProjectException */
    static ProjectConfig read(Path base44Dir) {
        Path file = base44Dir.resolve("config.jsonc");
        if (!Files.exists(file)) file = base44Dir.resolve("config.json");
        if (!Files.exists(file)) {
            return new ProjectConfig(null, "", false, "entities", null, List.of(), Visibility.PUBLIC_WITH_LOGIN, null, "");
        }
        JsonNode json = JsoncReader.readObject(file);
        String name = optionalString(json, "name", file);
        JsonNode strict = json.get("strictValidation");
        if (strict != null && !strict.isNull() && !strict.isBoolean()) {
            throw new ProjectException(file + ": \"strictValidation\" must be true or false");
        }
        String entitiesDir = optionalString(json, "entitiesDir", file);
        if (entitiesDir != null && entitiesDir.isBlank()) throw new ProjectException(file + ": \"entitiesDir\" must not be blank");
        JsonNode site = json.get("site");
        String output = null;
        if (site != null && !site.isNull()) {
            if (!site.isObject()) throw new ProjectException(file + ": \"site\" must be an object");
            output = optionalString(site, "outputDirectory", file);
            if (output != null && output.isBlank()) output = null;
        }
        String visibility = optionalString(json, "visibility", file);
        Visibility parsed;
        try {
            parsed = visibility == null ? Visibility.PUBLIC_WITH_LOGIN : Visibility.parse(visibility);
        } catch (IllegalArgumentException e) {
            throw new ProjectException(file + ": " + e.getMessage());
        }
        String icon = optionalString(json, "icon", file);
        if (icon != null && icon.isBlank()) icon = null;
        String description = optionalString(json, "description", file);
        return new ProjectConfig(file, name == null ? "" : name, strict != null && strict.asBoolean(),
                entitiesDir == null ? "entities" : entitiesDir, output, providers(json.get("auth"), file), parsed,
                icon == null ? null : icon.trim(), description == null ? "" : description);
    }

    /**
     * {@code auth.providers}: name → {@code {type?, issuer? | authUrl?, apiUrl?, clientId, clientSecretName?, scopes?,
     * displayName?, teamId?, keyId?, enabled?}}, less the ones {@code auth.enable_<name>_login: false} turns off.
     */
    private static List<OAuthProviderSettings> providers(JsonNode auth, Path file) {
        if (auth == null || auth.isNull()) return List.of();
        if (!auth.isObject()) throw new ProjectException(file + ": \"auth\" must be an object");
        JsonNode providers = auth.get("providers");
        if (providers == null || providers.isNull()) return List.of();
        if (!providers.isObject()) throw new ProjectException(file + ": \"auth.providers\" must be an object");
        List<OAuthProviderSettings> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : providers.properties()) {
            String where = file + ": auth.providers." + e.getKey();
            JsonNode p = e.getValue();
            if (!p.isObject()) throw new ProjectException(where + " must be an object");
            if (p.has("clientSecret")) {
                throw new ProjectException(where + ": the client secret does not belong in config.jsonc; store it with "
                        + "./homebase secrets set " + e.getKey().toUpperCase(java.util.Locale.ROOT).replace('-', '_')
                        + ("apple".equals(e.getKey()) ? "_PRIVATE_KEY" : "_CLIENT_SECRET")
                        + "=... (or name another secret in \"clientSecretName\")");
            }
            for (var key : (Iterable<String>) p::fieldNames) {
                if (!PROVIDER_KEYS.contains(key)) throw new ProjectException(where + ": unknown key \"" + key + "\"");
            }
            JsonNode enabled = p.get("enabled");
            if (enabled != null && !enabled.isBoolean()) throw new ProjectException(where + ".enabled must be true or false");
            if (enabled != null && !enabled.asBoolean()) continue;
            String switchKey = "enable_" + e.getKey().toLowerCase(java.util.Locale.ROOT).replace('-', '_') + "_login";
            JsonNode switched = auth.get(switchKey);
            if (switched != null && !switched.isNull() && !switched.isBoolean()) {
                throw new ProjectException(file + ": auth." + switchKey + " must be true or false");
            }
            if (switched != null && switched.isBoolean() && !switched.asBoolean()) continue;
            if (p.has("issuer") && p.has("authUrl")) throw new ProjectException(where + ": give \"issuer\" or \"authUrl\", not both");
            List<String> scopes = null;
            JsonNode s = p.get("scopes");
            if (s != null && !s.isNull()) {
                if (!s.isArray()) throw new ProjectException(where + ".scopes must be an array of strings");
                scopes = new ArrayList<>();
                for (JsonNode scope : s) {
                    if (!scope.isTextual()) throw new ProjectException(where + ".scopes must be an array of strings");
                    scopes.add(scope.asText());
                }
            }
            try {
                OAuthProviderSettings settings = OAuthProviderSettings.withDefaults(e.getKey(),
                        p.has("authUrl") ? optionalString(p, "authUrl", file) : optionalString(p, "issuer", file),
                        optionalString(p, "clientId", file), optionalString(p, "clientSecretName", file), scopes,
                        optionalString(p, "displayName", file), optionalString(p, "type", file),
                        optionalString(p, "apiUrl", file), optionalString(p, "teamId", file), optionalString(p, "keyId", file));
                if (out.stream().anyMatch(o -> o.name().equals(settings.name()))) {
                    throw new ProjectException(where + ": provider names must be unique (case-insensitively)");
                }
                out.add(settings);
            } catch (IllegalArgumentException ex) {
                throw new ProjectException(where + ": " + ex.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private static String optionalString(JsonNode json, String key, Path file) {
        JsonNode node = json.get(key);
        if (node == null || node.isNull()) return null;
        if (!node.isTextual()) throw new ProjectException(file + ": \"" + key + "\" must be a string");
        return node.asText();
    }
}
