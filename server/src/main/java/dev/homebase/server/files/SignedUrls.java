package dev.homebase.server.files;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the URLs of private files: an HMAC-SHA256, with the app's own media key (kept in
 * the database, so every node agrees), over the app id, the {@code file_uri} and the expiry. The URL
 * carries all three plus the signature:
 * {@code /media/private/<file_uri>?app_id=<appId>&expires=<epoch seconds>&token=<signature>}.
 * Changing any of them (another file, another app, a later expiry) breaks the signature. Thread-safe.
 */
public final class SignedUrls {
    /** The longest lifetime a signed URL may ask for: 7 days. */
    public static final long MAX_EXPIRES_IN = 7L * 24 * 3600;

    private final Function<String, byte[]> appKey;
    private final Clock clock;

    /** @param appKey the media key of an app id (created on first use) */
    public SignedUrls(Function<String, byte[]> appKey, Clock clock) {
        this.appKey = appKey;
        this.clock = clock;
    }

    /** What a signed URL says. */
    public record Signed(long expires, String token) {}

    /** Signs {@code fileUri} of {@code appId} for {@code expiresIn} seconds from now. */
    public Signed sign(String appId, String fileUri, long expiresIn) {
        long expires = clock.millis() / 1000 + expiresIn;
        return new Signed(expires, mac(appId, fileUri, expires));
    }

    /** The outcome of a check. */
    public enum Check { VALID, BAD_SIGNATURE, EXPIRED }

    /**
     * Checks a signature, in constant time. The signature is checked before the expiry, so a forged
     * URL never learns whether its expiry would have been accepted.
     */
    public Check check(String appId, String fileUri, long expires, String token) {
        byte[] expected = mac(appId, fileUri, expires).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) return Check.BAD_SIGNATURE;
        return clock.millis() / 1000 >= expires ? Check.EXPIRED : Check.VALID;
    }

    private String mac(String appId, String fileUri, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appKey.apply(appId), "HmacSHA256"));
            byte[] sig = mac.doFinal(("homebase-media-v1\n" + appId + "\n" + fileUri + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
