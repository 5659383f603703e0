package dev.homebase.server.connectors;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the OAuth tokens kept in the database (connector connections, SSO tokens): AES-256-GCM
 * with a random 96-bit nonce, under a per-app key derived (HMAC-SHA256 with a fixed label) from the
 * app's own key in {@code app_keys} ({@code auth/AppKeys}), so it is shared by every node and
 * survives restarts without a new secret to manage. The row it belongs to (app, kind, owner) is the
 * additional authenticated data: a ciphertext copied into another row does not open. Stored as
 * {@code v1.<base64(nonce || ciphertext || tag)>}. Thread-safe. NB: plaintexts are never logged.
 */
public final class TokenCipher {
    private static final String PREFIX = "v1.";
    private static final byte[] LABEL = "homebase connector and sso token encryption v1".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Function<String, byte[]> appKeys;
    private final Map<String, SecretKeySpec> keys = new ConcurrentHashMap<>();

    /** @param appKeys an app's secret key by app id (the app's JWT key of {@code AppKeys.signingKey}) */
    public TokenCipher(Function<String, byte[]> appKeys) {
        this.appKeys = appKeys;
    }

    /** The ciphertext of {@code plain} (null stays null), bound to {@code row}. */
    public String seal(String appId, String row, String plain) {
        if (plain == null) return null;
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(appId), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad(appId, row));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The plaintext of {@code sealed} (null stays null).
     *
     * @throws IllegalStateException when it does not open (another app's key, another row, tampered)
     */
    public String open(String appId, String row, String sealed) {
        if (sealed == null) return null;
        if (!sealed.startsWith(PREFIX)) throw new IllegalStateException("not a sealed token");
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(appId), new GCMParameterSpec(128, all, 0, 12));
            c.updateAAD(aad(appId, row));
            return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored token does not open with this app's key", e);
        }
    }

    private SecretKeySpec key(String appId) {
        return keys.computeIfAbsent(appId, id -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(appKeys.apply(id), "HmacSHA256"));
                return new SecretKeySpec(mac.doFinal(LABEL), "AES");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static byte[] aad(String appId, String row) {
        return (appId + "\n" + row).getBytes(StandardCharsets.UTF_8);
    }
}
