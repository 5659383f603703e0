package dev.homebase.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PasswordsTest {
    private final Passwords fast = new Passwords(Passwords.Params.FAST_FOR_TESTS);

    @Test
    void hashesAreSaltedAndVerify() {
        String a = fast.hash("correct horse");
        String b = fast.hash("correct horse");
        assertNotEquals(a, b);
        assertTrue(a.startsWith("$argon2id$v=19$m=64,t=1,p=1$"), a);
        assertTrue(fast.verify("correct horse", a));
        assertTrue(fast.verify("correct horse", b));
        assertFalse(fast.verify("correct horsE", a));
        assertFalse(fast.verify(null, a));
    }

    @Test
    void unknownAccountsAndBrokenHashesNeverVerify() {
        assertFalse(fast.verify("anything", null));
        assertFalse(fast.verify("anything", "plain-text"));
        assertFalse(fast.verify("anything", "$argon2id$v=19$m=x,t=1,p=1$AAAA$AAAA"));
        assertFalse(fast.verify("anything", "$argon2i$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA"));
    }

    @Test
    void verifiesHashesMadeWithOtherParameters() {
        String old = new Passwords(new Passwords.Params(128, 2, 1)).hash("long enough");
        assertTrue(fast.verify("long enough", old));
    }

    @Test
    void lengthRules() {
        assertEquals("Password must be at least 8 characters long", Passwords.weakness("short").orElseThrow());
        assertTrue(Passwords.weakness("12345678").isEmpty());
        assertTrue(Passwords.weakness("x".repeat(257)).isPresent());
        assertTrue(Passwords.weakness(null).isPresent());
    }

    /** Measures the default (OWASP) parameters on this machine; the number is printed, not asserted. */
    @Test
    void measureDefaultCost() {
        Passwords standard = new Passwords(Passwords.Params.DEFAULT);
        String stored = standard.hash("measure me please");
        for (int i = 0; i < 3; i++) standard.verify("measure me please", stored); // warm up the JIT
        // The hash runs on one of Passwords' own threads: the process's CPU time, not this thread's.
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int rounds = 10;
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) assertTrue(standard.verify("measure me please", stored));
        double ms = (System.nanoTime() - start) / 1e6 / rounds;
        double cpuMs = (os.getProcessCpuTime() - cpuStart) / 1e6 / rounds;
        Passwords.Params p = Passwords.Params.DEFAULT;
        System.out.printf("Argon2id m=%d KiB, t=%d, p=%d: %.1f ms per hash (wall), %.1f ms CPU (process)%n",
                p.memoryKiB(), p.iterations(), p.parallelism(), ms, cpuMs);
    }

    /**
     * Requests run on virtual threads, which share one carrier thread per core and are not preempted. A hash computed
     * on the request's own thread held its carrier for the whole hash, so with every core hashing no other request
     * could run. While one sign-in per core hashes, another virtual thread must still run at once.
     */
    @Test
    void hashesLeaveTheVirtualThreadCarriersFree() throws Exception {
        Passwords slow = new Passwords(new Passwords.Params(7 * 1024, 40, 1)); // about 250 ms per hash
        String stored = slow.hash("long enough");
        int cores = Runtime.getRuntime().availableProcessors();
        CountDownLatch started = new CountDownLatch(cores);
        AtomicInteger hashed = new AtomicInteger();
        List<Thread> signIns = new ArrayList<>();
        for (int i = 0; i < cores; i++) {
            signIns.add(Thread.ofVirtual().start(() -> {
                started.countDown();
                assertTrue(slow.verify("long enough", stored));
                hashed.incrementAndGet();
            }));
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        Thread.sleep(20); // the sign-ins are now in their hashes
        AtomicInteger hashedWhenOtherWorkRan = new AtomicInteger(-1);
        Thread other = Thread.ofVirtual().start(() -> hashedWhenOtherWorkRan.set(hashed.get()));
        other.join(10_000);
        for (Thread t : signIns) t.join(30_000);
        assertEquals(cores, hashed.get());
        assertEquals(0, hashedWhenOtherWorkRan.get(), "other work waited for a hash to finish");
    }

    /** The default meets one of OWASP's Argon2id minimums (m=19 MiB t=2, m=12 MiB t=3, m=9 MiB t=4, ...). */
    @Test
    void defaultMeetsOwaspMinimums() {
        Passwords.Params p = Passwords.Params.DEFAULT;
        assertEquals(1, p.parallelism());
        boolean meets = (p.memoryKiB() >= 19 * 1024 && p.iterations() >= 2) || (p.memoryKiB() >= 12 * 1024 && p.iterations() >= 3)
                || (p.memoryKiB() >= 9 * 1024 && p.iterations() >= 4) || (p.memoryKiB() >= 7 * 1024 && p.iterations() >= 5);
        assertTrue(meets, p.toString());
        String hashed = new Passwords(p).hash("long enough");
        assertTrue(hashed.startsWith("$argon2id$v=19$m=" + p.memoryKiB() + ",t=" + p.iterations() + ",p=1$"), hashed);
    }

    /** Hashes made with the former defaults (m=19 MiB t=2, m=12 MiB t=3) still verify: stored hashes carry their parameters. */
    @Test
    void verifiesHashesOfTheFormerDefault() {
        Passwords current = new Passwords(Passwords.Params.DEFAULT);
        for (Passwords.Params old : new Passwords.Params[] {new Passwords.Params(19 * 1024, 2, 1), new Passwords.Params(12 * 1024, 3, 1)}) {
            String former = new Passwords(old).hash("long enough");
            assertTrue(former.contains("$m=" + old.memoryKiB() + ",t=" + old.iterations() + ",p=1$"), former);
            assertTrue(current.verify("long enough", former));
            assertFalse(current.verify("long enougH", former));
        }
    }
}
