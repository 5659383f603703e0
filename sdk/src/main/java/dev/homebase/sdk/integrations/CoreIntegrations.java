package dev.homebase.sdk.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.FilePart;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Typed helpers for the {@code Core} integration package
 * ({@code POST /apps/{appId}/integration-endpoints/Core/{Name}}). Thread-safe.
 */
public interface CoreIntegrations {

    /**
     * Asks the LLM a question and returns the text answer.
     *
     * @param prompt the prompt
     * @return the answer
     */
    String invokeLLM(String prompt);

    /**
     * Calls {@code InvokeLLM}: a JSON string without a schema, an object with one.
     *
     * @param request the request
     * @return the response body
     */
    JsonNode invokeLLM(InvokeLlmRequest request);

    /**
     * Calls {@code InvokeLLM} with a response schema and converts the answer.
     *
     * @param request    the request
     * @param resultType the type matching the schema
     * @param <R>        the type
     * @return the answer
     */
    <R> R invokeLLM(InvokeLlmRequest request, Class<R> resultType);

    /**
     * Sends an email with {@code SendEmail}.
     *
     * @param to      recipient
     * @param subject subject
     * @param body    plain text or HTML
     * @return the response body
     */
    JsonNode sendEmail(String to, String subject, String body);

    /**
     * Sends an email with {@code SendEmail}.
     *
     * @param request the request
     * @return the response body
     */
    JsonNode sendEmail(SendEmailRequest request);

    /**
     * Uploads a public file ({@code UploadFile}, multipart part {@code file}).
     *
     * @param file the file
     * @return the public {@code file_url}
     */
    String uploadFile(FilePart file);

    /**
     * Uploads a public file from disk.
     *
     * @param file the file
     * @return the public {@code file_url}
     */
    String uploadFile(Path file);

    /**
     * Uploads a private file ({@code UploadPrivateFile}).
     *
     * @param file the file
     * @return the opaque {@code file_uri}
     */
    String uploadPrivateFile(FilePart file);

    /**
     * Uploads a private file from disk.
     *
     * @param file the file
     * @return the opaque {@code file_uri}
     */
    String uploadPrivateFile(Path file);

    /**
     * Creates a temporary URL for a private file (default expiry 300 s).
     *
     * @param fileUri the {@code file_uri} from {@link #uploadPrivateFile(FilePart)}
     * @return the {@code signed_url}
     */
    String createFileSignedUrl(String fileUri);

    /**
     * Creates a temporary URL for a private file.
     *
     * @param fileUri          the file URI
     * @param expiresInSeconds lifetime in seconds
     * @return the {@code signed_url}
     */
    String createFileSignedUrl(String fileUri, int expiresInSeconds);

    /**
     * Generates an image ({@code GenerateImage}).
     *
     * @param prompt the prompt
     * @return the image {@code url}
     */
    String generateImage(String prompt);

    /**
     * Extracts structured data from an uploaded file ({@code ExtractDataFromUploadedFile}).
     *
     * @param fileUrl    the uploaded file's URL
     * @param jsonSchema the JSON schema of the data to extract
     * @return the response body: on Homebase {@code {"status": "success", "details": null, "output": ...}} (an
     *     object's fields also at the top level) or {@code {"status": "error", "details": "<why>", "output": null}}
     */
    JsonNode extractDataFromUploadedFile(String fileUrl, Map<String, ?> jsonSchema);

    /**
     * Extracts structured data from an uploaded file and converts it: the answer's {@code output} (or the whole
     * answer when it has no {@code status}/{@code output} envelope).
     *
     * @param fileUrl    the uploaded file's URL
     * @param jsonSchema the JSON schema of the data to extract
     * @param outputType the type matching the schema
     * @param <R>        the type
     * @return the extracted data
     * @throws dev.homebase.sdk.Base44Exception with code {@code extraction_failed}, the answer's {@code details} as
     *     message and the answer as {@code data()} when the file did not yield the data ({@code "status": "error"};
     *     its {@code status()} is the HTTP status, 200)
     */
    <R> R extractDataFromUploadedFile(String fileUrl, Map<String, ?> jsonSchema, Class<R> outputType);

    /**
     * Calls any Core endpoint.
     *
     * @param endpoint the endpoint name
     * @param data     named parameters, or null
     * @return the response body
     */
    JsonNode invoke(String endpoint, Object data);

