package dev.homebase.server.project;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.homebase.server.entity.EntitySchema;
import dev.homebase.server.entity.SchemaException;
import dev.homebase.server.entity.SchemaParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads a project's {@code base44/} folder. PLACEHOLDER: minimal version. */
public final class ProjectLoader {
    private static final JsonMapper JSONC = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private ProjectLoader() {}

    /** Loads the project in {@code dir}. @throws ProjectException naming the bad file */
    public static Project load(Path dir) {
        Path base = dir.resolve("base44");
        if (!Files.isDirectory(base)) throw new ProjectException(dir + ": no base44/ folder");
        JsonNode config = Files.exists(base.resolve("config.jsonc")) ? read(base.resolve("config.jsonc")) : JSONC.createObjectNode();
        Path appFile = base.resolve(".app.jsonc");
        String appId;
        if (Files.exists(appFile)) {
            appId = read(appFile).path("id").asText();
        } else {
            byte[] b = new byte[12];
            new SecureRandom().nextBytes(b);
            appId = HexFormat.of().formatHex(b);
            try {
                Files.writeString(appFile, "{\n  \"id\": \"" + appId + "\"\n}\n");
            } catch (IOException e) {
                throw new ProjectException(appFile + ": cannot write", e);
            }
        }
        Map<String, EntitySchema> entities = new LinkedHashMap<>();
        Path entDir = base.resolve("entities");
        if (Files.isDirectory(entDir)) {
            try (Stream<Path> files = Files.list(entDir)) {
                for (Path f : files.sorted().filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".jsonc")).toList()) {
                    try {
                        EntitySchema s = SchemaParser.parse(read(f), f.toString());
                        entities.put(s.name().toLowerCase(Locale.ROOT), s);
                    } catch (SchemaException e) {
                        throw new ProjectException(e.getMessage(), e);
                    }
                }
            } catch (IOException e) {
                throw new ProjectException(entDir + ": cannot list", e);
            }
        }
        String out = config.path("site").path("outputDirectory").asText("");
        Optional<Path> site = out.isEmpty() ? Optional.empty() : Optional.of(dir.resolve(out).normalize()).filter(Files::isDirectory);
        return new Project(dir, appId, config.path("name").asText(""), config.path("strictValidation").asBoolean(false), entities, site);
    }

    private static JsonNode read(Path f) {
        try {
            return JSONC.readTree(f.toFile());
        } catch (IOException e) {
            throw new ProjectException(f + ": " + e.getMessage(), e);
        }
    }
}
