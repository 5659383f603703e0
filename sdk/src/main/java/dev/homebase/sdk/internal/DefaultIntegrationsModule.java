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
import java.util.concurrent.CompletableFuture;

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
        return channel.call(invokeRequest(packageName, endpoint, data));
    }

    private ApiRequest invokeRequest(String packageName, String endpoint, Object data) {
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
        return ApiRequest.post(path).body(data);
    }

    @Override
    public <R> R invoke(String packageName, String endpoint, Object data, Class<R> resultType) {
        return convert(invoke(packageName, endpoint, data), resultType);
    }

    // ---- Core ----

    @Override
    public String invokeLLM(String prompt) {
        return answer(invokeLLM(InvokeLlmRequest.of(prompt)));
    }

    private static String answer(JsonNode r) {
        if (r == null || r.isNull()) {
            return null;
        }
        return r.isTextual() ? r.asText() : r.toString();
    }

    @Override
    public JsonNode invokeLLM(InvokeLlmRequest request) {
        return channel.call(llmRequest(request));
    }

    private ApiRequest llmRequest(InvokeLlmRequest request) {
        return coreRequest("InvokeLLM", Checks.notNull(request, "request").toMap());
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
        return channel.call(emailRequest(request));
    }

    private ApiRequest emailRequest(SendEmailRequest request) {
        return coreRequest("SendEmail", Checks.notNull(request, "request").toMap());
    }

    @Override
    public String uploadFile(FilePart file) {
        return field(channel.call(uploadRequest("UploadFile", file)), "file_url");
    }

    private ApiRequest uploadRequest(String endpoint, FilePart file) {
        return coreRequest(endpoint, Map.of("file", Checks.notNull(file, "file")));
    }

    @Override
    public String uploadFile(Path file) {
        return uploadFile(FilePart.of(Checks.notNull(file, "file")));
    }

    @Override
    public String uploadPrivateFile(FilePart file) {
        return field(channel.call(uploadRequest("UploadPrivateFile", file)), "file_uri");
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
        return signedUrl(fileUri, positive(expiresInSeconds));
    }

    private static int positive(int expiresInSeconds) {
        if (expiresInSeconds <= 0) {
            throw new IllegalArgumentException("expiresInSeconds must be positive");
        }
        return expiresInSeconds;
    }

    private String signedUrl(String fileUri, Integer expiresIn) {
        return field(channel.call(signedUrlRequest(fileUri, expiresIn)), "signed_url");
    }

    private ApiRequest signedUrlRequest(String fileUri, Integer expiresIn) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file_uri", Checks.text(fileUri, "fileUri"));
        if (expiresIn != null) {
            body.put("expires_in", expiresIn);
        }
        return coreRequest("CreateFileSignedUrl", body);
    }

    @Override
    public String generateImage(String prompt) {
        return field(channel.call(imageRequest(prompt)), "url");
    }

    private ApiRequest imageRequest(String prompt) {
        return coreRequest("GenerateImage", Map.of("prompt", Checks.text(prompt, "prompt")));
    }

    @Override
    public JsonNode extractDataFromUploadedFile(String fileUrl, Map<String, ?> jsonSchema) {
        return channel.call(extractRequest(fileUrl, jsonSchema));
    }

    @Override
    public <R> R extractDataFromUploadedFile(String fileUrl, Map<String, ?> jsonSchema, Class<R> outputType) {
        return extracted(extractDataFromUploadedFile(fileUrl, jsonSchema), outputType);
    }

    /** The {@code output} of an extraction envelope (or the bare answer), converted; a {@code status: "error"} throws. */
    private <R> R extracted(JsonNode answer, Class<R> type) {
        Checks.notNull(type, "outputType");
        if ("error".equals(answer.path("status").asText())) {
            String details = answer.path("details").asText("");
            throw new Base44Exception(details.isEmpty() ? "The file did not yield the data" : details, 200, "extraction_failed", answer, null);
        }
        boolean envelope = "success".equals(answer.path("status").asText()) && answer.has("output");
        return convert(envelope ? answer.get("output") : answer, type);
    }

    private ApiRequest extractRequest(String fileUrl, Map<String, ?> jsonSchema) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file_url", Checks.text(fileUrl, "fileUrl"));
        body.put("json_schema", Checks.notNull(jsonSchema, "jsonSchema"));
        return coreRequest("ExtractDataFromUploadedFile", body);
    }

    @Override
    public JsonNode invoke(String endpoint, Object data) {
        return invoke("Core", endpoint, data);
    }

    private ApiRequest coreRequest(String endpoint, Object data) {
        return invokeRequest("Core", endpoint, data);
    }

    // ---- async variants: the same requests, sent with HttpClient.sendAsync

    @Override
    public CompletableFuture<JsonNode> invokeAsync(String packageName, String endpoint, Object data) {
        return channel.callAsync(invokeRequest(packageName, endpoint, data), r -> r);
    }

    @Override
    public <R> CompletableFuture<R> invokeAsync(String packageName, String endpoint, Object data, Class<R> resultType) {
        Checks.notNull(resultType, "resultType");
        return channel.callAsync(invokeRequest(packageName, endpoint, data), r -> convert(r, resultType));
    }

    @Override
    public CompletableFuture<String> invokeLLMAsync(String prompt) {
        return channel.callAsync(llmRequest(InvokeLlmRequest.of(prompt)), DefaultIntegrationsModule::answer);
    }

    @Override
    public CompletableFuture<JsonNode> invokeLLMAsync(InvokeLlmRequest request) {
        return channel.callAsync(llmRequest(request), r -> r);
    }

    @Override
    public <R> CompletableFuture<R> invokeLLMAsync(InvokeLlmRequest request, Class<R> resultType) {
        Checks.notNull(resultType, "resultType");
        return channel.callAsync(llmRequest(request), r -> convert(r, resultType));
    }

    @Override
    public CompletableFuture<JsonNode> sendEmailAsync(String to, String subject, String body) {
        return sendEmailAsync(SendEmailRequest.of(to, subject, body));
    }

    @Override
    public CompletableFuture<JsonNode> sendEmailAsync(SendEmailRequest request) {
        return channel.callAsync(emailRequest(request), r -> r);
    }

    @Override
    public CompletableFuture<String> uploadFileAsync(FilePart file) {
        return channel.callAsync(uploadRequest("UploadFile", file), r -> field(r, "file_url"));
    }

    @Override
    public CompletableFuture<String> uploadFileAsync(Path file) {
        return uploadFileAsync(FilePart.of(Checks.notNull(file, "file")));
    }

    @Override
    public CompletableFuture<String> uploadPrivateFileAsync(FilePart file) {
        return channel.callAsync(uploadRequest("UploadPrivateFile", file), r -> field(r, "file_uri"));
    }

    @Override
    public CompletableFuture<String> uploadPrivateFileAsync(Path file) {
        return uploadPrivateFileAsync(FilePart.of(Checks.notNull(file, "file")));
    }

    @Override
    public CompletableFuture<String> createFileSignedUrlAsync(String fileUri) {
        return channel.callAsync(signedUrlRequest(fileUri, null), r -> field(r, "signed_url"));
    }

    @Override
    public CompletableFuture<String> createFileSignedUrlAsync(String fileUri, int expiresInSeconds) {
        return channel.callAsync(signedUrlRequest(fileUri, positive(expiresInSeconds)), r -> field(r, "signed_url"));
    }

    @Override
    public CompletableFuture<String> generateImageAsync(String prompt) {
        return channel.callAsync(imageRequest(prompt), r -> field(r, "url"));
    }

    @Override
    public CompletableFuture<JsonNode> extractDataFromUploadedFileAsync(String fileUrl, Map<String, ?> jsonSchema) {
        return channel.callAsync(extractRequest(fileUrl, jsonSchema), r -> r);
    }

    @Override
    public <R> CompletableFuture<R> extractDataFromUploadedFileAsync(String fileUrl, Map<String, ?> jsonSchema, Class<R> outputType) {
        Checks.notNull(outputType, "outputType");
        return channel.callAsync(extractRequest(fileUrl, jsonSchema), r -> extracted(r, outputType));
    }

    @Override
    public CompletableFuture<JsonNode> invokeAsync(String endpoint, Object data) {
        return invokeAsync("Core", endpoint, data);
    }

    // ---- custom ----

    @Override
    public CustomIntegrationResult call(String slug, String operationId) {
        return call(slug, operationId, null);
    }

    @Override
    public CustomIntegrationResult call(String slug, String operationId, Map<String, ?> params) {
        return customResult(channel.call(customRequest(slug, operationId, params)));
    }

    @Override
    public CompletableFuture<CustomIntegrationResult> callAsync(String slug, String operationId) {
        return callAsync(slug, operationId, null);
    }

    @Override
    public CompletableFuture<CustomIntegrationResult> callAsync(String slug, String operationId, Map<String, ?> params) {
        return channel.callAsync(customRequest(slug, operationId, params), DefaultIntegrationsModule::customResult);
    }

    private ApiRequest customRequest(String slug, String operationId, Map<String, ?> params) {
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
        return ApiRequest.post(appPath + "/integrations/custom/" + Encoding.component(slug)
                + "/" + Encoding.path(operationId)).json(body);
    }

    private static CustomIntegrationResult customResult(JsonNode r) {
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
            return Json.convert(channel.transport().freeformMapper(), node,
                    channel.transport().freeformMapper().getTypeFactory().constructType(type));
        } catch (IllegalArgumentException e) {
            throw new Base44Exception("Cannot convert integration response to " + type.getName() + ": "
                    + e.getMessage(), 200, "INVALID_RESPONSE", node, e);
        }
    }
}
