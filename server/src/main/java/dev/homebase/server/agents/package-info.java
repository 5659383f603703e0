/**
 * AI agents (api-contract §14, §17.4): agent files {@code base44/agents/*.jsonc} ({@link dev.homebase.server.agents.AgentConfig},
 * {@link dev.homebase.server.agents.AgentCatalog}, hot reload by {@link dev.homebase.server.agents.AgentWatcher}),
 * conversations and messages in the database ({@code ConversationStore}: filter, sort and pages in SQL through the
 * entity query compiler), and the runs a user message starts ({@code AgentRun}, on the bounded runner pool of
 * {@link dev.homebase.server.agents.AgentService}): OpenAI-compatible tool calling through {@code ai/AiServices},
 * entity tools through {@code entity/RecordService} as the conversation's owner, function tools through the app's
 * function route with the owner's token, every change pushed to the room {@code /agent-conversations/{id}}.
 * Imports {@code ai}, {@code auth}, {@code entity}, {@code project}, {@code query}, {@code store}, {@code internal};
 * {@code http/AgentsApi} serves it.
 */
package dev.homebase.server.agents;
