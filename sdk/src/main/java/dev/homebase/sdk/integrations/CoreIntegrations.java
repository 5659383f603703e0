package dev.homebase.sdk.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.FilePart;
import java.nio.file.Path;
import java.util.Map;

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
     * @return the response body
     */
    JsonNode extractDataFromUploadedFile(String fileUrl, Map<String, ?> jsonSchema);

    /**
     * Calls any Core endpoint.
     *
     * @param endpoint the endpoint name
     * @param data     named parameters, or null
     * @return the response body
     */
    JsonNode invoke(String endpoint, Object data);
}
