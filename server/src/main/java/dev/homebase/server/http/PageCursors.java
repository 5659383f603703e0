package dev.homebase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.AppKeys;
import dev.homebase.server.internal.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque cursors for {@code v2/list} walks (api-contract §4.3): the walk (scope, q, sort, fields or
 * distinct field) and the last position, as JSON sealed with AES-256-GCM, base64url-encoded.
 *
 * <p>GCM authenticates, so a cursor cannot be forged or altered (any change fails to open). It
 * also encrypts, which the contract's base64(JSON)+HMAC suggestion would not: the position holds
 * the sort key values of the last row, and the sort field may be one the caller's field rules
 * hide.
 *
 * <p>The key is the app's current cursor key from {@link AppKeys}, kept in the database: a cursor
 * opens on every node on the same database and after a restart. Keys rotate; the cursor starts with
 * the id of its key (8 bytes, also authenticated as GCM associated data), and a rotated-out key still
 * opens its cursors for the grace period ({@link AppKeys#CURSOR_GRACE}), so a walk in progress
 * survives a rotation. Layout: {@code base64url(key id | 12-byte IV | ciphertext and tag)}.
 * Thread-safe.
 */
final class PageCursors {
    /** Longest cursor accepted, in characters. */
    static final int MAX_CHARS = 16 * 1024;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private static final int KEY_ID_BYTES = Long.BYTES;

    private final AppKeys keys;
    private final SecureRandom random = new SecureRandom();

    /** @param keys where each app's cursor keys are kept */
    PageCursors(AppKeys keys) {
        this.keys = keys;
    }

    /**
     * One walk and a position in it.
     *
     * @param scope app, entity and data environment the walk belongs to
     * @param q the filter, or null
     * @param sort the raw sort parameter, or null (records mode)
     * @param fields the projection (records mode)
     * @param distinct the distinct field, or null (records mode)
     * @param position the sort key values of the last item returned
     */
    record Walk(String scope, JsonNode q, String sort, List<String> fields, String distinct, List<Object> position) {}

    /** A cursor of app {@code appId} that continues {@code walk} after its position. */
    String issue(String appId, Walk walk) {
        ObjectNode json = Json.object();
        json.put("v", 1);
        json.put("scope", walk.scope());
        json.set("q", walk.q());
        json.put("sort", walk.sort());
        ArrayNode fields = json.putArray("fields");
        walk.fields().forEach(fields::add);
        json.put("distinct", walk.distinct());
        json.set("position", Json.MAPPER.valueToTree(walk.position()));
        byte[] plain = Json.write(json).getBytes(StandardCharsets.UTF_8);
        AppKeys.RotatingKey key = keys.cursorKey(appId);
        try {
            byte[] keyId = ByteBuffer.allocate(KEY_ID_BYTES).putLong(key.id()).array();
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.secret(), "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(keyId);
            byte[] sealed = cipher.doFinal(plain);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(keyId.length + iv.length + sealed.length).put(keyId).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not seal a cursor", e);
        }
    }

    /**
     * The walk a cursor of app {@code appId} continues.
     *
     * @throws ApiException 400 {@code invalid_cursor} for anything not issued for this app, altered,
     *     or sealed with a key retired for longer than the grace period
     */
    Walk open(String appId, String cursor) {
        if (cursor.length() > MAX_CHARS) throw invalid();
        JsonNode json;
        try {
            byte[] raw = Base64.getUrlDecoder().decode(cursor);
            if (raw.length <= KEY_ID_BYTES + IV_BYTES) throw invalid();
            Optional<byte[]> key = keys.cursorKey(appId, ByteBuffer.wrap(raw, 0, KEY_ID_BYTES).getLong());
            if (key.isEmpty()) throw invalid();
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.get(), "AES"), new GCMParameterSpec(TAG_BITS, raw, KEY_ID_BYTES, IV_BYTES));
            cipher.updateAAD(raw, 0, KEY_ID_BYTES);
            int body = KEY_ID_BYTES + IV_BYTES;
            byte[] plain = cipher.doFinal(raw, body, raw.length - body);
            json = Json.parse(new String(plain, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | GeneralSecurityException | java.io.IOException e) {
            throw invalid();
        }
        List<String> fields = new ArrayList<>();
        json.path("fields").forEach(f -> fields.add(f.asText()));
        List<Object> position = new ArrayList<>();
        for (JsonNode v : json.path("position")) position.add(value(v));
        JsonNode q = json.get("q");
        return new Walk(json.path("scope").asText(), q == null || q.isNull() ? null : q, text(json.get("sort")), fields,
                text(json.get("distinct")), position);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Object value(JsonNode v) {
        if (v.isNull()) return null;
        if (v.isTextual()) return v.textValue();
        if (v.isBoolean()) return v.booleanValue();
        if (v.isIntegralNumber() && v.canConvertToLong()) return v.longValue();
        return v.doubleValue();
    }

    /** 400 {@code invalid_cursor}: the cursor was not issued by this server, or was changed. */
    static ApiException invalid() {
        return ApiException.coded(400, "invalid_cursor", "Invalid cursor");
    }
}
