package dev.homebase.server.http;

import dev.homebase.server.files.FileService;
import dev.homebase.server.integrations.EmailService;
import dev.homebase.server.integrations.custom.CustomIntegrationService;
import dev.homebase.server.integrations.extract.ExtractLimits;
import dev.homebase.server.project.IntegrationSettings;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the HTTP layer needs for the Core integrations and the media URLs, built once in {@code App}.
 *
 * @param files uploads, their storage and the signed URLs of private files
 * @param email {@code SendEmail}
 * @param settings who may call an app's integrations (its {@code config.jsonc}), by app id
 * @param publicUrl the URL users reach the server at ({@code HOMEBASE_PUBLIC_URL}), when set; else each request's origin
 * @param custom the apps' custom integrations (api-contract §7.4); null: none
 * @param extractLimits how much {@code ExtractDataFromUploadedFile} reads (the server's {@code ServerConfig})
 */
public record IntegrationServices(FileService files, EmailService email, Function<String, IntegrationSettings> settings,
                                  Optional<String> publicUrl, CustomIntegrationService custom, ExtractLimits extractLimits) {
    /** Without custom integrations, with the default extraction limits. */
    public IntegrationServices(FileService files, EmailService email, Function<String, IntegrationSettings> settings,
                               Optional<String> publicUrl) {
        this(files, email, settings, publicUrl, null, ExtractLimits.DEFAULT);
    }
}
