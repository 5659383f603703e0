package dev.homebase.server.project;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The keys of {@code base44/config.jsonc} (or {@code config.json}) that Homebase uses. Other keys
 * are ignored, as the Base44 CLI does.
 *
 * @param file the config file read, or null when the project has none
 * @param name {@code name}, empty when absent
 * @param strictValidation {@code strictValidation} (a Homebase extension), false when absent
 * @param entitiesDir {@code entitiesDir}, default {@code entities}, relative to the config's folder
 * @param siteOutputDirectory {@code site.outputDirectory}, or null when absent
 */
record ProjectConfig(Path file, String name, boolean strictValidation, String entitiesDir, String siteOutputDirectory) {

    /** Reads the config in {@code base44Dir}; no file gives the defaults. @throws ProjectException */
    static ProjectConfig read(Path base44Dir) {
        Path file = base44Dir.resolve("config.jsonc");
        if (!Files.exists(file)) file = base44Dir.resolve("config.json");
        if (!Files.exists(file)) return new ProjectConfig(null, "", false, "entities", null);
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
        return new ProjectConfig(file, name == null ? "" : name, strict != null && strict.asBoolean(),
                entitiesDir == null ? "entities" : entitiesDir, output);
    }

    private static String optionalString(JsonNode json, String key, Path file) {
        JsonNode node = json.get(key);
        if (node == null || node.isNull()) return null;
        if (!node.isTextual()) throw new ProjectException(file + ": \"" + key + "\" must be a string");
        return node.asText();
    }
}
