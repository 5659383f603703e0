import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a timed point's CPU went, from /proc: the system's server process, the PostgreSQL processes that worked for it
 * (the backends of its database, named in their process title, plus the cluster's own processes: WAL writer,
 * checkpointer, autovacuum), this load generator's JVM, and the rest of the machine (the kernel's work for no process
 * of these, processes that ended meanwhile, anything else running). bench/compare reports it per request, so a ratio
 * comes with where each system's time goes.
 */
final class CompareCpu {
    /** CPU milliseconds of one point, in all, per group. */
    record Split(double serverMs, double postgresMs, double generatorMs, double restMs) {
        String perRequest(long requests) {
            double n = Math.max(requests, 1);
            return String.format("%.3f · %.3f · %.3f · %.3f", serverMs / n, postgresMs / n, generatorMs / n, restMs / n);
        }
    }

    /**
     * Cumulative CPU at one moment (milliseconds), PostgreSQL's per process: a backend that ends between two snapshots
     * (a pool replacing its connections) takes its CPU with it, so only processes alive at both count, plus the whole of
     * those started in between; what the ended ones used stays in the machine's total, under the rest.
     */
    record Snapshot(double server, java.util.Map<Long, Double> postgres, double generator, double machine) {
        Split until(Snapshot later) {
            double postgres = 0;
            for (var e : later.postgres.entrySet()) postgres += e.getValue() - this.postgres.getOrDefault(e.getKey(), 0.0);
            double server = later.server - this.server, generator = later.generator - this.generator;
            return new Split(server, postgres, generator, Math.max(0, later.machine - this.machine - server - postgres - generator));
        }
    }

    private static final double TICK_MS = 1000.0 / ticksPerSecond();

    private CompareCpu() {}

    /**
     * Now: the process {@code serverPid}, the PostgreSQL processes of {@code database} and the cluster's shared ones (none
     * when {@code database} is null: the system does not use PostgreSQL), this JVM, the machine.
     */
    static Snapshot take(long serverPid, String database) {
        java.util.Map<Long, Double> postgres = new java.util.HashMap<>();
        if (database != null) {
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String name = p.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) continue;
                    String comm = read(p.resolve("comm")).strip();
                    if (!comm.equals("postgres")) continue;
                    // "postgres: USER DATABASE HOST(PORT) STATE" for a backend, "postgres: checkpointer" and the like otherwise
                    String[] title = read(p.resolve("cmdline")).replace('\0', ' ').strip().split(" +");
                    boolean backend = title.length >= 4 && title[0].equals("postgres:") && title[3].contains("(");
                    if (!backend || title[2].equals(database)) postgres.put(Long.parseLong(name), cpuMs(p));
                }
            } catch (Exception e) {
                postgres.clear();
            }
        }
        double generator = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
        return new Snapshot(processMs(serverPid), postgres, generator, machineMs());
    }

    /** The CPU a process has used, user and system (milliseconds; 0 when it is gone). */
    static double processMs(long pid) {
        return cpuMs(Path.of("/proc/" + pid));
    }

    /** utime + stime of a process (0 when it is gone). */
    private static double cpuMs(Path proc) {
        String stat = read(proc.resolve("stat"));
        int close = stat.lastIndexOf(')');
        if (close < 0) return 0;
        String[] f = stat.substring(close + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MS; // fields 14 and 15 of proc(5)
    }

    /** Busy time of all CPUs: user, nice, system, irq, softirq, steal. */
    private static double machineMs() {
        String[] f = read(Path.of("/proc/stat")).lines().findFirst().orElse("cpu").trim().split(" +");
        if (f.length < 9) return 0;
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) busy += Long.parseLong(f[i]);
        return busy * TICK_MS;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "";
        }
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return Long.parseLong(out);
        } catch (Exception e) {
            return 100;
        }
    }
}
