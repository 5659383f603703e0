package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.Base44Exception;
import dev.homebase.sdk.FilePart;
import dev.homebase.sdk.integrations.CoreIntegrations;
import dev.homebase.sdk.integrations.CustomIntegrationResult;
import dev.homebase.sdk.integrations.CustomIntegrations;
import dev.homebase.sdk.integrations.IntegrationsModule;
import dev.homebase.sdk.integrations.InvokeLlmRequest;
import dev.homebase.sdk.integrations.SendEmailRequest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link IntegrationsModule} with its Core and custom parts. Thread-safe. */
final class DefaultIntegrationsModule implements IntegrationsModule, CoreIntegrations, CustomIntegrations {
    private final Channel channel;
    private final String appPath;

    DefaultIntegrationsModule(Channel channel, String appId) {
        this.channel = channel;
        this.appPath = "/apps/" + Encoding.component(appId);
    }

    @Override
    public CoreIntegrations core() {
        return this;
    }

    @Override
    public CustomIntegrations custom() {
        return this;
    }

    @Override
    public JsonNode invoke(String packageName, String endpoint, Object data) {
        Checks.text(packageName, "packageName");
        Checks.text(endpoint, "endpoint");
        if (data instanceof CharSequence) {
            throw new IllegalArgumentException("Integration " + endpoint
                    + " must receive an object with named parameters, received: " + data);
        }
        String path = packageName.equals("Core")
                ? appPath + "/integration-endpoints/Core/" + Encoding.component(endpoint)
                : appPath + "/integration-endpoints/installable/" + Encoding.component(packageName)
                        + "/integration-endpoints/" + Encoding.component(endpoint);
        return channel.call(ApiRequest.post(path).body(data));
    }

    @Override
    public <R> R invoke(String packageName, String endpoint, Object data, Class<R> resultType) {
        return convert(invoke(packageName, endpoint, data), resultType);
    }

    // ---- Core ----

    @Override
    public String invokeLLM(String prompt) {
        JsonNode r = invokeLLM(InvokeLlmRequest.of(prompt));
        if (r == null || r.isNull()) {
            return null;
        }
        return r.isTextual() ? r.asText() : r.toString();
    }

    @Override
    public JsonNode invokeLLM(InvokeLlmRequest request) {
        return core("InvokeLLM", Checks.notNull(request, "request").toMap());
    }

    @Override
    public <R> R invokeLLM(InvokeLlmRequest request, Class<R> resultType) {
        return convert(invokeLLM(request), resultType);
    }

    @Override
    public JsonNode sendEmail(String to, String subject, String body) {
        return sendEmail(SendEmailRequest.of(to, subject, body));
    }

    @Override
    public JsonNode sendEmail(SendEmailRequest request) {
        return core("SendEmail", Checks.notNull(request, "request").toMap());
    }

    @Override
    public String uploadFile(FilePart file) {
        return field(core("UploadFile", Map.of("file", Checks.notNull(file, "file"))), "file_url");
    }

    @Override
    public String uploadFile(Path file) {
        return uploadFile(FilePart.of(Checks.notNull(file, "file")));
    }

    @Override
    public String uploadPrivateFile(FilePart file) {
        return field(core("UploadPrivateFile", Map.of("file", Checks.notNull(file, "file"))), "file_uri");
    }

    @Override
    public String uploadPrivateFile(Path file) {
        return uploadPrivateFile(FilePart.of(Checks.notNull(file, "file")));
    }

    @Override
    public String createFileSignedUrl(String fileUri) {
        return signedUrl(fileUri, null);
    }

    @Override
    public String createFileSignedUrl(String fileUri, int expiresInSeconds) {
        if (expiresInSeconds <= 0) {
            throw new IllegalArgumentException("expiresInSeconds must be positive");
        }
        return signedUrl(fileUri, expiresInSeconds);
    }

    private String signedUrl(String fileUri, Integer expiresIn) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file_uri", Checks.text(fileUri, "fileUri"));
        if (expiresIn != null) {
            body.put("expires_in", expiresIn);
        }
        return field(core("CreateFileSignedUrl", body), "signed_url");
    }

    @Override
    public String generateImage(String prompt) {
        return field(core("GenerateImage", Map.of("prompt", Checks.text(prompt, "prompt"))), "url");
    }

    @Override
    public JsonNode extractDataFromUploadedFile(String fileUrl, Map<String, ?> jsonSchema) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file_url", Checks.text(fileUrl, "fileUrl"));
        body.put("json_schema", Checks.notNull(jsonSchema, "jsonSchema"));
        return core("ExtractDataFromUploadedFile", body);
    }

    @Override
    public JsonNode invoke(String endpoint, Object data) {
        return invoke("Core", endpoint, data);
    }

    private JsonNode core(String endpoint, Object data) {
        return invoke("Core", endpoint, data);
    }

    // ---- custom ----

    @Override
    public CustomIntegrationResult call(String slug, String operationId) {
        return call(slug, operationId, null);
    }

    @Override
    public CustomIntegrationResult call(String slug, String operationId, Map<String, ?> params) {
        if (slug == null || slug.trim().isEmpty()) {
            throw new IllegalArgumentException("Integration slug is required and cannot be empty");
        }
        if (operationId == null || operationId.trim().isEmpty()) {
            throw new IllegalArgumentException("Operation ID is required and cannot be empty");
        }
        // camelCase -> snake_case for the two documented keys; everything else passes through.
        Map<String, Object> body = new LinkedHashMap<>();
        if (params != null) {
            params.forEach((k, v) -> {
                if (!k.equals("pathParams") && !k.equals("queryParams")) {
                    body.put(k, v);
                }
            });
            if (params.get("pathParams") != null) {
                body.put("path_params", params.get("pathParams"));
            }
            if (params.get("queryParams") != null) {
                body.put("query_params", params.get("queryParams"));
            }
        }
        // The operation id goes into the path unencoded by the JavaScript client (":" and "/"
        // stay); only characters that are illegal in a URI path are escaped.
        JsonNode r = channel.call(ApiRequest.post(appPath + "/integrations/custom/" + Encoding.component(slug)
                + "/" + Encoding.path(operationId)).json(body));
        return new CustomIntegrationResult(r != null && r.path("success").asBoolean(),
                r == null ? 0 : r.path("status_code").asInt(), r == null ? null : r.get("data"));
    }

    private static String field(JsonNode node, String name) {
        JsonNode v = node == null ? null : node.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private <R> R convert(JsonNode node, Class<R> type) {
        Checks.notNull(type, "resultType");
        try {
            return Json.convert(channel.transport().mapper(), node,
                    channel.transport().mapper().getTypeFactory().constructType(type));
        } catch (IllegalArgumentException e) {
            throw new Base44Exception("Cannot convert integration response to " + type.getName() + ": "
                    + e.getMessage(), 200, "INVALID_RESPONSE", node, e);
        }
    }
}
