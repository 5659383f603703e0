package dev.homebase.server.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.ai.AiServices;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.auth.TokenService;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.entity.RecordIds;
import dev.homebase.server.entity.RecordService;
import dev.homebase.server.entity.Timestamps;
import dev.homebase.server.internal.Json;
import dev.homebase.server.project.Apps;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.QueryException;
import dev.homebase.server.query.Sort;
import dev.homebase.server.store.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AI agent conversations (api-contract §14): create, list, get, add a message; and the runs a user message starts,
 * on a bounded pool of runner threads ({@link AgentRun}). A conversation belongs to the user, visitor or service role
 * that created it; others get 403, the service role sees every conversation. Every stored or changed message is
 * pushed to the conversation's room. Thread-safe.
 *
 * <pre>{@code
 * ObjectNode conv = agents.create(appId, caller, visitorId, Json.parse("{\"agent_name\":\"assistant\"}"));
 * agents.addMessage(appId, caller, visitorId, conv.get("id").asText(), Json.parse("{\"role\":\"user\",\"content\":\"hi\"}"));
 * }</pre>
 */
public final class AgentService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentService.class);
    /** The contract's refusal for someone else's conversation (§14). */
    static final String NOT_YOURS = "Access denied: conversation belongs to another user";
    /** The contract's refusal of a create without a user or visitor (§14). */
    static final String SIGN_IN = "User must be authenticated to create a conversation";
    /** Most conversations one list answers. */
    static final int MAX_LIST = 500;
    private static final Set<String> MESSAGE_KEYS = Set.of("content", "file_urls", "custom_context", "additional_message_params", "hidden",
            "metadata");

    private final AgentCatalog catalog;
    private final ConversationStore store;
    private final Apps apps;
    private final AgentSettings settings;
    private final RecordIds ids;
    private final Timestamps time;
    private final RoomPublisher publisher;
    private final ThreadPoolExecutor runners;
    private final AgentRun.Parts parts;

    /**
     * @param serverUrl this server's own URL (function tools call the app's function route there)
     * @param publisher where conversation changes are pushed (the realtime relay)
     */
    public AgentService(AgentCatalog catalog, Database db, Apps apps, RecordService records, UserStore users, TokenService tokens,
                        AiServices ai, AgentSettings settings, Supplier<String> serverUrl, RoomPublisher publisher, Clock clock) {
        this.catalog = catalog;
        this.store = new ConversationStore(db);
        this.apps = apps;
        this.settings = settings;
        this.ids = new RecordIds(clock);
        this.time = new Timestamps(clock);
        this.publisher = publisher;
        this.runners = new ThreadPoolExecutor(settings.runners(), settings.runners(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queue()), Thread.ofPlatform().daemon().name("agent-run-", 1).factory());
        this.parts = new AgentRun.Parts(store, catalog, new AgentTools(apps, records, serverUrl), new OwnerIdentity(db, users, tokens), ai,
                settings, this::message, this::push, clock);
    }

    /** The agents of the hosted apps (reloaded by {@link AgentWatcher}). */
    public AgentCatalog catalog() {
        return catalog;
    }

    /**
     * Creates a conversation with {@code body.agent_name} (and optional {@code metadata}).
     *
     * @param visitorId the {@code X-Base44-Anonymous-Id} header, or null
     * @throws AgentException 400 bad body, 401 anonymous without a visitor id (or the agent does not allow anonymous
     *     use), 404 unknown agent
     */
    public ObjectNode create(String appId, Principal caller, String visitorId, JsonNode body) {
        if (!(body instanceof ObjectNode b)) throw new AgentException(400, "The body must be a JSON object with agent_name");
        JsonNode name = b.get("agent_name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) throw new AgentException(400, "agent_name is required");
        JsonNode metadata = b.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) throw new AgentException(400, "metadata must be an object");
        Owner owner = Owner.of(caller, visitorId).orElseThrow(() -> new AgentException(401, SIGN_IN));
        AgentConfig agent = catalog.find(appId, name.asText())
                .orElseThrow(() -> new AgentException(404, "Agent " + name.asText() + " not found"));
        if (owner.isVisitor() && !agent.allowAnonymous()) throw new AgentException(401, SIGN_IN);
        ObjectNode data = Json.object().put("agent_name", agent.name());
        data.set("metadata", metadata instanceof ObjectNode m ? m : Json.object());
        String now = time.now();
        ConversationStore.Conversation c = store.create(new ConversationStore.Conversation(appId, ids.next(), agent.name(), owner.key(), data,
                now, now, owner.isVisitor() ? null : caller.email(), owner.isVisitor() ? null : caller.id()));
        return c.json(List.of());
    }

    /**
     * The caller's conversations (the service role: all of the app's), filtered, sorted and paged in SQL.
     *
     * @param q a filter on {@code agent_name}, {@code metadata.*}, {@code id}, the dates; null for none
     * @param fields the keys to answer (nulls omitted), empty for whole conversations
     * @throws AgentException 400 for a filter that does not compile
     */
    public List<ObjectNode> list(String appId, Principal caller, String visitorId, JsonNode q, String sort, int limit, int skip, List<String> fields) {
        Optional<Owner> owner = Owner.of(caller, visitorId);
        if (owner.isEmpty()) return List.of(); // anonymous without a visitor id owns nothing
        List<ConversationStore.Conversation> page;
        try {
            Filter filter = q == null ? new Filter.All() : FilterParser.parse(q);
            Sort order = Sort.parseOrDefault(sort);
            page = store.list(appId, owner.get().isService() ? null : owner.get().key(), filter, order,
                    Math.max(1, Math.min(MAX_LIST, limit)), Math.max(0, skip));
        } catch (QueryException e) {
            throw new AgentException(400, "Invalid query parameter 'q': " + e.getMessage());
        }
        Map<String, List<ObjectNode>> messages = store.messages(appId, page.stream().map(ConversationStore.Conversation::id).toList());
        List<ObjectNode> out = new ArrayList<>(page.size());
        for (ConversationStore.Conversation c : page) out.add(project(c.json(messages.get(c.id())), fields));
        return out;
    }

    /** A conversation with every message, whole. @throws AgentException 404 unknown, 403 another owner's */
    public ObjectNode get(String appId, Principal caller, String visitorId, String id) {
        ConversationStore.Conversation c = owned(appId, caller, visitorId, id);
        return c.json(store.messages(appId, List.of(c.id())).get(c.id()));
    }

    /**
     * Stores a message and, for a user message, starts the agent in the background; answers the stored message.
     *
     * @throws AgentException 400 bad message, 403 another owner's conversation, 404 unknown conversation
     */
    public ObjectNode addMessage(String appId, Principal caller, String visitorId, String id, JsonNode body) {
        ConversationStore.Conversation c = owned(appId, caller, visitorId, id);
        if (!(body instanceof ObjectNode b)) throw new AgentException(400, "The message must be a JSON object");
        String role = b.path("role").asText("user");
        if (!role.equals("user") && !(caller instanceof Principal.Service && Set.of("assistant", "system").contains(role))) {
            throw new AgentException(400, "role must be \"user\"");
        }
        JsonNode content = b.get("content");
        if (content != null && !content.isNull() && !content.isTextual() && !content.isObject()) {
            throw new AgentException(400, "content must be a string or an object");
        }
        ObjectNode message = message(role, content == null || content.isNull() ? Json.MAPPER.getNodeFactory().textNode("") : content);
        for (String key : MESSAGE_KEYS) {
            if (b.hasNonNull(key) && !key.equals("content") && !key.equals("metadata")) message.set(key, b.get(key));
        }
        ObjectNode meta = message.putObject("metadata");
        meta.put("created_date", message.get("created_date").asText());
        if (caller.email() != null && !(caller instanceof Principal.Service)) meta.put("created_by_email", caller.email());
        store.append(appId, c.id(), message, message.get("created_date").asText());
        push(c, message);
        if (role.equals("user")) start(c);
        return message;
    }

    /**
     * Whether a socket may join {@code room} (§17.3): the conversation's owner (user id, or the handshake's anonymous
     * id for a visitor's conversation) or the service role.
     */
    public boolean mayJoin(String appId, Principal caller, Optional<String> anonymousId, String room) {
        String prefix = ConversationPush.room("");
        if (!room.startsWith(prefix)) return false;
        Optional<ConversationStore.Conversation> c = store.find(appId, room.substring(prefix.length()));
        if (c.isEmpty()) return false;
        if (caller instanceof Principal.Service) return true;
        Optional<Owner> owner = Owner.of(caller, anonymousId.orElse(null));
        return owner.isPresent() && owner.get().key().equals(c.get().owner());
    }

    private ConversationStore.Conversation owned(String appId, Principal caller, String visitorId, String id) {
        ConversationStore.Conversation c = store.find(appId, id)
                .orElseThrow(() -> new AgentException(404, "Conversation " + id + " not found"));
        if (caller instanceof Principal.Service) return c;
        Optional<Owner> owner = Owner.of(caller, visitorId);
        if (owner.isEmpty() || !owner.get().key().equals(c.owner())) throw new AgentException(403, NOT_YOURS);
        return c;
    }

    private void start(ConversationStore.Conversation c) {
        try {
            runners.execute(new AgentRun(parts, c));
        } catch (RejectedExecutionException e) {
            log.warn("app {}: agent run of conversation {} refused: {} runs waiting", c.appId(), c.id(), settings.queue());
            ObjectNode busy = message("assistant", Json.MAPPER.getNodeFactory().textNode(
                    "The server is busy with other agent runs; please send your message again in a moment."));
            store.append(c.appId(), c.id(), busy, busy.get("created_date").asText());
            push(c, busy);
        }
    }

    /** A new message with an id and timestamps. */
    ObjectNode message(String role, JsonNode content) {
        ObjectNode m = Json.object();
        String now = time.now();
        m.put("id", ids.next());
        m.put("role", role);
        m.set("content", content);
        m.put("created_date", now);
        m.put("updated_date", now);
        return m;
    }

    /** Pushes one message change, with the conversation as it now is, to the conversation's room. */
    void push(ConversationStore.Conversation c, ObjectNode message) {
        try {
            List<ObjectNode> all = store.messages(c.appId(), List.of(c.id())).get(c.id());
            publisher.publish(c.appId(), ConversationPush.room(c.id()), ConversationPush.payload(c.id(), c.agentName(), message, all));
        } catch (RuntimeException e) {
            log.warn("app {}: conversation {} change not pushed: {}", c.appId(), c.id(), e.toString());
        }
    }

    private static ObjectNode project(ObjectNode conversation, List<String> fields) {
        if (fields == null || fields.isEmpty()) return conversation;
        ObjectNode out = Json.object();
        out.set("id", conversation.get("id"));
        for (String f : fields) {
            JsonNode v = conversation.get(f);
            if (v != null && !v.isNull()) out.set(f, v);
        }
        return out;
    }

    /** Stops the runners; runs in progress get a moment to finish. */
    @Override
    public void close() {
        runners.shutdown();
        try {
            if (!runners.awaitTermination(2, TimeUnit.SECONDS)) runners.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runners.shutdownNow();
        }
    }
}
