package dev.homebase.sdk.app;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The app's own public configuration, the Java form of {@code base44.app}. Thread-safe. */
public interface AppModule {
    /**
     * Reads {@code GET /apps/public/prod/public-settings/by-id/{appId}}.
     *
     * @return {@code {id, public_settings}}
     */
    Map<String, Object> getPublicSettings();

    /**
     * Reads the public settings without blocking; see {@link #getPublicSettings()}.
     *
     * @return completes with {@code {id, public_settings}}, or exceptionally with the
     *     {@link dev.homebase.sdk.Base44Exception}
     */
    CompletableFuture<Map<String, Object>> getPublicSettingsAsync();
}
