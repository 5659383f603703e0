package dev.homebase.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashing with Argon2id, in the PHC string form
 * ({@code $argon2id$v=19$m=7168,t=5,p=1$<salt>$<hash>}). Verification reads the parameters from
 * the stored string, so hashes made with older settings keep working. Thread-safe.
 *
 * <pre>{@code
 * Passwords pw = new Passwords(Passwords.Params.DEFAULT);
 * String stored = pw.hash("correct horse");
 * pw.verify("correct horse", stored); // true
 * }</pre>
 */
public final class Passwords {
    /** Shortest password accepted, in characters. */
    public static final int MIN_LENGTH = 8;
    /** Longest password accepted, in characters (bounds the work one request can cause). */
    public static final int MAX_LENGTH = 256;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /**
     * Argon2id cost parameters.
     *
     * @param memoryKiB memory in KiB
     * @param iterations passes over memory
     * @param parallelism lanes
     */
    public record Params(int memoryKiB, int iterations, int parallelism) {
        /**
         * One of OWASP's equivalent minimums: 7 MiB, 5 iterations, 1 lane. Of those minimums (m=19 MiB t=2, 12 MiB
         * t=3, 9 MiB t=4, 7 MiB t=5) the least memory per hash and about the least CPU: on the 2-core development
         * machine 29-31 ms per hash against 33-34 ms for 12 MiB t=3 (the smaller block array stays in the caches),
         * and 7.3 MiB allocated per hash instead of 12.4 (Bouncy Castle allocates the whole array for every hash).
         */
        public static final Params DEFAULT = new Params(7 * 1024, 5, 1);
        /** Cheap parameters for tests only. */
        public static final Params FAST_FOR_TESTS = new Params(64, 1, 1);

        public Params {
            if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1) {
                throw new IllegalArgumentException("Invalid Argon2 parameters m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism);
            }
        }
    }

    /**
     * The threads that compute hashes: one per core, platform threads, shared by every instance in the process, each
     * ending after 30 s without work. A hash takes {@code memoryKiB} of heap and a core for its whole time (about 30 ms
     * here): more at once would not finish sooner, only hold more memory (a burst of sign-ins could exhaust it). Off
     * the request's own thread because requests run on virtual threads, which share one carrier thread per core and
     * are not preempted: a hash on a carrier held it for its whole time, so while every core hashed no other request
     * (a read, a realtime event, the next sign-in's user lookup) could run. A request now waits for its hash unmounted,
     * and the operating system shares the cores between hashing and the rest. Waiting hashes queue in arrival order.
     */
    private static final ThreadPoolExecutor HASHERS = hashers(Math.max(1, Runtime.getRuntime().availableProcessors()));

    private final Params params;
    private final SecureRandom random = new SecureRandom();
    /** Verified against when there is no stored hash, so unknown accounts cost the same time. */
    private final String dummyHash;

    public Passwords(Params params) {
        this.params = params;
        byte[] throwaway = new byte[24];
        random.nextBytes(throwaway);
        this.dummyHash = hash(B64.encodeToString(throwaway));
    }

    /** Why {@code password} is not acceptable as a new password, or empty when it is. */
    public static Optional<String> weakness(String password) {
        if (password == null) return Optional.of("Password is required");
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) return Optional.of("Password must be at least " + MIN_LENGTH + " characters long");
        if (length > MAX_LENGTH) return Optional.of("Password must be at most " + MAX_LENGTH + " characters long");
        return Optional.empty();
    }

    /** A new salted hash of {@code password}. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, params, HASH_BYTES);
        return "$argon2id$v=19$m=" + params.memoryKiB() + ",t=" + params.iterations() + ",p=" + params.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /**
     * Whether {@code password} matches {@code stored}. A null {@code stored} (unknown account, or an
     * account without a password) still costs one hash and returns false: the answer time must not
     * tell whether the account exists.
     */
    public boolean verify(String password, String stored) {
        String candidate = password == null ? "" : password;
        if (candidate.length() > MAX_LENGTH * 2) candidate = candidate.substring(0, MAX_LENGTH * 2);
        if (stored == null) {
            check(candidate, dummyHash);
            return false;
        }
        return check(candidate, stored);
    }

    private boolean check(String password, String stored) {
        String[] parts = stored.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) return false;
        Params p;
        byte[] salt;
        byte[] expected;
        try {
            int m = 0;
            int t = 0;
            int par = 0;
            for (String kv : parts[3].split(",")) {
                int v = Integer.parseInt(kv.substring(2));
                switch (kv.substring(0, 2)) {
                    case "m=" -> m = v;
                    case "t=" -> t = v;
                    case "p=" -> par = v;
                    default -> { return false; }
                }
            }
            p = new Params(m, t, par);
            salt = B64D.decode(parts[4]);
            expected = B64D.decode(parts[5]);
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return false;
        }
        byte[] actual = derive(password, salt, p, expected.length);
        // Constant-time comparison: no early exit on the first differing byte.
        return MessageDigest.isEqual(actual, expected);
    }

    /** Argon2id on one of {@link #HASHERS}; the calling thread waits (uninterruptibly, as a hash is short). */
    private static byte[] derive(String password, byte[] salt, Params p, int length) {
        Future<byte[]> result = HASHERS.submit(() -> argon2(password, salt, p, length));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error err) throw err;
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static ThreadPoolExecutor hashers(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread t = new Thread(task, "homebase-argon2-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static byte[] argon2(String password, byte[] salt, Params p, int length) {
        Argon2Parameters spec = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKiB())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(spec);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
