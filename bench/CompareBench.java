import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Homebase against Parse Server on the same PostgreSQL: the load generator of bench/compare/run.sh, which starts the
 * servers and passes them here. Seeds the same records into each system (users sign up, then bulk writes), checks that
 * every scenario answers right on each (the same count everywhere, pages of 50 matching records newest first, the
 * owner rule holding), then runs rounds: for each concurrency and scenario, a warm-up and a timed closed loop on each
 * system in turn (and pgbench replaying Homebase's own SQL where there is one), so drift on a shared machine hits
 * every system alike. Writes a Markdown report: req/s, p50/p99, errors, ratios, load averages, memory, start times.
 * The loops are EntityBench's ({@link EntityBench#measure}); the systems are in CompareSystems.java.
 */
public class CompareBench {
    static final List<CompareSystems.Scenario> PGBENCH = List.of(CompareSystems.Scenario.CREATE,
            CompareSystems.Scenario.GET, CompareSystems.Scenario.PAGE, CompareSystems.Scenario.UPDATE, CompareSystems.Scenario.COUNT);

    /** The PostgreSQL database of each system (its backends' CPU is counted as its own); none for SQLite. */
    static final Map<String, String> DATABASES = Map.of("Homebase PG", "homebase", "Parse", "parse");

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            opt.put(a.substring(2, eq < 0 ? a.length() : eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
        boolean quick = opt.containsKey("quick"), dry = opt.containsKey("dry-run");
        int users = 100, perUser = quick ? 100 : 1000;
        int seconds = Integer.parseInt(opt.getOrDefault("seconds", quick ? "5" : "20"));
        int warmup = quick ? 2 : 5;
        int[] clients = {8, 32};
        // One HTTP/1.1 client for every system (the JDK's default would try an h2c upgrade, which only Jetty takes).
        EntityBench.HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        String[] pg = opt.get("homebase-pg").split(","), lite = opt.get("homebase-sqlite").split(","), parse = opt.get("parse").split(",");
        var homebasePg = new CompareSystems.Homebase("Homebase PG", pg[0], pg[1], Long.parseLong(pg[2]), Path.of(pg[3]));
        List<CompareSystems.Target> targets = List.of(homebasePg,
                new CompareSystems.Homebase("Homebase SQLite", lite[0], lite[1], Long.parseLong(lite[2]), Path.of(lite[3])),
                new CompareSystems.Parse("Parse", parse[0], Long.parseLong(parse[1])));
        Path work = Path.of(opt.get("work"));
        String[] db = opt.get("pg").split(":");
        var pgbench = new ComparePgbench(db[0], Integer.parseInt(db[1]), "homebase", Path.of(opt.get("pglog")), opt.get("pgbench"), work);

        var data = CompareSystems.Dataset.generate(users, perUser);
        System.out.printf("seeding %,d notes and %,d orders over %d users into each system%n", users * perUser, users * perUser, users);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) { // in parallel: not measured
            List<java.util.concurrent.Future<?>> seeded = new ArrayList<>();
            for (var t : targets) {
                seeded.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    t.seed(data);
                    System.out.printf("  %-16s seeded in %.1f s%n", t.name, (System.nanoTime() - start) / 1e9);
                    return null;
                }));
            }
            for (var f : seeded) f.get();
        }

        // Self-check: wrong answers make a benchmark worthless.
        List<String> problems = new ArrayList<>();
        for (var t : targets) {
            for (String p : t.check(data)) problems.add(t.name + ": " + p);
            long count = t.count();
            if (count != data.expectedCount()) problems.add(t.name + ": count " + count + ", expected " + data.expectedCount());
        }
        Map<CompareSystems.Scenario, List<ComparePgbench.Sql>> sql = new LinkedHashMap<>();
        for (var s : PGBENCH) {
            CompareSystems.User user = homebasePg.users.getFirst();
            EntityBench.Call once = switch (s) {
                case GET -> () -> EntityBench.call("GET", homebasePg.api + "/entities/Note/" + user.notes.getFirst(), null, user.token);
                // The first user's first note, which pgbench then replaces with others of theirs (as for get by id).
                case UPDATE -> () -> EntityBench.call("PUT", homebasePg.api + "/entities/Note/" + user.notes.getFirst(),
                        CompareSystems.newPriority(), user.token);
                default -> homebasePg.op(s);
            };
            // The page and the count repeat the same values on every request, so Homebase soon writes them into the
            // statement's text (a custom plan; see RepeatedTexts): capture that steady form, not the first request's.
            if (s == CompareSystems.Scenario.PAGE || s == CompareSystems.Scenario.COUNT) for (int k = 0; k < 20; k++) once.run();
            sql.put(s, pgbench.capture(once));
            if (sql.get(s).stream().noneMatch(q -> q.text().contains("records"))) problems.add("pgbench: no statement on records captured for " + s);
        }
        for (var e : sql.entrySet()) System.out.printf("Homebase's SQL for %s:%n%s", e.getKey().title, ComparePgbench.show(e.getValue()));
        for (var s : PGBENCH) {
            var r = runPgbench(pgbench, sql.get(s), s, homebasePg, 2, 1);
            if (r.failed() > 0 || r.transactions() == 0) problems.add("pgbench " + s + ": " + r);
        }
        if (!problems.isEmpty()) {
            System.out.println("SELF-CHECK FAILED:");
            problems.forEach(p -> System.out.println("  " + p));
            System.exit(1);
        }
        System.out.printf("self-check passed: every scenario answers right on each system; count %,d everywhere%n", data.expectedCount());
        if (dry) return;
        // Every code path of every system, and the generator's own, compiled before the first timed point: otherwise the
        // first point (create at c = 8, Homebase PG first) pays for the JIT of its server and of this generator.
        int prewarm = Integer.parseInt(opt.getOrDefault("prewarm", quick ? "2" : "10"));
        System.out.printf("pre-warm: every scenario on every system for %d s, not measured%n", prewarm);
        for (var s : CompareSystems.Scenario.values()) for (var t : targets) EntityBench.measure(8, prewarm, t.op(s));
        settle(db[0], Integer.parseInt(db[1]));

        var report = new CompareReport(quick, users, perUser, seconds, warmup, prewarm, targets, opt);
        for (int c : clients)
            for (var s : CompareSystems.Scenario.values()) round(report, targets, pgbench, sql, c, s, seconds, warmup, false);
        System.out.println("idle 40 s (no requests), then the servers' RSS");
        Thread.sleep(40_000);
        for (var t : targets) report.idleRss.put(t.name, rssKib(t.pid));
        if (opt.containsKey("million")) {
            // The page and the count again over 1M orders (quick: 100k): the same bulk paths top the orders up.
            int extra = (Integer.parseInt(opt.getOrDefault("big", quick ? "100000" : "1000000")) - users * perUser) / users;
            long expected = data.expectedCount();
            for (int k = 0; k < users; k++) expected += CompareSystems.Dataset.matching(CompareSystems.Dataset.orders(k, extra, 9000 + k));
            System.out.printf("adding %,d orders to each system%n", extra * users);
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                List<java.util.concurrent.Future<?>> seeded = new ArrayList<>();
                for (var t : targets)
                    seeded.add(pool.submit(() -> {
                        t.forEachUser(users, 4, k -> t.addOrders(t.users.get(k), CompareSystems.Dataset.orders(k, extra, 9000 + k)));
                        return null;
                    }));
                for (var f : seeded) f.get();
            }
            for (var t : targets)
                if (t.count() != expected) throw new IllegalStateException(t.name + ": count " + t.count() + " after the top-up, expected " + expected);
            report.bigRecords = users * (perUser + extra);
            for (int c : clients)
                for (var s : List.of(CompareSystems.Scenario.PAGE, CompareSystems.Scenario.COUNT))
                    round(report, targets, pgbench, sql, c, s, seconds, warmup, true);
        }
        report.sql = sql;
        String markdown = report.markdown();
        System.out.println(markdown);
        Path out = Path.of(opt.get("out"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, markdown);
        System.out.println("written to " + out);
    }

    /**
     * The seeding's after-effects done before the first timed round, on the shared PostgreSQL: statistics and the
     * visibility map of both databases brought up to date ({@code VACUUM ANALYZE}, which autovacuum would otherwise run
     * during the first rounds) and the seeding's dirty pages written ({@code CHECKPOINT}), so the first write round does
     * not share the disk's flushes with them; the same for every system.
     */
    static void settle(String host, int port) throws Exception {
        long start = System.nanoTime();
        for (String database : List.of("homebase", "parse")) {
            try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, "postgres", "");
                 var st = c.createStatement()) {
                st.execute("VACUUM ANALYZE");
            }
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", "postgres", "");
             var st = c.createStatement()) {
            st.execute("CHECKPOINT");
        }
        System.out.printf("settled: VACUUM ANALYZE of both databases and a CHECKPOINT in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    /** One round: the scenario on every system in turn (warm-up, then timed), then pgbench on Homebase's SQL for it. */
    static void round(CompareReport report, List<CompareSystems.Target> targets, ComparePgbench pgbench,
                      Map<CompareSystems.Scenario, List<ComparePgbench.Sql>> sql, int c, CompareSystems.Scenario s,
                      int seconds, int warmup, boolean big) throws Exception {
        double before = loadAverage();
        Map<String, EntityBench.Load> row = new LinkedHashMap<>();
        Map<String, CompareCpu.Split> cpu = new LinkedHashMap<>();
        String title = s.title + (big ? " (" + report.bigRecords / 1000 + "k orders)" : "");
        for (var t : targets) {
            EntityBench.measure(c, warmup, t.op(s));
            EntityBench.Call op = t.op(s), noted = () -> {
                try {
                    op.run();
                } catch (Exception e) { // the first failure of each point goes into the report, so an error count is explained
                    report.firstErrors.putIfAbsent("c=" + c + ", " + title + ", " + t.name, String.valueOf(e.getMessage()));
                    throw e;
                }
            };
            CompareCpu.Snapshot cpuBefore = CompareCpu.take(t.pid, DATABASES.get(t.name));
            row.put(t.name, withRss(t, report.maxRss, () -> EntityBench.measure(c, seconds, noted)));
            cpu.put(t.name, cpuBefore.until(CompareCpu.take(t.pid, DATABASES.get(t.name))));
            System.out.printf("c=%-3d %-62s %-16s %s%n", c, title, t.name, CompareReport.cell(row.get(t.name)));
        }
        ComparePgbench.Result r = null;
        if (PGBENCH.contains(s)) {
            var homebase = (CompareSystems.Homebase) targets.getFirst();
            runPgbench(pgbench, sql.get(s), s, homebase, c, warmup);
            r = runPgbench(pgbench, sql.get(s), s, homebase, c, seconds);
            System.out.printf("c=%-3d %-62s %-16s %,.0f tps, p50 %.2f, p99 %.2f ms, %d failed%n", c, title, "pgbench",
                    r.tps(), r.p50Millis(), r.p99Millis(), r.failed());
        }
        report.add(new CompareReport.Row(c, s, big, row, cpu, r, before, loadAverage()));
    }

    static ComparePgbench.Result runPgbench(ComparePgbench pgbench, List<ComparePgbench.Sql> sql, CompareSystems.Scenario s,
                                            CompareSystems.Homebase homebase, int clients, int seconds) throws Exception {
        var user = homebase.users.getFirst();
        // Get and update by id: scripts each with another of the same user's notes (the owner rule's parameter stays that
        // user); 100 for updates, so that clients rarely wait for each other's row lock (Homebase's own run picks among
        // every user's notes). Create: the INSERT's id is a fresh number in every transaction.
        boolean byId = s == CompareSystems.Scenario.GET || s == CompareSystems.Scenario.UPDATE;
        String[] ids = byId ? ComparePgbench.sample(user.notes, s == CompareSystems.Scenario.GET ? 32 : 100) : new String[] {""};
        String created = s == CompareSystems.Scenario.CREATE ? insertedId(sql) : null;
        return pgbench.run(s.name().toLowerCase(), sql, byId ? user.notes.getFirst() : null, ids, created, clients, seconds);
    }

    /** The id of the record the captured create inserted: the fourth parameter of its INSERT (app, entity, env, id). */
    static String insertedId(List<ComparePgbench.Sql> sql) {
        for (var q : sql)
            if (q.text().startsWith("INSERT INTO records")) return q.params().get(3);
        throw new IllegalStateException("no INSERT INTO records captured for the create: " + sql);
    }

    interface Run { EntityBench.Load run() throws Exception; }

    /** Runs {@code run} while sampling the target's RSS every 200 ms; keeps the highest in {@code max}. */
    static EntityBench.Load withRss(CompareSystems.Target t, Map<String, Long> max, Run run) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong peak = new AtomicLong();
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (!stop.get()) {
                peak.accumulateAndGet(rssKib(t.pid), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            return run.run();
        } finally {
            stop.set(true);
            sampler.join();
            max.merge(t.name, peak.get(), Math::max);
        }
    }

    /** The resident set of a process in KiB (0 when it is gone). */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return -1;
        }
    }

    static String now() { return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(Instant.now()); }
}