    /**
     * Asks the LLM without blocking; see {@link #invokeLLM(String)}.
     *
     * @param prompt the prompt
     * @return completes with the answer as text, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<String> invokeLLMAsync(String prompt);

    /**
     * Calls InvokeLLM with options without blocking; see {@link #invokeLLM(InvokeLlmRequest)}.
     *
     * @param request the request
     * @return completes with the response body, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<JsonNode> invokeLLMAsync(InvokeLlmRequest request);

    /**
     * Calls InvokeLLM and converts the answer without blocking; see {@link #invokeLLM(InvokeLlmRequest, Class)}.
     *
     * @param request the request
     * @param resultType the result type
     * @param <R> the result type
     * @return completes with the converted answer, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    <R> CompletableFuture<R> invokeLLMAsync(InvokeLlmRequest request, Class<R> resultType);

    /**
     * Sends an email without blocking; see {@link #sendEmail(String, String, String)}.
     *
     * @param to the recipient
     * @param subject the subject
     * @param body the body
     * @return completes with the response body, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<JsonNode> sendEmailAsync(String to, String subject, String body);

    /**
     * Sends an email without blocking; see {@link #sendEmail(SendEmailRequest)}.
     *
     * @param request the request
     * @return completes with the response body, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<JsonNode> sendEmailAsync(SendEmailRequest request);

    /**
     * Uploads a public file without blocking; see {@link #uploadFile(FilePart)}.
     *
     * @param file the file
     * @return completes with its URL, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<String> uploadFileAsync(FilePart file);

    /**
     * Uploads a public file from disk (read before this returns) without blocking; see {@link #uploadFile(Path)}.
     *
     * @param file the file
     * @return completes with its URL, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<String> uploadFileAsync(Path file);

    /**
     * Uploads a private file without blocking; see {@link #uploadPrivateFile(FilePart)}.
     *
     * @param file the file
     * @return completes with its URI, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<String> uploadPrivateFileAsync(FilePart file);

    /**
     * Uploads a private file from disk (read before this returns) without blocking; see {@link #uploadPrivateFile(Path)}.
     *
     * @param file the file
     * @return completes with its URI, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<String> uploadPrivateFileAsync(Path file);

    /**
     * Creates a signed URL for a private file (default expiry) without blocking; see {@link #createFileSignedUrl(String)}.
     *
     * @param fileUri the private file's URI
     * @return completes with the signed URL, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<String> createFileSignedUrlAsync(String fileUri);

    /**
     * Creates a signed URL for a private file without blocking; see {@link #createFileSignedUrl(String, int)}.
     *
     * @param fileUri the private file's URI
     * @param expiresInSeconds the lifetime, positive
     * @return completes with the signed URL, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<String> createFileSignedUrlAsync(String fileUri, int expiresInSeconds);

    /**
     * Generates an image without blocking; see {@link #generateImage(String)}.
     *
     * @param prompt the prompt
     * @return completes with the image URL, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<String> generateImageAsync(String prompt);

    /**
     * Extracts structured data from an uploaded file without blocking; see {@link #extractDataFromUploadedFile(String, Map)}.
     *
     * @param fileUrl the file URL
     * @param jsonSchema the JSON schema of the result
     * @return completes with the response body, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<JsonNode> extractDataFromUploadedFileAsync(String fileUrl, Map<String, ?> jsonSchema);

    /**
     * Extracts and converts structured data without blocking; see {@link #extractDataFromUploadedFile(String, Map, Class)}.
     *
     * @param fileUrl the file URL
     * @param jsonSchema the JSON schema of the result
     * @param outputType the type matching the schema
     * @param <R> the type
     * @return completes with the extracted data, or exceptionally with the {@link dev.homebase.sdk.Base44Exception}
     */
    <R> CompletableFuture<R> extractDataFromUploadedFileAsync(String fileUrl, Map<String, ?> jsonSchema, Class<R> outputType);

    /**
     * Calls any Core endpoint without blocking; see {@link #invoke(String, Object)}.
     *
     * @param endpoint the endpoint
     * @param data named parameters, or null
     * @return completes with the response body, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<JsonNode> invokeAsync(String endpoint, Object data);
}
