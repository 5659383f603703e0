package dev.homebase.server.agents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.project.JsoncReader;
import dev.homebase.server.project.ProjectException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One agent of an app, from {@code base44/agents/<name>.jsonc} (api-contract §14): what the model is told, which
 * tools it has, and who may talk to it.
 *
 * <pre>{@code
 * {"name": "assistant", "description": "Helps with tasks", "instructions": "You help the user manage tasks.",
 *  "tool_configs": [{"entity_name": "Task", "allowed_operations": ["read", "create"]},
 *                   {"function_name": "summarise", "description": "Summarises the user's week"}],
 *  "memory_config": {"enabled": true, "scope": "both"}, "allow_anonymous": false}
 * }</pre>
 *
 * @param name {@code ^[a-z0-9_]+$}, 1–100 characters
 * @param instructions the system prompt
 * @param entityTools entity tools, each with the operations it may run
 * @param functionTools function tools
 * @param memory the memory settings (kept and answered; conversations do not share memory yet)
 * @param allowAnonymous whether visitors without a sign-in (identified by {@code X-Base44-Anonymous-Id}) may use it
 */
public record AgentConfig(String name, String description, String instructions, List<EntityTool> entityTools,
                          List<FunctionTool> functionTools, Memory memory, boolean allowAnonymous) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,100}");
    private static final Set<String> OPERATIONS = Set.of("read", "create", "update", "delete");
    private static final Set<String> KEYS = Set.of("name", "description", "instructions", "tool_configs", "selected_skill_names",
            "memory_config", "whatsapp_greeting", "allow_anonymous", "$schema");

    /** Copies the lists. */
    public AgentConfig {
        entityTools = List.copyOf(entityTools);
        functionTools = List.copyOf(functionTools);
    }

    /**
     * An entity tool.
     *
     * @param entity the entity name as written in the config
     * @param operations a non-empty subset of read, create, update, delete
     */
    public record EntityTool(String entity, Set<String> operations) {}

    /** A function tool: the app's backend function {@code function}, described to the model by {@code description}. */
    public record FunctionTool(String function, String description) {}

    /** {@code memory_config}: scope is global, user or both. */
    public record Memory(boolean enabled, String scope, boolean includeOtherConversations, String instructions) {}

    /**
     * Reads and checks one agent file.
     *
     * @throws ProjectException naming the file and the problem
     */
    public static AgentConfig read(Path file) {
        JsonNode root = JsoncReader.readObject(file);
        for (String key : (Iterable<String>) root::fieldNames) {
            if (!KEYS.contains(key)) throw bad(file, "unknown key \"" + key + "\"");
        }
        String fileName = file.getFileName().toString().replaceFirst("\\.jsonc?$", "");
        String name = text(root, "name", file, fileName);
        if (!NAME.matcher(name).matches()) {
            throw bad(file, "\"name\" must be 1 to 100 lower-case letters, digits or _ (got \"" + name + "\")");
        }
        List<EntityTool> entities = new ArrayList<>();
        List<FunctionTool> functions = new ArrayList<>();
        JsonNode tools = root.path("tool_configs");
        if (!tools.isMissingNode() && !tools.isNull()) {
            if (!tools.isArray()) throw bad(file, "\"tool_configs\" must be an array");
            for (int i = 0; i < tools.size(); i++) {
                JsonNode t = tools.get(i);
                String where = "tool_configs[" + i + "]";
                if (!t.isObject()) throw bad(file, where + " must be an object");
                if (t.hasNonNull("entity_name")) {
                    String entity = t.get("entity_name").asText();
                    if (!entity.matches("\\w{1,100}")) throw bad(file, where + ".entity_name is not an entity name");
                    JsonNode ops = t.path("allowed_operations");
                    if (!ops.isArray() || ops.isEmpty()) {
                        throw bad(file, where + ".allowed_operations must list some of read, create, update, delete");
                    }
                    Set<String> allowed = new LinkedHashSet<>();
                    for (JsonNode op : ops) {
                        if (!OPERATIONS.contains(op.asText())) {
                            throw bad(file, where + ".allowed_operations: unknown operation \"" + op.asText()
                                    + "\" (read, create, update, delete)");
                        }
                        allowed.add(op.asText());
                    }
                    entities.add(new EntityTool(entity, allowed));
                } else if (t.hasNonNull("function_name")) {
                    String fn = t.get("function_name").asText();
                    if (fn.isBlank() || fn.length() > 256) throw bad(file, where + ".function_name is empty or too long");
                    functions.add(new FunctionTool(fn, t.path("description").asText("")));
                } else {
                    throw bad(file, where + " needs \"entity_name\" (with allowed_operations) or \"function_name\"");
                }
            }
        }
        JsonNode mem = root.path("memory_config");
        Memory memory = new Memory(true, "both", false, "");
        if (!mem.isMissingNode() && !mem.isNull()) {
            if (!mem.isObject()) throw bad(file, "\"memory_config\" must be an object");
            String scope = mem.path("scope").asText("both");
            if (!Set.of("global", "user", "both").contains(scope)) throw bad(file, "memory_config.scope must be global, user or both");
            memory = new Memory(mem.path("enabled").asBoolean(true), scope,
                    mem.path("include_other_conversation_context").asBoolean(false), mem.path("instructions").asText(""));
        }
        JsonNode anon = root.path("allow_anonymous");
        if (!anon.isMissingNode() && !anon.isBoolean()) throw bad(file, "\"allow_anonymous\" must be true or false");
        return new AgentConfig(name, text(root, "description", file, ""), text(root, "instructions", file, ""),
                entities, functions, memory, anon.asBoolean(false));
    }

    private static String text(JsonNode root, String key, Path file, String fallback) {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) return fallback;
        if (!v.isTextual()) throw bad(file, "\"" + key + "\" must be a string");
        return v.asText();
    }

    private static ProjectException bad(Path file, String problem) {
        return new ProjectException(file + ": " + problem);
    }
}
