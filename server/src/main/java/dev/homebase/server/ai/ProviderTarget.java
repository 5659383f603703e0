package dev.homebase.server.ai;

import java.net.URI;
import java.util.Map;

/**
 * The provider one app's request goes to: the server's settings with the app's override applied.
 *
 * @param url the base URL ending in {@code /v1}
 * @param apiKey the bearer key, empty for none
 * @param model the default chat model
 * @param imageModel the image model, empty for the provider's default
 * @param models Base44 model name → provider model
 */
record ProviderTarget(URI url, String apiKey, String model, String imageModel, Map<String, String> models) {

    /**
     * The provider model for a requested name: {@code null}, {@code "automatic"} and names not in
     * the table use the default model.
     */
    String chatModel(String requested) {
        if (requested == null || requested.isBlank() || requested.equals("automatic")) return model;
        return models.getOrDefault(requested, model);
    }

    /** {@code base + path}, path starting with "/". */
    URI endpoint(String path) {
        return URI.create(url.toString() + path);
    }
}
