package dev.homebase.server.files;

import java.util.Map;
import java.util.Set;

/**
 * The {@code Content-Type} a stored file is served with, from its extension, and whether a browser
 * would run it (HTML, SVG, XML, JavaScript, ...): those are served as attachments in a sandbox, so an
 * upload can never run script on the API's origin. Unknown extensions are
 * {@code application/octet-stream}, which browsers download.
 */
public final class MediaTypes {
    private static final String OCTET = "application/octet-stream";
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("avif", "image/avif"),
            Map.entry("bmp", "image/bmp"), Map.entry("ico", "image/x-icon"), Map.entry("tif", "image/tiff"),
            Map.entry("tiff", "image/tiff"), Map.entry("heic", "image/heic"), Map.entry("svg", "image/svg+xml"),
            Map.entry("pdf", "application/pdf"), Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("csv", "text/csv; charset=utf-8"), Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"), Map.entry("xhtml", "application/xhtml+xml"),
            Map.entry("xml", "application/xml"), Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"),
            Map.entry("css", "text/css"), Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"),
            Map.entry("ogg", "audio/ogg"), Map.entry("m4a", "audio/mp4"), Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"), Map.entry("mov", "video/quicktime"), Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"), Map.entry("doc", "application/msword"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xls", "application/vnd.ms-excel"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("ppt", "application/vnd.ms-powerpoint"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"), Map.entry("wasm", "application/wasm"));

    /** Extensions a browser renders as a document that may run script, or runs as script. */
    private static final Set<String> ACTIVE = Set.of("html", "htm", "xhtml", "shtml", "svg", "svgz", "xml", "xsl", "xslt",
            "js", "mjs", "css", "wasm", "swf", "rdf", "mht", "mhtml", "vtt");

    private MediaTypes() {}

    /** The type a file named {@code name} is served with. */
    public static String of(String name) {
        return FileNames.extension(name).map(e -> TYPES.getOrDefault(e, OCTET)).orElse(OCTET);
    }

    /** Whether a browser might run a file named {@code name}: served as an attachment, never inline. */
    public static boolean isActive(String name) {
        return FileNames.extension(name).map(ACTIVE::contains).orElse(false);
    }
}
