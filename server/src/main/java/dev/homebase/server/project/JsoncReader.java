package dev.homebase.server.project;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads JSONC files (JSON with {@code //} and {@code /* *}{@code /} comments and trailing commas)
 * as the Base44 CLI does, turning every problem into a one-line {@link ProjectException} naming
 * the file. Duplicate keys and content after the value are errors. Thread-safe.
 */
public final class JsoncReader {
    private static final JsonMapper JSONC = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsoncReader() {}

    /** The JSON object in {@code file}. @throws ProjectException if unreadable, invalid or not an object */
    public static JsonNode readObject(Path file) {
        JsonNode node = read(file);
        if (!node.isObject()) throw new ProjectException(file + ": must contain a JSON object");
        return node;
    }

    /** The JSON value in {@code file}. @throws ProjectException if unreadable, empty or invalid */
    static JsonNode read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ProjectException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        try {
            JsonNode node = JSONC.readTree(bytes);
            if (node == null || node.isMissingNode()) throw new ProjectException(file + ": file is empty");
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String why = e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " ");
            throw new ProjectException(file + ": invalid JSON" + where + ": " + why, e);
        } catch (IOException e) {
            throw new ProjectException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
