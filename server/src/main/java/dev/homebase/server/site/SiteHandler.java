package dev.homebase.server.site;

import dev.homebase.server.internal.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Serves an app's built front end at {@code /}, with single-page-app fallback: a path that is not
 * a file and has no extension gets {@code index.html}, so client-side routes load the app.
 */
public final class SiteHandler {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"), Map.entry("ico", "image/x-icon"), Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"), Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("map", "application/json"),
            Map.entry("wasm", "application/wasm"), Map.entry("webmanifest", "application/manifest+json"));

    private final Optional<Path> root;
    private final AppManifest manifest;

    /** @param root the built site folder, or empty when the app has none */
    public SiteHandler(Optional<Path> root) {
        this(root, new AppManifest(null, null, null));
    }

    /**
     * @param root the built site folder, or empty when the app has none
     * @param manifest what {@code /manifest.json} says when the site has no such file
     */
    public SiteHandler(Optional<Path> root, AppManifest manifest) {
        this.root = root.map(p -> p.toAbsolutePath().normalize());
        this.manifest = manifest;
    }

    /** {@code GET /manifest.json}: the site's own file, else one made from the app's name and icon. */
    public void manifest(Context ctx) throws IOException {
        if (root.isPresent() && Files.isRegularFile(root.get().resolve("manifest.json"))) {
            serve(ctx);
            return;
        }
        ctx.status(200).contentType("application/manifest+json").header("Cache-Control", "no-cache")
                .result(Json.write(manifest.toJson()));
    }

    /** Handles a GET outside {@code /api}. */
    public void serve(Context ctx) throws IOException {
        if (root.isEmpty()) {
            notFound(ctx);
            return;
        }
        Path base = root.get();
        String rel = ctx.path().replaceFirst("^/+", "");
        Path file = base.resolve(rel).normalize();
        // Never serve outside the site folder, whatever the path says.
        if (!file.startsWith(base)) {
            notFound(ctx);
            return;
        }
        if (Files.isDirectory(file)) file = file.resolve("index.html");
        if (!Files.isRegularFile(file)) {
            String last = rel.substring(rel.lastIndexOf('/') + 1);
            if (last.contains(".")) {
                notFound(ctx);
                return;
            }
            file = base.resolve("index.html");
            if (!Files.isRegularFile(file)) {
                notFound(ctx);
                return;
            }
        }
        String name = file.getFileName().toString();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        ctx.contentType(TYPES.getOrDefault(ext, "application/octet-stream"));
        ctx.header("Cache-Control", name.equals("index.html") ? "no-cache" : "public, max-age=300");
        InputStream in = Files.newInputStream(file);
        ctx.result(in);
    }

    private static void notFound(Context ctx) {
        ctx.status(404).contentType("application/json")
                .result(Json.write(Map.of("message", "Not found: " + ctx.path())));
    }
}
