package dev.homebase.server.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.entity.EntityContext;
import dev.homebase.server.entity.EntitySchema;
import dev.homebase.server.entity.PermissionDeniedException;
import dev.homebase.server.entity.RecordNotFoundException;
import dev.homebase.server.entity.RecordService;
import dev.homebase.server.entity.ValidationException;
import dev.homebase.server.internal.Json;
import dev.homebase.server.project.Apps;
import dev.homebase.server.query.QueryException;
import dev.homebase.server.store.EntityScope;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An agent's tools as the model sees them (OpenAI function tools) and as they run: entity tools through the same
 * {@link RecordService} as the REST routes, with the conversation owner as the caller (row and field rules,
 * validation and realtime events exactly as for that owner's own request); function tools as an HTTP call to the
 * app's function route with the owner's token. Thread-safe.
 *
 * <p>Entity tool names: {@code read_<Entity>}, {@code create_<Entity>}, {@code update_<Entity>},
 * {@code delete_<Entity>}; a function tool is named after its function ({@code /} and other characters outside
 * {@code [A-Za-z0-9_-]} become {@code _}).
 */
final class AgentTools {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AgentTools.class);

    /** Most records a read tool returns. */
    static final int MAX_READ = 100;

    private final Apps apps;
    private final RecordService records;
    private final Supplier<String> serverUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AgentTools(Apps apps, RecordService records, Supplier<String> serverUrl) {
        this.apps = apps;
        this.records = records;
        this.serverUrl = serverUrl;
    }

    /** One tool of an agent, by the name the model calls it. */
    sealed interface Tool permits EntityTool, FunctionTool {}

    record EntityTool(String entity, String operation) implements Tool {}

    record FunctionTool(String function) implements Tool {}

    /** What a tool call gave: success with a result, or an error with its message. */
    record Outcome(boolean ok, String result) {}

    /** The tools of an agent by model-facing name, in config order. */
    Map<String, Tool> tools(AgentConfig agent) {
        Map<String, Tool> out = new LinkedHashMap<>();
        for (AgentConfig.EntityTool t : agent.entityTools()) {
            for (String op : t.operations()) out.put(op + "_" + t.entity(), new EntityTool(t.entity(), op));
        }
        for (AgentConfig.FunctionTool f : agent.functionTools()) out.put(f.function().replaceAll("[^A-Za-z0-9_-]", "_"), new FunctionTool(f.function()));
        return out;
    }

    /** The {@code tools} array of a Chat Completions request. */
    ArrayNode definitions(String appId, AgentConfig agent) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        Map<String, String> descriptions = new LinkedHashMap<>();
        agent.functionTools().forEach(f -> descriptions.put(f.function(), f.description()));
        tools(agent).forEach((name, tool) -> {
            ObjectNode fn = out.addObject().put("type", "function").putObject("function");
            fn.put("name", name);
            ObjectNode params = fn.putObject("parameters").put("type", "object");
            ObjectNode props = params.putObject("properties");
            switch (tool) {
                case EntityTool e -> {
                    String fields = fieldList(appId, e.entity());
                    switch (e.operation()) {
                        case "read" -> {
                            fn.put("description", "List " + e.entity() + " records the user may see" + fields);
                            props.putObject("query").put("type", "object").put("description", "Mongo-style filter, e.g. {\"status\": \"open\"}");
                            props.putObject("sort").put("type", "string").put("description", "field to sort by, - prefix for descending");
                            props.putObject("limit").put("type", "integer").put("description", "at most " + MAX_READ);
                        }
                        case "create" -> {
                            fn.put("description", "Create a " + e.entity() + " record" + fields);
                            props.putObject("data").put("type", "object");
                            params.putArray("required").add("data");
                        }
                        case "update" -> {
                            fn.put("description", "Change fields of a " + e.entity() + " record" + fields);
                            props.putObject("id").put("type", "string");
                            props.putObject("data").put("type", "object");
                            params.putArray("required").add("id").add("data");
                        }
                        default -> {
                            fn.put("description", "Delete a " + e.entity() + " record");
                            props.putObject("id").put("type", "string");
                            params.putArray("required").add("id");
                        }
                    }
                }
                case FunctionTool f -> {
                    String d = descriptions.getOrDefault(f.function(), "");
                    fn.put("description", d.isBlank() ? "Call the backend function " + f.function() : d);
                    params.put("additionalProperties", true);
                }
            }
        });
        return out;
    }

    private String fieldList(String appId, String entity) {
        Optional<EntitySchema> schema = apps.find(appId).flatMap(a -> a.project().entity(entity));
        return schema.map(s -> s.fields().isEmpty() ? "" : " (fields: " + String.join(", ", s.fields().keySet()) + ")").orElse("");
    }

    /**
     * Runs one tool call as {@code acting}. Never throws for the tool's own failures: they are an error outcome.
     *
     * @param arguments the model's {@code arguments} text
     * @param timeout how long a function call may take
     */
    Outcome run(String appId, Tool tool, String arguments, OwnerIdentity.Acting acting, Duration timeout) {
        ObjectNode args;
        try {
            JsonNode parsed = arguments == null || arguments.isBlank() ? Json.object() : Json.parse(arguments);
            if (!(parsed instanceof ObjectNode o)) return new Outcome(false, "The arguments must be a JSON object");
            args = o;
        } catch (IOException e) {
            return new Outcome(false, "The arguments are not valid JSON");
        }
        try {
            return switch (tool) {
                case EntityTool e -> new Outcome(true, Json.write(entity(appId, e, args, acting)));
                case FunctionTool f -> function(appId, f, args, acting, timeout);
            };
        } catch (ValidationException | PermissionDeniedException | RecordNotFoundException | QueryException | IllegalArgumentException e) {
            return new Outcome(false, e.getMessage());
        } catch (RuntimeException e) {
            // Recorded as this call's error (the run goes on); the details stay in the log.
            log.warn("app {}: agent tool {} failed", appId, tool, e);
            return new Outcome(false, "The tool failed: " + e.getClass().getSimpleName());
        }
    }

    private Object entity(String appId, EntityTool tool, ObjectNode args, OwnerIdentity.Acting acting) {
        if ("user".equalsIgnoreCase(tool.entity())) throw new IllegalArgumentException("The User entity is not available to agents");
        Apps.HostedApp app = apps.require(appId);
        EntitySchema schema = app.project().entity(tool.entity())
                .orElseThrow(() -> new IllegalArgumentException("The app has no entity " + tool.entity()));
        EntityContext ctx = new EntityContext(schema, new EntityScope(appId, schema.name(), "prod"), acting.principal(),
                app.validator(), app.rules(schema));
        return switch (tool.operation()) {
            case "read" -> {
                JsonNode query = args.path("query");
                int limit = Math.max(1, Math.min(MAX_READ, args.path("limit").asInt(20)));
                String sort = args.path("sort").isTextual() ? args.get("sort").asText() : null;
                yield records.list(ctx, query.isObject() ? query : null, sort, limit, 0, java.util.List.of());
            }
            case "create" -> records.create(ctx, object(args, "data"));
            case "update" -> records.update(ctx, text(args, "id"), object(args, "data"));
            default -> {
                records.delete(ctx, text(args, "id"));
                yield Map.of("success", true);
            }
        };
    }

    private Outcome function(String appId, FunctionTool tool, ObjectNode args, OwnerIdentity.Acting acting, Duration timeout) {
        String path = "/api/apps/" + appId + "/functions/" + URLEncoder.encode(tool.function(), StandardCharsets.UTF_8).replace("%2F", "/");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(serverUrl.get() + path)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(args)));
        if (acting.token() != null) request.header("Authorization", "Bearer " + acting.token());
        try {
            HttpResponse<String> res = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean ok = res.statusCode() / 100 == 2;
            String body = res.body();
            return new Outcome(ok, ok ? body : "The function answered HTTP " + res.statusCode() + (body.isBlank() ? "" : ": " + shorten(body, 500)));
        } catch (java.net.http.HttpTimeoutException e) {
            return new Outcome(false, "The function did not answer in time");
        } catch (IOException e) {
            return new Outcome(false, "The function could not be called: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "The server is stopping");
        }
    }

    private static ObjectNode object(ObjectNode args, String key) {
        if (args.get(key) instanceof ObjectNode o) return o;
        throw new IllegalArgumentException("\"" + key + "\" must be an object");
    }

    private static String text(ObjectNode args, String key) {
        JsonNode v = args.get(key);
        if (v == null || !v.isTextual() || v.asText().isBlank()) throw new IllegalArgumentException("\"" + key + "\" must be a record id");
        return v.asText();
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
