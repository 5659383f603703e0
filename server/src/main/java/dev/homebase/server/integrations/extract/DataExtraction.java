package dev.homebase.server.integrations.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.ai.AiException;
import dev.homebase.server.ai.SchemaCheck;
import dev.homebase.server.files.FileService;
import dev.homebase.server.files.FileStorage;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Core integration {@code ExtractDataFromUploadedFile} {@code {file_url, json_schema}} (api-contract §7.1).
 * Checklist: validate the body (400), locate the file in this server's storage ({@link FileUrls}: 400, 401,
 * 403, 404), read it (at most {@link ExtractLimits#maxBytes()}), then by its type: CSV, JSON and XLSX mapped
 * onto the schema without a model; PDF, DOCX, text files and images through the model with the schema.
 * Answers {@code {"status": "success", "details": null, "output": <data>}} with an object's fields also
 * spread at the top level (the envelope's own three keys win), or
 * {@code {"status": "error", "details": "<why>", "output": null}} when the file does not yield the data.
 * Thread-safe.
 *
 * <pre>{@code
 * DataExtraction extraction = new DataExtraction(files, ExtractLimits.DEFAULT, ai::extractStructured);
 * ObjectNode answer = extraction.extract("my-app", body, Set.of("http://127.0.0.1:4400"));
 * }</pre>
 */
public final class DataExtraction {
    private static final String PROMPT = "Extract the data that the JSON schema describes from the attached file. Answer with JSON "
            + "only. Use only what the file says: leave out (or set to null) what it does not say; never invent values.";
    private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg",
            "gif", "image/gif", "webp", "image/webp");
    private static final Set<String> TEXT = Set.of("txt", "md", "markdown", "html", "htm", "xml", "log");

    private final FileService files;
    private final FileUrls urls;
    private final ExtractLimits limits;
    private final ModelExtractor model;

    /** @param model the model path (InvokeLLM's provider, retries and errors) for PDF, DOCX and images */
    public DataExtraction(FileService files, ExtractLimits limits, ModelExtractor model) {
        this.files = files;
        this.urls = new FileUrls(files.signedUrls());
        this.limits = limits;
        this.model = model;
    }

    /**
     * Runs one request.
     *
     * @param ownOrigins this server's origins ({@code scheme://host:port}, lower case): file URLs must have one
     * @return the §7.1 envelope, success or error
     * @throws ExtractException for a refused request (4xx)
     * @throws AiException for a model provider failure (503 when none is configured, 429, 502, 504)
     */
    public ObjectNode extract(String appId, JsonNode body, Set<String> ownOrigins) {
        String fileUrl = fileUrl(body);
        JsonNode schema = schema(body);
        FileUrls.Located file = urls.locate(appId, fileUrl, ownOrigins);
        try {
            byte[] bytes = read(file);
            return success(run(appId, file.name(), bytes, schema));
        } catch (ExtractionFailed e) {
            return error(e.getMessage());
        }
    }

    private JsonNode run(String appId, String name, byte[] bytes, JsonNode schema) {
        String ext = extension(name);
        if (ext.isEmpty()) ext = sniff(bytes);
        JsonNode out = switch (ext) {
            case "csv" -> SchemaMapping.table(schema, TableReaders.csv(bytes, limits.maxRows(), ','));
            case "tsv" -> SchemaMapping.table(schema, TableReaders.csv(bytes, limits.maxRows(), '\t'));
            case "xlsx" -> SchemaMapping.table(schema, TableReaders.xlsx(bytes, limits.maxRows()));
            case "json" -> SchemaMapping.json(schema, parseJson(bytes), limits.maxRows());
            case "pdf" -> withModel(appId, schema, text("PDF", DocumentText.pdf(bytes)));
            case "docx" -> withModel(appId, schema, text("DOCX document", DocumentText.docx(bytes)));
            case "xls", "doc" -> throw new ExtractionFailed("." + ext + " files (the old binary Office format) cannot be read; save the "
                    + "file as ." + ext + "x and upload it again");
            default -> {
                if (IMAGE_TYPES.containsKey(ext)) yield withModel(appId, schema, image(IMAGE_TYPES.get(ext), bytes));
                if (TEXT.contains(ext)) yield withModel(appId, schema, text("text file", new String(bytes, StandardCharsets.UTF_8)));
                throw new ExtractionFailed("Files of type " + (ext.isEmpty() ? "(unknown)" : "." + ext) + " cannot be read: "
                        + "ExtractDataFromUploadedFile reads CSV, JSON, XLSX, PDF, DOCX, text files and images (PNG, JPEG, GIF, WebP)");
            }
        };
        List<String> errors = SchemaCheck.errors(schema, out);
        if (!errors.isEmpty()) throw new ExtractionFailed("The extracted data does not match json_schema: " + String.join("; ", errors));
        return out;
    }

    private JsonNode withModel(String appId, JsonNode schema, ObjectNode filePart) {
        ArrayNode content = Json.MAPPER.createArrayNode();
        content.addObject().put("type", "text").put("text", PROMPT);
        content.add(filePart);
        try {
            JsonNode out = model.extract(appId, content, schema);
            if (out == null || out.isNull()) throw new ExtractionFailed("The model found no data in the file");
            return out;
        } catch (AiException e) {
            // The model answered, but not with data that fits: the file's fault, not a failure of the service.
            if (e.code().equals("provider_bad_reply") || e.code().equals("provider_refused")) throw new ExtractionFailed(e.getMessage());
            throw e;
        }
    }

    private static ObjectNode text(String kind, String text) {
        if (text.length() > DocumentText.MAX_CHARS) throw new ExtractionFailed("The file's text is longer than " + DocumentText.MAX_CHARS + " characters");
        return Json.object().put("type", "text").put("text", "The file (text of the " + kind + "):\n" + text);
    }

    private static ObjectNode image(String type, byte[] bytes) {
        if (!type.equals(sniffImage(bytes))) throw new ExtractionFailed("The file is not a valid " + type.substring(6).toUpperCase(Locale.ROOT) + " image");
        ObjectNode part = Json.object().put("type", "image_url");
        // NB: always a data URL: the provider may not reach this server, and a private file's URL must not leave it.
        part.putObject("image_url").put("url", "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes));
        return part;
    }

    private byte[] read(FileUrls.Located file) {
        FileStorage storage = files.storage();
        try {
            FileStorage.Stat stat = storage.stat(file.key())
                    .orElseThrow(() -> new ExtractException(404, "not_found", "No file at file_url (deleted, or never uploaded here)"));
            if (stat.size() > limits.maxBytes()) {
                throw new ExtractionFailed("The file is " + stat.size() + " bytes; at most " + limits.maxBytes()
                        + " bytes are read (HOMEBASE_EXTRACT_MAX_BYTES)");
            }
            try (InputStream in = storage.open(file.key(), 0, stat.size())) {
                return in.readNBytes((int) stat.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the file storage", e);
        }
    }

    private static String fileUrl(JsonNode body) {
        JsonNode url = body.get("file_url");
        if (url == null || url.isNull() || url.isTextual() && url.asText().isBlank()) {
            throw ExtractException.badRequest("file_url is required: the URL UploadFile answered, or a signed URL from CreateFileSignedUrl");
        }
        if (!url.isTextual()) throw ExtractException.badRequest("file_url must be a string (a URL)");
        return url.asText();
    }

    /** The schema, checked; a JSON text of one (as a multipart form sends it) is read. */
    private static JsonNode schema(JsonNode body) {
        JsonNode schema = body.get("json_schema");
        if (schema == null || schema.isNull()) throw ExtractException.badRequest("json_schema is required: a JSON Schema of the data to extract");
        if (schema.isTextual()) {
            try {
                schema = Json.parse(schema.asText());
            } catch (IOException e) {
                throw ExtractException.badRequest("json_schema must be a JSON Schema object, got a string that is not JSON");
            }
        }
        try {
            SchemaCheck.requireSchema(schema, "json_schema");
        } catch (AiException e) {
            throw ExtractException.badRequest(e.getMessage());
        }
        return schema;
    }

    private static JsonNode parseJson(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        try {
            return Json.parse(text);
        } catch (IOException e) {
            String why = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new ExtractionFailed("The file is not valid JSON: " + (why.length() > 200 ? why.substring(0, 200) + "…" : why));
        }
    }

    private static ObjectNode success(JsonNode output) {
        ObjectNode answer = Json.object();
        if (output.isObject()) answer.setAll((ObjectNode) output);
        answer.put("status", "success");
        answer.set("details", NullNode.getInstance());
        answer.set("output", output);
        return answer;
    }

    private static ObjectNode error(String details) {
        ObjectNode answer = Json.object().put("status", "error").put("details", details);
        answer.set("output", NullNode.getInstance());
        return answer;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The type of a file stored without an extension, from its first bytes; "" when unknown. */
    private static String sniff(byte[] b) {
        if (b.length >= 4 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F') return "pdf";
        String image = sniffImage(b);
        if (image != null) return IMAGE_TYPES.entrySet().stream().filter(e -> e.getValue().equals(image)).map(Map.Entry::getKey)
                .filter(k -> !k.equals("jpeg")).findFirst().orElse("");
        for (byte c : b) {
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
            return c == '{' || c == '[' ? "json" : "";
        }
        return "";
    }

    private static String sniffImage(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return "image/png";
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) return "image/jpeg";
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') return "image/webp";
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') return "image/gif";
        return null;
    }
}
