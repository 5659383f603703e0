package dev.homebase.server.integrations.extract;

import dev.homebase.server.files.FileNames;
import dev.homebase.server.files.SignedUrls;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@code file_url} into the storage key of a file of this server: {@code <origin>/media/<name>}
 * (a public file) or {@code <origin>/media/private/<name>?app_id&expires&token} (a private file of the
 * calling app, with a valid, unexpired signature, api-contract §7.2). The bytes are then read from the
 * storage, so nothing is ever fetched over HTTP for a caller. Stateless apart from the signer; thread-safe.
 */
final class FileUrls {
    private static final Pattern MEDIA = Pattern.compile(".*/media/(private/)?([^/]+)");

    private final SignedUrls signer;

    FileUrls(SignedUrls signer) {
        this.signer = signer;
    }

    /** A file of this server: its storage key and stored name (whose extension tells its type). */
    record Located(String key, String name) {}

    /**
     * Locates {@code fileUrl} for {@code appId}.
     *
     * @param ownOrigins this server's origins ({@code scheme://host:port}, lower case)
     * @throws ExtractException 400 for a URL that is not a file URL of this server or a bad signature, 401 for a
     *     private file without its token, 403 for another app's private file or an expired signature, 404 for a
     *     name this server never gives
     */
    Located locate(String appId, String fileUrl, Set<String> ownOrigins) {
        URI uri;
        try {
            uri = new URI(fileUrl.strip());
        } catch (java.net.URISyntaxException e) {
            throw ExtractException.badRequest("file_url is not a URL: " + shorten(fileUrl));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw ExtractException.badRequest("file_url must be the http(s) URL of a file uploaded to this server (the file_url "
                    + "UploadFile answered, or a signed URL from CreateFileSignedUrl), got " + shorten(fileUrl));
        }
        if (!ownOrigins.contains(origin(uri, scheme))) {
            // NB: never fetched: this server reads only its own storage, so another host's URL cannot reach anything internal.
            throw ExtractException.badRequest("file_url " + shorten(fileUrl) + " is not a file of this server; upload the file "
                    + "with UploadFile first and pass the file_url it answers");
        }
        Matcher m = MEDIA.matcher(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (!m.matches()) {
            throw ExtractException.badRequest("file_url " + shorten(fileUrl) + " is not a file URL: expected .../media/<name> "
                    + "(UploadFile) or a signed .../media/private/<name>?... URL (CreateFileSignedUrl)");
        }
        String name = m.group(2);
        if (!FileNames.isValid(name)) throw new ExtractException(404, "not_found", "No file at file_url " + shorten(fileUrl));
        if (m.group(1) == null) return new Located(FileNames.publicKey(name), name);

        Map<String, String> query = query(uri.getRawQuery());
        String token = query.get("token");
        if (token == null || token.isEmpty()) {
            throw new ExtractException(401, "missing_token", "file_url is a private file without its token; make a signed URL "
                    + "with CreateFileSignedUrl and pass that");
        }
        // Checked before the signature: another app's key is never looked up (or made) for this app's caller.
        if (!appId.equals(query.get("app_id"))) {
            throw new ExtractException(403, "forbidden", "file_url is a private file of another app");
        }
        long expires;
        try {
            expires = Long.parseLong(query.getOrDefault("expires", ""));
        } catch (NumberFormatException e) {
            throw badSignature();
        }
        SignedUrls.Check check = signer.check(appId, name, expires, token);
        if (check == SignedUrls.Check.BAD_SIGNATURE) throw badSignature();
        if (check == SignedUrls.Check.EXPIRED) {
            throw new ExtractException(403, "expired_token", "file_url is a signed URL that has expired; make a new one with CreateFileSignedUrl");
        }
        return new Located(FileNames.privateKey(appId, name), name);
    }

    private static ExtractException badSignature() {
        return new ExtractException(400, "invalid_signature", "file_url is a signed URL whose signature is not valid (changed after signing?)");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            try {
                out.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw badSignature();
            }
        }
        return out;
    }

    private static String origin(URI uri, String scheme) {
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    static String shorten(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
