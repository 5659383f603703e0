package dev.homebase.sdk.internal;

import dev.homebase.sdk.agents.AgentsModule;
import dev.homebase.sdk.realtime.Subscription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** {@link AgentsModule} over a channel. Thread-safe. */
final class DefaultAgentsModule implements AgentsModule {
    private final Channel channel;
    private final String appId;
    private final String base;
    private final Supplier<String> urlToken;
    private final RealtimeRooms realtime;

    DefaultAgentsModule(Channel channel, String appId, Supplier<String> urlToken, RealtimeRooms realtime) {
        this.realtime = realtime;
        this.channel = channel;
        this.appId = appId;
        this.base = "/apps/" + Encoding.component(appId) + "/agents";
        this.urlToken = urlToken;
    }

    @Override
    public List<Map<String, Object>> getConversations() {
        return Json.toMapList(channel.call(ApiRequest.get(base + "/conversations")));
    }

    @Override
    public List<Map<String, Object>> listConversations(Map<String, ?> params) {
        return Json.toMapList(channel.call(ApiRequest.get(base + "/conversations").queryAll(params)));
    }

    @Override
    public Map<String, Object> getConversation(String conversationId) {
        return Json.toMap(channel.call(conversationRequest(conversationId)));
    }

    private ApiRequest conversationRequest(String conversationId) {
        return ApiRequest.get(base + "/conversations/" + Encoding.component(Checks.text(conversationId, "conversationId")));
    }

    @Override
    public Map<String, Object> createConversation(Map<String, ?> conversation) {
        return Json.toMap(channel.call(createRequest(conversation)));
    }

    private ApiRequest createRequest(Map<String, ?> conversation) {
        return ApiRequest.post(base + "/conversations").json(Checks.notNull(conversation, "conversation"));
    }

    @Override
    public Map<String, Object> createConversation(String agentName) {
        return createConversation(Map.of("agent_name", Checks.text(agentName, "agentName")));
    }

    @Override
    public Map<String, Object> addMessage(Map<String, ?> conversation, Map<String, ?> message) {
        Object id = Checks.notNull(conversation, "conversation").get("id");
        return addMessage(id == null ? null : id.toString(), message);
    }

    @Override
    public Map<String, Object> addMessage(String conversationId, Map<String, ?> message) {
        return Json.toMap(channel.call(messageRequest(conversationId, message)));
    }

    private ApiRequest messageRequest(String conversationId, Map<String, ?> message) {
        return ApiRequest.post(base + "/conversations/v2/"
                + Encoding.component(Checks.text(conversationId, "conversation id")) + "/messages")
                .json(Checks.notNull(message, "message"));
    }

    // ---- async variants: the same requests, sent with HttpClient.sendAsync

    @Override
    public CompletableFuture<List<Map<String, Object>>> getConversationsAsync() {
        return listConversationsAsync(null);
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> listConversationsAsync(Map<String, ?> params) {
        return channel.callAsync(ApiRequest.get(base + "/conversations").queryAll(params), Json::toMapList);
    }

    @Override
    public CompletableFuture<Map<String, Object>> getConversationAsync(String conversationId) {
        return channel.callAsync(conversationRequest(conversationId), Json::toMap);
    }

    @Override
    public CompletableFuture<Map<String, Object>> createConversationAsync(Map<String, ?> conversation) {
        return channel.callAsync(createRequest(conversation), Json::toMap);
    }

    @Override
    public CompletableFuture<Map<String, Object>> createConversationAsync(String agentName) {
        return createConversationAsync(Map.of("agent_name", Checks.text(agentName, "agentName")));
    }

    @Override
    public CompletableFuture<Map<String, Object>> addMessageAsync(Map<String, ?> conversation, Map<String, ?> message) {
        Object id = Checks.notNull(conversation, "conversation").get("id");
        return addMessageAsync(id == null ? null : id.toString(), message);
    }

    @Override
    public CompletableFuture<Map<String, Object>> addMessageAsync(String conversationId, Map<String, ?> message) {
        return channel.callAsync(messageRequest(conversationId, message), Json::toMap);
    }

    @Override
    public Subscription subscribeToConversation(String conversationId, Consumer<Map<String, Object>> onUpdate) {
        try {
            return subscribeToConversationAsync(conversationId, onUpdate).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * Reads the conversation, then joins {@code /agent-conversations/{id}}. A pushed {@code _message} replaces the
     * cached message with its id or is appended; pushes that arrive before the first read finished are applied to it
     * in order (they wait for it, as in the JavaScript client).
     */
    @Override
    public CompletableFuture<Subscription> subscribeToConversationAsync(String conversationId, Consumer<Map<String, Object>> onUpdate) {
        Checks.text(conversationId, "conversationId");
        Checks.notNull(onUpdate, "onUpdate");
        if (realtime == null) {
            throw new IllegalStateException("This client has no realtime connection");
        }
        CompletableFuture<Map<String, Object>> initial = getConversationAsync(conversationId);
        Object lock = new Object();
        java.util.concurrent.atomic.AtomicReference<Map<String, Object>> current = new java.util.concurrent.atomic.AtomicReference<>();
        return initial.thenCompose(conversation -> {
            synchronized (lock) {
                current.set(conversation);
            }
            return realtime.subscribe("/agent-conversations/" + conversationId, data -> {
                Map<String, Object> pushed;
                try {
                    pushed = Json.toMap(Json.MAPPER.readTree(data));
                } catch (java.io.IOException | RuntimeException e) {
                    return; // not a conversation payload
                }
                if (!(pushed.get("_message") instanceof Map<?, ?> message)) {
                    return;
                }
                Map<String, Object> updated;
                synchronized (lock) {
                    updated = new LinkedHashMap<>(current.get());
                    List<Object> messages = new ArrayList<>(updated.get("messages") instanceof List<?> l ? l : List.of());
                    int at = -1;
                    for (int i = 0; i < messages.size(); i++) {
                        if (messages.get(i) instanceof Map<?, ?> m && java.util.Objects.equals(m.get("id"), message.get("id"))) {
                            at = i;
                        }
                    }
                    if (at >= 0) {
                        messages.set(at, message);
                    } else {
                        messages.add(message);
                    }
                    updated.put("messages", messages);
                    current.set(updated);
                }
                onUpdate.accept(updated);
            });
        });
    }

    @Override
    public String getWhatsAppConnectURL(String agentName) {
        return connectUrl(agentName, "whatsapp");
    }

    @Override
    public String getTelegramConnectURL(String agentName) {
        return connectUrl(agentName, "telegram");
    }

    private String connectUrl(String agentName, String channelName) {
        String url = channel.transport().apiBase() + "/apps/" + Encoding.component(appId) + "/agents/"
                + Encoding.component(Checks.text(agentName, "agentName")) + "/" + channelName;
        String token = urlToken.get();
        return token == null || token.isEmpty() ? url : url + "?token=" + Encoding.component(token);
    }
}
