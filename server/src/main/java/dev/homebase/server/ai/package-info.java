/**
 * AI on OpenAI-compatible providers: {@code InvokeLLM} and {@code GenerateImage} (api-contract §7.1)
 * and the AI gateway (§15). {@link dev.homebase.server.ai.AiServices} is the entry point;
 * {@link dev.homebase.server.ai.AiSettings} the server's provider ({@code HOMEBASE_LLM_*}),
 * {@link dev.homebase.server.ai.AppAiConfig} an app's override; the provider is called with the
 * JDK HTTP client (timeouts, retries with backoff, errors mapped to 429/502/503/504 in
 * {@link dev.homebase.server.ai.AiException}). Generated images go to an
 * {@link dev.homebase.server.ai.ImageStore}. Imports {@code project/} and {@code internal/} only;
 * {@code http/AiApi} serves it.
 */
package dev.homebase.server.ai;
