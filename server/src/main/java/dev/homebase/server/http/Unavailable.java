package dev.homebase.server.http;

import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * The parts of the Base44 API that Homebase does not implement, in one list: each answers
 * {@code 501 {"message": "<feature> is not available in Homebase", "code": "not_implemented"}}
 * (with the usual {@code detail}, {@code error_type} and {@code request_id}), or 404 where the
 * contract picks it (actors, §16: a 404 closes the client's connection instead of retrying;
 * installable integration packages, §7.3; the typesafe AI gateway, §15). When a feature lands, delete
 * its line here and add its real routes to {@link Routes}.
 */
final class Unavailable {
    private static final String APP = "/api/apps/{appId}";

    /**
     * One unavailable path.
     *
     * @param path a Javalin path pattern, under {@code /api}
     * @param feature what the message names; {@code {name}} is replaced by that path parameter
     * @param status 501, or 404 where the contract says so
     */
    record Feature(String path, String feature, int status) {}

    /** Every unavailable path, in matching order (the more specific first). */
    static final List<Feature> FEATURES = List.of(
            // §7.1: UploadFile, UploadPrivateFile, CreateFileSignedUrl and SendEmail are IntegrationsApi's,
            // ExtractDataFromUploadedFile is ExtractApi's, InvokeLLM and GenerateImage are AiApi's.
            new Feature(APP + "/integration-endpoints/Core/{name}", "The Core integration {name}", 404),
            new Feature(APP + "/integration-endpoints/installable/<rest>", "Integration packages", 404), // §7.3
            new Feature(APP + "/integration-endpoints/<rest>", "Integrations", 501),
            new Feature(APP + "/ai/typesafe/<rest>", "The typesafe AI gateway", 404), // §15
            new Feature(APP + "/actors/<rest>", "Actors", 404)); // §16

    private final Apps apps;

    Unavailable(Apps apps) {
        this.apps = apps;
    }

    /** The handler of one feature: an unknown app is still a 404 of its own. */
    io.javalin.http.Handler handler(Feature feature) {
        return ctx -> {
            apps.require(ctx.pathParam("appId"));
            throw error(feature, ctx);
        };
    }

    private static ApiException error(Feature feature, Context ctx) {
        String name = feature.feature();
        if (name.contains("{name}")) name = name.replace("{name}", ctx.pathParam("name"));
        return new ApiException(feature.status(), "not_implemented", "NotImplementedError",
                name + " is not available in Homebase", Map.of());
    }
}
