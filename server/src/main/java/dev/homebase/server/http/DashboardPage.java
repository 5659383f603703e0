package dev.homebase.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves the admin dashboard at {@code /_/}: the assets the Maven build put into the jar under
 * {@code dashboard/} (built from {@code src/main/dashboard}). Hashed files under {@code /_/assets/}
 * are cached for a year; {@code index.html} is not cached, and answers every other path under
 * {@code /_/} (the dashboard's own pages). The page holds no data: everything it shows comes from
 * the API with the signed-in admin's token.
 */
final class DashboardPage {
    private static final String ROOT = "/dashboard/";
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "html", "text/html; charset=utf-8");

    void serve(Context ctx) throws IOException {
        String path = ctx.path();
        String rest = path.length() > 3 ? path.substring(3) : "";
        if (rest.startsWith("assets/")) {
            String name = rest.substring("assets/".length());
            if (!name.matches("[A-Za-z0-9_-]+\\.(js|css)")) throw ApiException.notFound("No dashboard asset " + path);
            if (!send(ctx, "assets/" + name, "public, max-age=31536000, immutable")) {
                throw ApiException.notFound("No dashboard asset " + path);
            }
            return;
        }
        if (!send(ctx, "index.html", "no-cache")) {
            throw ApiException.notFound("The dashboard is not in this build (the server was built with -Ddashboard.skip=true,"
                    + " or without node and npm)");
        }
    }

    private static boolean send(Context ctx, String file, String cacheControl) throws IOException {
        try (InputStream in = DashboardPage.class.getResourceAsStream(ROOT + file)) {
            if (in == null) return false;
            String ext = file.substring(file.lastIndexOf('.') + 1);
            ctx.status(200).contentType(TYPES.get(ext)).header("Cache-Control", cacheControl)
                    .header("X-Content-Type-Options", "nosniff").result(in.readAllBytes());
            return true;
        }
    }
}
