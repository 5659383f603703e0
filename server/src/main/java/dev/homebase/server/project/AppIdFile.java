package dev.homebase.server.project;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The app id in {@code base44/.app.jsonc} ({@code .app.json} is read too): read it, or create the
 * file with a new random 24-hex id when there is none, so a project keeps its id across restarts.
 */
final class AppIdFile {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The id goes into URLs unescaped (§4), so only URL-safe characters are accepted. */
    private static final Pattern SAFE_ID = Pattern.compile("^[A-Za-z0-9_-]+$");

    private AppIdFile() {}

    /** The app id of the project whose {@code base44/} folder is {@code base44Dir}. @throws ProjectException */
    static String readOrCreate(Path base44Dir) {
        Path file = base44Dir.resolve(".app.jsonc");
        if (!Files.exists(file) && Files.exists(base44Dir.resolve(".app.json"))) file = base44Dir.resolve(".app.json");
        if (Files.exists(file)) return read(file);
        String id = HexFormat.of().formatHex(randomBytes());
        String content = """
                // Homebase app configuration: links this project to its app id.
                // Created by Homebase because the file was missing; keep it to keep the id.
                {
                  "id": "%s"
                }
                """.formatted(id);
        try {
            // CREATE_NEW: if another process created the file meanwhile, use its id instead.
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return id;
        } catch (FileAlreadyExistsException raced) {
            return read(file);
        } catch (IOException e) {
            throw new ProjectException(file + ": cannot create (" + e.getMessage() + ")", e);
        }
    }

    private static String read(Path file) {
        JsonNode id = JsoncReader.readObject(file).get("id");
        if (id == null || id.isNull() || (id.isTextual() && id.asText().isBlank())) {
            throw new ProjectException(file + ": \"id\" is missing or blank (delete the file to get a new app id)");
        }
        if (!id.isTextual()) throw new ProjectException(file + ": \"id\" must be a string");
        if (!SAFE_ID.matcher(id.asText()).matches()) {
            throw new ProjectException(file + ": \"id\" may contain only letters, digits, '-' and '_', got \"" + id.asText() + "\"");
        }
        return id.asText();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
