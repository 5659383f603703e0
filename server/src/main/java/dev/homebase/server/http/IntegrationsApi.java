package dev.homebase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.files.FileService;
import dev.homebase.server.files.FileStorage;
import dev.homebase.server.files.SignedUrls;
import dev.homebase.server.integrations.IntegrationException;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Core integrations Homebase implements (api-contract §7.1, §7.2):
 * {@code POST /api/apps/{appId}/integration-endpoints/Core/{UploadFile|UploadPrivateFile|CreateFileSignedUrl|SendEmail}}.
 * Each handler: resolve the app, authorise (a signed-in user or the service role; anonymous only for the
 * names the app lists in {@code "integrations": {"allowAnonymous": [...]}}), validate, execute, answer.
 * The others stay 501 ({@link Unavailable}).
 */
final class IntegrationsApi {
    private static final Logger log = LoggerFactory.getLogger(IntegrationsApi.class);
    /** Room for the multipart framing around the file part when the Content-Length is checked up front. */
    private static final long MULTIPART_SLACK = 512 * 1024;
    private static final long DEFAULT_EXPIRES_IN = 300;

    private final Apps apps;
    private final IntegrationAccess access;
    private final Bodies bodies;
    private final IntegrationServices services;
    private final FileService files;
    private final CustomIntegrationsApi custom;

    IntegrationsApi(Apps apps, IntegrationAccess access, Bodies bodies, IntegrationServices services) {
        this.apps = apps;
        this.access = access;
        this.bodies = bodies;
        this.services = services;
        this.files = services.files();
        this.custom = new CustomIntegrationsApi(apps, access, bodies, services.custom());
    }

    /** The custom (OpenAPI) integrations, api-contract §7.4. */
    CustomIntegrationsApi custom() {
        return custom;
    }

    /** {@code UploadFile}: multipart part {@code file} → {@code {"file_url": "<absolute URL>"}}. */
    void uploadFile(Context ctx) {
        String appId = authorizeUpload(ctx, "UploadFile").appId();
        String name = upload(ctx, (original, in) -> files.storePublic(original, in));
        EntityApi.json(ctx, 200, Map.of("file_url", baseUrl(ctx) + "/media/" + name));
        log.debug("app {} uploaded public file {}", appId, name);
    }

    /** {@code UploadPrivateFile}: multipart part {@code file} → {@code {"file_uri": "<name>"}}, served only through signed URLs. */
    void uploadPrivateFile(Context ctx) {
        String appId = authorizeUpload(ctx, "UploadPrivateFile").appId();
        String name = upload(ctx, (original, in) -> files.storePrivate(appId, original, in));
        EntityApi.json(ctx, 200, Map.of("file_uri", name));
    }

    /** {@code CreateFileSignedUrl} {@code {file_uri, expires_in = 300}} → {@code {"signed_url"}}. */
    void createFileSignedUrl(Context ctx) {
        String appId = authorize(ctx, "CreateFileSignedUrl").appId();
        ObjectNode body = bodies.objectOrEmpty(ctx);
        JsonNode uri = body.get("file_uri");
        if (uri == null || uri.isNull() || (uri.isTextual() && uri.asText().isBlank())) {
            throw new ApiException(400, "bad_request", "BadRequestError", "file_uri is required", Map.of("error", "file_uri is required"));
        }
        if (!uri.isTextual()) throw ApiException.badRequest("file_uri must be a string");
        long expiresIn = DEFAULT_EXPIRES_IN;
        JsonNode e = body.get("expires_in");
        if (e != null && !e.isNull()) {
            if (!e.isIntegralNumber() || !e.canConvertToLong() || e.asLong() < 1 || e.asLong() > SignedUrls.MAX_EXPIRES_IN) {
                throw ApiException.badRequest("expires_in must be a whole number of seconds from 1 to " + SignedUrls.MAX_EXPIRES_IN);
            }
            expiresIn = e.asLong();
        }
        String fileUri = uri.asText();
        boolean exists;
        try {
            exists = files.privateFileExists(appId, fileUri);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot read the file storage", ex);
        }
        // NB: another app's file_uri is "not found" here too: the key is looked up under this app only.
        if (!exists) throw ApiException.notFound("No private file with file_uri \"" + fileUri + "\" in this app");
        SignedUrls.Signed signed = files.signedUrls().sign(appId, fileUri, expiresIn);
        String url = baseUrl(ctx) + "/media/private/" + fileUri + "?app_id=" + URLEncoder.encode(appId, StandardCharsets.UTF_8)
                + "&expires=" + signed.expires() + "&token=" + signed.token();
        EntityApi.json(ctx, 200, Map.of("signed_url", url));
    }

