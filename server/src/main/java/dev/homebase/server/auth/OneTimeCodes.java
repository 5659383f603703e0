package dev.homebase.server.auth;

import dev.homebase.server.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One-time secrets: 6-digit e-mail codes (valid 10 minutes, single use, dead after 5 wrong tries)
 * and random URL-safe tokens (password reset, invitations). Only SHA-256 hashes are stored, and
 * comparisons are constant-time. Thread-safe.
 */
public final class OneTimeCodes {
    /** Digits in a code. */
    public static final int DIGITS = 6;
    /** How long a code is valid. */
    public static final Duration CODE_TTL = Duration.ofMinutes(10);
    /** Wrong tries after which a code is invalidated. */
    public static final int MAX_ATTEMPTS = 5;

    private final SecureRandom random = new SecureRandom();

    /** A new code: {@value #DIGITS} decimal digits, uniformly random, leading zeros kept. */
    public String newCode() {
        return String.format("%06d", random.nextInt(1_000_000));
    }

    /** A new random token: 32 bytes, base64url without padding. */
    public String newToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The stored form of a code or token: hex SHA-256. */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(Sha256.of(secret));
    }

    /** Whether {@code given} hashes to {@code storedHash}, compared in constant time. */
    public static boolean matches(String given, String storedHash) {
        if (given == null || storedHash == null) return false;
        return MessageDigest.isEqual(hash(given.strip()).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
