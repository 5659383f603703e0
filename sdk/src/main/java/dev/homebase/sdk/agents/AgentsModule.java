package dev.homebase.sdk.agents;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * AI agent conversations, the Java form of {@code base44.agents} (user client and service
 * role). Base {@code /apps/{appId}/agents}. Thread-safe.
 *
 * <p>{@link #subscribeToConversation} reads the conversation once, then follows its realtime room
 * {@code /agent-conversations/{id}}: each pushed message replaces the cached one with the same id (or is appended),
 * and the callback gets the whole conversation, as in the JavaScript client.
 */
public interface AgentsModule {

    /**
     * Lists the caller's conversations.
     *
     * @return the conversations
     */
    List<Map<String, Object>> getConversations();

    /**
     * Lists conversations with filters; {@code q} maps are sent in bracket notation
     * ({@code q[agent_name]=x}), lists as {@code fields[]=a}.
     *
     * @param params {@code q}, {@code sort}, {@code sort_by}, {@code limit}, {@code skip}, {@code fields}
     * @return the conversations
     */
    List<Map<String, Object>> listConversations(Map<String, ?> params);

    /**
     * Reads one conversation with its messages.
     *
     * @param conversationId the id
     * @return the conversation
     */
    Map<String, Object> getConversation(String conversationId);

    /**
     * Creates a conversation; the body is sent as given ({@code agent_name}, {@code metadata}).
     *
     * @param conversation the conversation fields
     * @return the conversation
     */
    Map<String, Object> createConversation(Map<String, ?> conversation);

    /**
     * Creates a conversation with an agent.
     *
     * @param agentName the agent name
     * @return the conversation
     */
    Map<String, Object> createConversation(String agentName);

    /**
     * Adds a message ({@code POST /conversations/v2/{id}/messages}); the agent answers
     * asynchronously.
     *
     * @param conversation a conversation holding its {@code id}
     * @param message      the message, e.g. {@code {role: "user", content: "hi"}}
     * @return the stored message
     */
    Map<String, Object> addMessage(Map<String, ?> conversation, Map<String, ?> message);

    /**
     * Adds a message to a conversation by id.
     *
     * @param conversationId the conversation id
     * @param message        the message
     * @return the stored message
     */
    Map<String, Object> addMessage(String conversationId, Map<String, ?> message);

    /**
     * Returns the WhatsApp connect URL {@code {serverUrl}/api/apps/{appId}/agents/{agent}/whatsapp[?token=]}.
     *
     * @param agentName the agent name
     * @return the URL to open
     */
    String getWhatsAppConnectURL(String agentName);

    /**
     * Returns the Telegram connect URL.
     *
     * @param agentName the agent name
     * @return the URL to open
     */
    String getTelegramConnectURL(String agentName);

    /**
     * Lists the conversations without blocking; see {@link #getConversations()}.
     *
     * @return completes with the conversations, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<List<Map<String, Object>>> getConversationsAsync();

    /**
     * Lists conversations with query parameters without blocking; see {@link #listConversations(Map)}.
     *
     * @param params query parameters, or null
     * @return completes with the conversations, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<List<Map<String, Object>>> listConversationsAsync(Map<String, ?> params);

    /**
     * Reads one conversation without blocking; see {@link #getConversation(String)}.
     *
     * @param conversationId the conversation id
     * @return completes with the conversation, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<Map<String, Object>> getConversationAsync(String conversationId);

    /**
     * Creates a conversation without blocking; see {@link #createConversation(Map)}.
     *
     * @param conversation the conversation, with {@code agent_name}
     * @return completes with the created conversation, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<Map<String, Object>> createConversationAsync(Map<String, ?> conversation);

    /**
     * Creates a conversation with an agent without blocking; see {@link #createConversation(String)}.
     *
     * @param agentName the agent's name
     * @return completes with the created conversation, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<Map<String, Object>> createConversationAsync(String agentName);

    /**
     * Adds a message to a conversation without blocking; see {@link #addMessage(Map, Map)}.
     *
     * @param conversation the conversation (its {@code id} is used)
     * @param message the message
     * @return completes with the server's answer, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<Map<String, Object>> addMessageAsync(Map<String, ?> conversation, Map<String, ?> message);

    /**
     * Adds a message to a conversation without blocking; see {@link #addMessage(String, Map)}.
     *
     * @param conversationId the conversation id
     * @param message the message
     * @return completes with the server's answer, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<Map<String, Object>> addMessageAsync(String conversationId, Map<String, ?> message);

    /**
     * Follows a conversation: reads it once, joins its realtime room, and calls {@code onUpdate} with the whole
     * conversation (messages included) after every message the server pushes (the user's message as stored, each
     * change of the agent's answer and tool calls). Callbacks run on the client's realtime event thread. Blocks until
     * the server acknowledged the join.
     *
     * @param conversationId the conversation id
     * @param onUpdate       receives the conversation after each change
     * @return closes the subscription
     * @throws dev.homebase.sdk.Base44Exception when the conversation cannot be read, or the join is refused (another
     *     user's conversation)
     */
    dev.homebase.sdk.realtime.Subscription subscribeToConversation(String conversationId, Consumer<Map<String, Object>> onUpdate);

    /**
     * Follows a conversation without blocking; see {@link #subscribeToConversation(String, Consumer)}.
     *
     * @param conversationId the conversation id
     * @param onUpdate       receives the conversation after each change
     * @return completes with the subscription once joined, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<dev.homebase.sdk.realtime.Subscription> subscribeToConversationAsync(String conversationId,
                                                                                       Consumer<Map<String, Object>> onUpdate);
}
