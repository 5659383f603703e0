package dev.homebase.server.integrations.custom;

import dev.homebase.server.project.ProjectException;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations of an OpenAPI 3 document (JSON or YAML, read with swagger-parser), found by the
 * client's {@code "<lowercase method>:<path>"} form ({@code get:/repos/{owner}/{repo}}) or by their
 * {@code operationId}. Only what a call needs is kept: each operation's parameters (path-level ones
 * merged in, {@code $ref}s resolved) and whether and how it takes a request body. Immutable and thread-safe.
 */
public final class OpenApiOperations {
    private static final Logger log = LoggerFactory.getLogger(OpenApiOperations.class);

    /**
     * One parameter of an operation.
     *
     * @param name its name
     * @param in {@code path}, {@code query}, {@code header} or {@code cookie}
     * @param required whether a call must give it (path parameters always are)
     */
    public record Param(String name, String in, boolean required) {}

    /**
     * One operation.
     *
     * @param method the HTTP method, upper case
     * @param path the path template of the document, e.g. {@code /repos/{owner}/{repo}}
     * @param operationId the document's {@code operationId}, or null
     * @param params its parameters
     * @param body whether it declares a request body
     * @param bodyRequired whether that body is required
     * @param bodyType the media type the payload is sent as: {@code application/json} (also for other JSON types)
     *     or {@code application/x-www-form-urlencoded}
     */
    public record Operation(String method, String path, String operationId, List<Param> params, boolean body,
                            boolean bodyRequired, String bodyType) {
        /** The client's name of this operation: {@code "get:/repos/{owner}/{repo}"}. */
        public String key() {
            return method.toLowerCase(Locale.ROOT) + ":" + path;
        }
    }

    private final Map<String, Operation> byKey;
    private final Map<String, Operation> byId;
    private final String serverUrl;

    private OpenApiOperations(Map<String, Operation> byKey, Map<String, Operation> byId, String serverUrl) {
        this.byKey = Collections.unmodifiableMap(byKey);
        this.byId = Collections.unmodifiableMap(byId);
        this.serverUrl = serverUrl;
    }

    /**
     * The operation a call names: {@code "<method>:<path>"} as the document writes the path, else an {@code operationId}.
     */
    public Optional<Operation> find(String name) {
        int colon = name.indexOf(':');
        if (colon > 0) {
            String key = name.substring(0, colon).toLowerCase(Locale.ROOT) + ":" + name.substring(colon + 1);
            Operation op = byKey.get(key);
            if (op != null) return Optional.of(op);
            if (name.substring(colon + 1).isEmpty()) {
                op = byKey.get(name.substring(0, colon).toLowerCase(Locale.ROOT) + ":/");
                if (op != null) return Optional.of(op);
            }
        }
        return Optional.ofNullable(byId.get(name));
    }

    /** Every operation, in document order. */
    public List<Operation> all() {
        return List.copyOf(byKey.values());
    }

    /** The document's first server URL (variables replaced by their defaults), when it has one. */
    public Optional<String> serverUrl() {
        return Optional.ofNullable(serverUrl);
    }

