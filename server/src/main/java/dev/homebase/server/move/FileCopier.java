package dev.homebase.server.move;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homebase.server.files.FileNames;
import dev.homebase.server.files.FileStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code --files}: copies the source's files that records point to into this server's storage and rewrites the
 * string values to the new ones.
 *
 * <ul>
 *   <li><b>Public files</b>: a string that is a URL of the source's media, i.e. one that starts with a known media
 *       prefix: {@code FROM/media/} (a Homebase or dev-server source), {@code https://base44.app/api/apps/APP/files/},
 *       a Supabase storage URL ({@code https://*.supabase.co/storage/v1/object/public/}), or one given with
 *       {@code --media-prefix}. Downloaded and stored as a public file; the value becomes
 *       {@code PUBLIC_URL/media/NAME}.</li>
 *   <li><b>Private files</b>: a string that looks like a private {@code file_uri} of the source (this server's
 *       {@code UUID.ext} names, or a {@code private/...} key). A signed URL is asked from the source
 *       ({@code Core/CreateFileSignedUrl}, when the token allows it), the bytes stored as a private file of the app;
 *       the value becomes the new {@code file_uri}.</li>
 * </ul>
 * The new name is derived from the source's URL or key (a name-based UUID), so a re-run finds the file already
 * copied, does not download it again, and writes the same value: records stay unchanged. A file that cannot be
 * copied keeps its old value and is listed in the report.
 */
final class FileCopier {
    private static final Pattern PRIVATE_KEY = Pattern.compile("private/[A-Za-z0-9_./-]{1,500}");

    private final SourceApi source;
    private final FileStorage storage;
    private final long maxBytes;
    private final String appId;
    private final String publicUrl;
    private final List<String> prefixes;
    private final Map<String, String> done = new HashMap<>();
    final EntityTally tally = new EntityTally("(files)");

    FileCopier(SourceApi source, FileStorage storage, long maxBytes, String appId, String publicUrl, List<String> prefixes) {
        this.source = source;
        this.storage = storage;
        this.maxBytes = maxBytes;
        this.appId = appId;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.prefixes = List.copyOf(prefixes);
    }

    /** The source's media prefixes this copier recognises by default. */
    static List<String> defaultPrefixes(String from, String sourceAppId) {
        String f = from.endsWith("/") ? from.substring(0, from.length() - 1) : from;
        if (f.endsWith("/api")) f = f.substring(0, f.length() - 4);
        List<String> out = new ArrayList<>();
        out.add(f + "/media/");
        out.add("https://base44.app/api/apps/" + sourceAppId + "/files/");
        return out;
    }

    /** A copy of {@code data} with the source's file references replaced (when not a dry run). */
    ObjectNode rewrite(ObjectNode data, boolean dryRun) {
        return (ObjectNode) walk(data.deepCopy(), dryRun);
    }

    private JsonNode walk(JsonNode node, boolean dryRun) {
        if (node instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> e : o.properties()) e.setValue(walk(e.getValue(), dryRun));
            return o;
        }
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) a.set(i, walk(a.get(i), dryRun));
            return a;
        }
        if (node.isTextual()) {
            String v = node.asText();
            if (isPublic(v)) return TextNode.valueOf(copy(v, false, dryRun));
            if ((FileNames.isValid(v) && v.indexOf('.') > 0) || PRIVATE_KEY.matcher(v).matches()) return TextNode.valueOf(copy(v, true, dryRun));
        }
        return node;
    }

    boolean isPublic(String v) {
        if (!(v.startsWith("http://") || v.startsWith("https://"))) return false;
        for (String p : prefixes) if (v.startsWith(p)) return true;
        try {
            URI u = URI.create(v);
            return u.getHost() != null && u.getHost().toLowerCase(Locale.ROOT).endsWith(".supabase.co")
                    && u.getRawPath() != null && u.getRawPath().startsWith("/storage/v1/object/public/");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The new value for a file reference, copying the bytes once; the old value when the copy fails. */
    private String copy(String ref, boolean isPrivate, boolean dryRun) {
        String key = (isPrivate ? "private:" : "public:") + ref;
        String known = done.get(key);
        if (known != null) return known;
        String path = isPrivate ? ref : URI.create(ref).getRawPath();
        String name = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8))
                + FileNames.extension(path).map(e -> "." + e).orElse("");
        String storageKey = isPrivate ? FileNames.privateKey(appId, name) : FileNames.publicKey(name);
        String result = isPrivate ? name : publicUrl + "/media/" + name;
        tally.read++;
        try {
            if (storage.stat(storageKey).isPresent()) {
                tally.unchanged++;
            } else if (!dryRun) {
                byte[] bytes = source.download(isPrivate ? source.signedUrl(ref) : ref);
                if (bytes.length == 0) throw new SourceApi.SourceException("the file is empty");
                storage.put(storageKey, new ByteArrayInputStream(bytes), maxBytes);
                tally.written++;
            } else {
                tally.written++;
            }
        } catch (IOException | RuntimeException e) { // SourceException included
            tally.fail(null, shorten(ref) + ": " + (e instanceof FileStorage.TooLargeException ? "larger than the upload limit" : e.getMessage()));
            result = ref;
        }
        done.put(key, result);
        return result;
    }

    /** A reference as printed: without its query (a signed URL's token never reaches the report). */
    private static String shorten(String ref) {
        int q = ref.indexOf('?');
        return q < 0 ? ref : ref.substring(0, q) + "?...";
    }
}
