/**
 * The Core integrations that are not files (api-contract §7.1): {@link dev.homebase.server.integrations.EmailService}
 * ({@code SendEmail}, over the server's mailer), with its limits ({@link dev.homebase.server.integrations.IntegrationLimits},
 * counted in the database by {@link dev.homebase.server.auth.RateLimiter}), and the limits of {@code InvokeLLM} and
 * {@code GenerateImage} ({@link dev.homebase.server.integrations.IntegrationQuota}, checked by {@code http/AiApi}).
 * Files are in {@code files/}; the HTTP side of both is {@code http/IntegrationsApi}. Custom (OpenAPI) integrations,
 * api-contract §7.4, are the sub-package {@code integrations.custom} ({@code http/CustomIntegrationsApi});
 * {@code ExtractDataFromUploadedFile} is the sub-package {@code extract/} (HTTP side {@code http/ExtractApi}).
 *
 * <p>May import {@code auth}, {@code mail}, {@code store}, {@code config} and {@code internal}; never {@code http}.
 * Refusals are {@link dev.homebase.server.integrations.IntegrationException}; the web layer picks the status.
 */
package dev.homebase.server.integrations;
