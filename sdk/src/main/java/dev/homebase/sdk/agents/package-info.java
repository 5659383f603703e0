/**
 * AI agents and the AI gateway: {@link dev.homebase.sdk.agents.AgentsModule} and
 * {@link dev.homebase.sdk.agents.AiGatewayModule}.
 */
package dev.homebase.sdk.agents;