    /** {@code SendEmail} {@code {to, subject, body, from_name?}} → {@code {"success": true, "message_id"}}. */
    void sendEmail(Context ctx) {
        Caller caller = authorize(ctx, "SendEmail");
        ObjectNode body = bodies.object(ctx);
        String key = switch (caller.principal()) {
            case Principal.User u -> "user:" + u.id();
            default -> "ip:" + ctx.ip();
        };
        String id;
        try {
            id = services.email().send(caller.appId(), caller.principal(), key, text(body, "to"), text(body, "subject"),
                    text(body, "body"), text(body, "from_name"));
        } catch (IntegrationException e) {
            throw switch (e.kind()) {
                case BAD_INPUT -> ApiException.badRequest(e.getMessage());
                case FORBIDDEN -> ApiException.forbidden(e.getMessage());
                case PROVIDER_FAILED -> new ApiException(502, "mail_failed", "BadGatewayError", e.getMessage(), Map.of());
            };
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("message_id", id);
        EntityApi.json(ctx, 200, out);
    }

    /** The caller and the app's id. */
    private record Caller(String appId, Principal principal) {}

    /**
     * Resolves the app and the caller, and refuses anonymous callers unless the app allows them this integration.
     *
     * @throws ApiException 404 for an unknown app, 401 for an anonymous caller (naming the setting) or a bad token
     */
    private Caller authorize(Context ctx, String integration) {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        return new Caller(appId, access.require(ctx, appId, integration));
    }

    /** {@link #authorize} for an upload: a refused one reads the (small) body away first, so the client reads the answer. */
    private Caller authorizeUpload(Context ctx, String integration) {
        try {
            return authorize(ctx, integration);
        } catch (RuntimeException e) {
            long declared = ctx.req().getContentLengthLong();
            if (declared <= files.settings().maxUploadBytes() + MULTIPART_SLACK) drain(ctx, files.settings().maxUploadBytes() + MULTIPART_SLACK);
            throw e;
        }
    }

    /**
     * Streams the request's file part (the multipart part {@code file} with a file name) straight into the storage:
     * read from the socket and written once, never spooled first. Nothing is kept when it fails.
     */
    private String upload(Context ctx, Store store) {
        long max = files.settings().maxUploadBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > max + MULTIPART_SLACK) {
            if (declared <= 2 * max) drain(ctx, declared);
            throw tooLarge(max);
        }
        String boundary = ctx.isMultipartFormData() ? MultipartStream.boundary(ctx.header("Content-Type")).orElse(null) : null;
        if (boundary == null) throw noFile();
        try {
            MultipartStream parts = new MultipartStream(ctx.req().getInputStream(), boundary);
            for (MultipartStream.Part part; (part = parts.next()) != null; ) {
                if (!part.name().equals("file") || part.filename() == null) continue; // other fields are read past
                return store.store(part.filename(), part.body());
            }
            throw noFile();
        } catch (FileStorage.TooLargeException e) {
            drain(ctx, 2 * max);
            throw tooLarge(max);
        } catch (FileService.EmptyFileException e) {
            throw emptyFile();
        } catch (MultipartStream.MalformedException e) {
            throw ApiException.badRequest("Could not read the multipart body: " + e.getMessage());
        } catch (IOException e) { // the client went away mid-upload, or the storage failed
            throw new IllegalStateException("cannot store the upload", e);
        }
    }

    @FunctionalInterface
    private interface Store {
        String store(String originalName, InputStream in) throws IOException;
    }

    /** The URL the answer's links start with: {@code HOMEBASE_PUBLIC_URL}, else the origin the request came to. */
    private String baseUrl(Context ctx) {
        return services.publicUrl().orElseGet(() -> LoginPage.requestOrigin(ctx));
    }

    /** A string field, null when absent or null. @throws ApiException 400 for another type */
    private static String text(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw ApiException.badRequest(field + " must be a string");
        return n.asText();
    }

    private static ApiException noFile() {
        return new ApiException(400, "bad_request", "BadRequestError", "No file uploaded: send multipart/form-data with a file part named 'file'",
                Map.of("error", "No file uploaded"));
    }

    private static ApiException emptyFile() {
        return ApiException.badRequest("The uploaded file is empty");
    }

    private static ApiException tooLarge(long max) {
        return ApiException.tooLarge("The file is larger than the upload limit of " + max + " bytes");
    }

    /**
     * Reads away (without keeping, at most {@code atMost} bytes) the rest of a refused upload, so the client's
     * connection stays usable and it reads the answer instead of a reset. Larger bodies are cut off.
     */
    private static void drain(Context ctx, long atMost) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            long read = 0;
            for (int n; read <= atMost && (n = in.read(buffer)) >= 0; ) read += n; // discarded
        } catch (Exception e) { // the client went away, or the stream is gone: Jetty closes the connection
            log.debug("could not drain a refused upload: {}", e.getMessage());
        }
    }
}