    /**
     * Reads an OpenAPI 3 document.
     *
     * @param file the document (JSON or YAML)
     * @param origin the integration file that names it, for messages
     * @throws ProjectException naming {@code file} when it cannot be read, is not OpenAPI 3, or has two operations with one id
     */
    public static OpenApiOperations read(Path file, Path origin) {
        if (!Files.isRegularFile(file)) throw new ProjectException(origin + ": \"spec\": no file " + file);
        ParseOptions options = new ParseOptions();
        options.setResolve(true); // refs to other files of the folder
        options.setSafelyResolveURL(true); // never fetch a remote ref from a private address
        SwaggerParseResult result;
        try {
            result = new OpenAPIV3Parser().readLocation(file.toAbsolutePath().toString(), null, options);
        } catch (RuntimeException e) {
            throw new ProjectException(file + ": cannot read the OpenAPI document (" + e.getMessage() + ")", e);
        }
        OpenAPI api = result == null ? null : result.getOpenAPI();
        List<String> messages = result == null || result.getMessages() == null ? List.of() : result.getMessages();
        if (api == null || api.getOpenapi() == null || !api.getOpenapi().startsWith("3.")) {
            String why = messages.isEmpty() ? "" : " (" + String.join("; ", messages.subList(0, Math.min(3, messages.size()))) + ")";
            throw new ProjectException(file + ": not an OpenAPI 3 document" + why);
        }
        for (String m : messages) log.warn("{}: {}", file, m);
        Map<String, Operation> byKey = new LinkedHashMap<>();
        Map<String, Operation> byId = new LinkedHashMap<>();
        if (api.getPaths() != null) {
            for (Map.Entry<String, PathItem> entry : api.getPaths().entrySet()) {
                PathItem item = entry.getValue();
                if (item == null) continue;
                for (Map.Entry<PathItem.HttpMethod, io.swagger.v3.oas.models.Operation> m : item.readOperationsMap().entrySet()) {
                    Operation op = operation(api, file, entry.getKey(), m.getKey().name(), item, m.getValue());
                    byKey.put(op.key(), op);
                    if (op.operationId() != null) {
                        Operation earlier = byId.putIfAbsent(op.operationId(), op);
                        if (earlier != null) {
                            throw new ProjectException(file + ": operationId \"" + op.operationId() + "\" is used by both "
                                    + earlier.key() + " and " + op.key());
                        }
                    }
                }
            }
        }
        if (byKey.isEmpty()) throw new ProjectException(file + ": the OpenAPI document has no operations under \"paths\"");
        return new OpenApiOperations(byKey, byId, serverUrl(api));
    }

    private static Operation operation(OpenAPI api, Path file, String path, String method, PathItem item,
                                       io.swagger.v3.oas.models.Operation op) {
        Map<String, Param> params = new LinkedHashMap<>(); // by in + name; operation-level ones override path-level ones
        for (List<Parameter> list : java.util.Arrays.asList(item.getParameters(), op.getParameters())) {
            if (list == null) continue;
            for (Parameter p : list) {
                Parameter resolved = resolve(api, p);
                if (resolved == null || resolved.getName() == null || resolved.getIn() == null) {
                    throw new ProjectException(file + ": " + method.toLowerCase(Locale.ROOT) + ":" + path
                            + ": a parameter has no name or \"in\"" + (p.get$ref() != null ? " (unresolved " + p.get$ref() + ")" : ""));
                }
                String in = resolved.getIn().toLowerCase(Locale.ROOT);
                boolean required = "path".equals(in) || Boolean.TRUE.equals(resolved.getRequired());
                params.put(in + ":" + resolved.getName(), new Param(resolved.getName(), in, required));
            }
        }
        RequestBody body = op.getRequestBody();
        if (body != null && body.get$ref() != null && api.getComponents() != null && api.getComponents().getRequestBodies() != null) {
            body = api.getComponents().getRequestBodies().get(refName(body.get$ref()));
        }
        String type = bodyType(body == null ? null : body.getContent());
        return new Operation(method.toUpperCase(Locale.ROOT), path, op.getOperationId(), List.copyOf(new ArrayList<>(params.values())),
                body != null, body != null && Boolean.TRUE.equals(body.getRequired()), type);
    }

    private static Parameter resolve(OpenAPI api, Parameter p) {
        if (p.get$ref() == null) return p;
        if (api.getComponents() == null || api.getComponents().getParameters() == null) return null;
        return api.getComponents().getParameters().get(refName(p.get$ref()));
    }

    private static String refName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** JSON unless the body only takes a form. */
    private static String bodyType(Content content) {
        if (content == null || content.isEmpty()) return "application/json";
        for (String type : content.keySet()) if (type.toLowerCase(Locale.ROOT).contains("json")) return "application/json";
        if (content.containsKey("application/x-www-form-urlencoded")) return "application/x-www-form-urlencoded";
        return "application/json";
    }

    private static String serverUrl(OpenAPI api) {
        if (api.getServers() == null || api.getServers().isEmpty()) return null;
        Server server = api.getServers().get(0);
        String url = server.getUrl();
        if (url == null) return null;
        if (server.getVariables() != null) {
            for (var v : server.getVariables().entrySet()) {
                if (v.getValue() != null && v.getValue().getDefault() != null) url = url.replace("{" + v.getKey() + "}", v.getValue().getDefault());
            }
        }
        return url;
    }
}
