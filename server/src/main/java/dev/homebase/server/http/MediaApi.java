package dev.homebase.server.http;

import dev.homebase.server.files.ByteRange;
import dev.homebase.server.files.FileNames;
import dev.homebase.server.files.FileService;
import dev.homebase.server.files.FileStorage;
import dev.homebase.server.files.MediaTypes;
import dev.homebase.server.files.SignedUrls;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uploaded files (api-contract §7.2): {@code GET /media/<name>} serves public files to anyone;
 * {@code GET /media/private/<file_uri>?app_id&expires&token} serves a private file only with a valid,
 * unexpired signature. Both answer {@code HEAD}, conditional requests ({@code If-None-Match},
 * {@code If-Modified-Since} → 304) and single byte ranges (206, 416).
 *
 * <p>Security: every answer carries {@code X-Content-Type-Options: nosniff} and
 * {@code Content-Security-Policy: sandbox}; files a browser would run (HTML, SVG, XML, JavaScript, ...)
 * are also sent as {@code Content-Disposition: attachment}, so an upload never runs script on the API's origin.
 */
final class MediaApi {
    private static final Logger log = LoggerFactory.getLogger(MediaApi.class);
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final Apps apps;
    private final FileService files;

    MediaApi(Apps apps, FileService files) {
        this.apps = apps;
        this.files = files;
    }

    /** {@code GET|HEAD /media/{name}}: a public file. */
    void publicFile(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff"); // on every /media/ answer, errors included
        String name = ctx.pathParam("name");
        if (!FileNames.isValid(name)) throw notFound();
        serve(ctx, FileNames.publicKey(name), name, IMMUTABLE);
    }

    /** {@code GET|HEAD /media/private/{name}?app_id&expires&token}: a private file, with a valid signature only. */
    void privateFile(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff"); // on every /media/ answer, errors included
        String name = ctx.pathParam("name");
        String token = ctx.queryParam("token");
        if (token == null || token.isEmpty()) {
            throw new ApiException(401, "missing_token", "UnauthorizedError", "Missing token", Map.of("error", "Missing token"));
        }
        String appId = ctx.queryParam("app_id");
        long expires;
        try {
            expires = Long.parseLong(String.valueOf(ctx.queryParam("expires")));
        } catch (NumberFormatException e) {
            throw badSignature();
        }
        // An app this server does not host has no key to check against (and must not get one made).
        if (appId == null || apps.find(appId).isEmpty() || !FileNames.isValid(name)) throw badSignature();
        SignedUrls.Check check = files.signedUrls().check(appId, name, expires, token);
        if (check == SignedUrls.Check.BAD_SIGNATURE) throw badSignature();
        if (check == SignedUrls.Check.EXPIRED) {
            throw new ApiException(403, "expired_token", "PermissionDeniedError", "This signed URL has expired", Map.of("error", "TokenExpired"));
        }
        long remaining = Math.max(0, expires - System.currentTimeMillis() / 1000);
        serve(ctx, FileNames.privateKey(appId, name), name, "private, max-age=" + remaining);
    }

    private void serve(Context ctx, String key, String name, String cacheControl) {
        FileStorage storage = files.storage();
        FileStorage.Stat stat;
        try {
            stat = storage.stat(key).orElseThrow(MediaApi::notFound);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the file storage", e);
        }
        String etag = "\"" + Long.toHexString(stat.size()) + "-" + Long.toHexString(stat.lastModified().toEpochMilli()) + "\"";
        long modifiedSeconds = stat.lastModified().getEpochSecond();
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", MediaTypes.isActive(name) ? "sandbox; default-src 'none'" : "sandbox");
        if (MediaTypes.isActive(name)) ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        ctx.header("Cache-Control", cacheControl);
        ctx.header("ETag", etag);
        ctx.header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(stat.lastModified(), ZoneOffset.UTC)));
        ctx.header("Accept-Ranges", "bytes");

        if (notModified(ctx, etag, modifiedSeconds)) {
            ctx.status(304);
            return;
        }
        long start = 0;
        long length = stat.size();
        String ifRange = ctx.header("If-Range");
        if (ifRange == null || ifRange.equals(etag)) {
            try {
                Optional<ByteRange> range = ByteRange.parse(ctx.header("Range"), stat.size());
                if (range.isPresent()) {
                    start = range.get().start();
                    length = range.get().length();
                    ctx.status(206);
                    ctx.header("Content-Range", "bytes " + start + "-" + range.get().end() + "/" + stat.size());
                }
            } catch (ByteRange.Unsatisfiable e) {
                ctx.header("Content-Range", "bytes */" + stat.size());
                throw new ApiException(416, "range_not_satisfiable", "RangeNotSatisfiableError",
                        "The range is past the end of the file (" + stat.size() + " bytes)", Map.of());
            }
        }
        ctx.contentType(MediaTypes.of(name));
        ctx.header("Content-Length", Long.toString(length));
        if (ctx.method().name().equals("HEAD")) return;
        try (InputStream in = storage.open(key, start, length)) {
            OutputStream out = ctx.res().getOutputStream();
            in.transferTo(out);
            out.flush();
        } catch (IOException e) { // most often the client went away mid-download
            log.debug("media download of {} ended early: {}", name, e.getMessage());
        }
    }

    /** RFC 9110 §13.1.2 and §13.1.3: If-None-Match wins over If-Modified-Since. */
    private static boolean notModified(Context ctx, String etag, long modifiedSeconds) {
        String inm = ctx.header("If-None-Match");
        if (inm != null) {
            for (String tag : inm.split(",")) {
                String t = tag.strip();
                if (t.startsWith("W/")) t = t.substring(2);
                if (t.equals("*") || t.equals(etag)) return true;
            }
            return false;
        }
        String ims = ctx.header("If-Modified-Since");
        if (ims == null) return false;
        try {
            return modifiedSeconds <= ZonedDateTime.parse(ims, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static ApiException notFound() {
        return ApiException.notFound("File not found");
    }

    private static ApiException badSignature() {
        return new ApiException(400, "invalid_signature", "BadRequestError", "signature verification failed",
                Map.of("error", "InvalidJWT", "statusCode", "400"));
    }
}
