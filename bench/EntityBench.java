import dev.homebase.server.App;
import dev.homebase.server.AppOptions;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.config.RateLimits;
import dev.homebase.server.config.ServerConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entity API benchmark: seeds N records through the bulk route, then times get-by-id, the default
 * newest-first page, filtered pages (by an indexed field, and by the declared {@code (status, -created_date)}
 * index) and a filtered count over real HTTP (one at a time). Then, as a signed-in
 * user, with C concurrent clients for S seconds each: create, get by id, a page of 50 under an
 * owner-only read rule, update by id, and sign-in (Argon2id); req/s, p50/p99, and the process's
 * memory (RSS now, peak RSS, heap) after seeding, under load and after 40 s idle. Run with
 * bench/run-entities.sh (the launcher's JVM defaults apply, see scripts/jvm-opts.sh).
 * Arguments: [records (default 100000)] [db URL (default: a fresh SQLite file)];
 * BENCH_CONCURRENCY (default 32), BENCH_SECONDS (default 10); BENCH_WARMUP=S runs each signed-in scenario S seconds
 * unmeasured first (the JIT compiler's work otherwise lands on the first scenarios); BENCH_JFR=DIR records each signed-in scenario in its
 * own JFR file there (DIR/create.jfr, ...; the JDK's "profile" settings), for {@code jfr view hot-methods}.
 */
public class EntityBench {
    /** The client of every call; bench/CompareBench.java replaces it with an HTTP/1.1-only one before its first call. */
    static HttpClient HTTP = HttpClient.newHttpClient();
    static String base;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path data = Files.createTempDirectory("homebase-bench");
        String db = args.length > 1 ? args[1] : "sqlite:" + data.resolve("bench.db");
        Path project = Path.of("bench/projects/bench").toAbsolutePath();
        AuthConfig auth = AuthConfig.defaults().withRateLimits(RateLimits.UNLIMITED).withAdmin(EMAIL, PASSWORD);
        try (App app = App.start(new ServerConfig(List.of(project), "127.0.0.1", 0, data, db), AppOptions.defaults().withAuth(auth))) {
            base = "http://127.0.0.1:" + app.port() + "/api/apps/benchapp/entities/Order";
            System.out.printf("database: %s%n", db.startsWith("sqlite:") ? "SQLite" : "PostgreSQL");
            List<String> ids = seed(n);
            Random random = new Random(42);
            report("get by id", 2000, () -> call("GET", base + "/" + ids.get(random.nextInt(ids.size())), null));
            report("default page (limit 50, newest first)", 300, () -> call("GET", base + "?limit=50", null));
            String q = URLEncoder.encode("{\"status\":\"open\",\"priority\":{\"$gte\":3}}", StandardCharsets.UTF_8);
            report("filtered page (status + priority>=3, -amount, limit 50)", 100,
                    () -> call("GET", base + "?q=" + q + "&sort=-amount&limit=50", null));
            report("filtered page (status + priority>=3, -created_date, limit 50)", 300,
                    () -> call("GET", base + "?q=" + q + "&sort=-created_date&limit=50", null));
            report("count (status + priority>=3)", 100, () -> call("GET", base + "/count?q=" + q, null));
            memory("after seeding");
            concurrent(app.port());
        }
    }

    static final String EMAIL = "bench@example.test";
    static final String PASSWORD = "bench-password-1";

    /** The signed-in scenarios, each with C clients for S seconds. */
    static void concurrent(int port) throws Exception {
        int c = Integer.parseInt(System.getenv().getOrDefault("BENCH_CONCURRENCY", "32"));
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "10"));
        String api = "http://127.0.0.1:" + port + "/api/apps/benchapp";
        String login = "{\"email\":\"" + EMAIL + "\",\"password\":\"" + PASSWORD + "\"}";
        Matcher t = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(call("POST", api + "/auth/login", login, null));
        if (!t.find()) throw new IllegalStateException("no token");
        String token = t.group(1);
        String notes = api + "/entities/Note";
        List<String> ids = new CopyOnWriteArrayList<>();
        Pattern id = Pattern.compile("\"id\":\"([0-9a-f]{24})\"");
        System.out.printf("%nsigned in, %d clients, %d s per scenario%n", c, seconds);
        load("create (signed-in user)", c, seconds, () -> {
            int n = ThreadLocalRandom.current().nextInt(1000);
            Matcher m = id.matcher(call("POST", notes, "{\"title\":\"note " + n + "\",\"status\":\"open\",\"priority\":" + (n % 5)
                    + ",\"done\":false}", token));
            if (m.find()) ids.add(m.group(1));
        });
        load("get by id (signed-in user)", c, seconds,
                () -> call("GET", notes + "/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size())), null, token));
        load("page of 50, owner-only rule", c, seconds, () -> call("GET", notes + "?limit=50&sort=-created_date", null, token));
        load("update by id", c, seconds, () -> call("PUT", notes + "/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size())),
                "{\"priority\":" + ThreadLocalRandom.current().nextInt(5) + "}", token));
        memory("under load (after create/get/page/update)");
        load("login (Argon2id)", c, seconds, () -> call("POST", api + "/auth/login", login, null));
        memory("after login load");
        Thread.sleep(40_000); // no System.gc(): what the collector gives back on its own when idle

        memory("idle 40 s later");
    }

    interface Call { void run() throws Exception; }

    /** Runs {@code op} from {@code clients} virtual threads for {@code seconds}; prints req/s and latencies. */
    static void load(String name, int clients, int seconds, Call op) throws Exception {
        int warmup = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "0"));
        if (warmup > 0) measure(clients, warmup, op); // the JIT compiler works here, unmeasured
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        jdk.jfr.Recording recording = startRecording();
        long cpuStart = os.getProcessCpuTime();
        Load result = measure(clients, seconds, op);
        long cpu = os.getProcessCpuTime() - cpuStart;
        if (recording != null) {
            recording.stop();
            recording.dump(Path.of(System.getenv("BENCH_JFR"), name.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "") + ".jfr"));
            recording.close();
        }
        if (result.requests() == 0) return;
        // CPU per request (server and client together, one process) is steadier than req/s on a shared machine.
        System.out.printf("%-44s %8.0f req/s   p50 %6.2f ms   p99 %6.2f ms   %6.3f ms CPU/req   (%d requests, %d errors)%n", name,
                result.perSecond(), result.p50Millis(), result.p99Millis(), cpu / 1e6 / result.requests(), result.requests(), result.errors());
    }

    /** What {@link #measure} saw: requests done (failed ones included), failed ones, and every latency, sorted. */
    record Load(int seconds, long requests, long errors, long[] sortedNanos) {
        double perSecond() { return requests / (double) seconds; }
        double p50Millis() { return sortedNanos.length == 0 ? 0 : sortedNanos[sortedNanos.length / 2] / 1e6; }
        double p99Millis() { return sortedNanos.length == 0 ? 0 : sortedNanos[(int) (sortedNanos.length * 0.99)] / 1e6; }
    }

    /** Runs {@code op} in a closed loop from {@code clients} virtual threads for {@code seconds}; an exception is an error. */
    static Load measure(int clients, int seconds, Call op) throws Exception {
        AtomicLong errors = new AtomicLong();
        List<long[]> perClient = new CopyOnWriteArrayList<>();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int k = 0; k < clients; k++) {
                pool.submit(() -> {
                    long[] nanos = new long[4096];
                    int n = 0;
                    while (System.nanoTime() < deadline) {
                        if (n == nanos.length) nanos = Arrays.copyOf(nanos, n * 2);
                        long t0 = System.nanoTime();
                        try {
                            op.run();
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        nanos[n++] = System.nanoTime() - t0;
                    }
                    perClient.add(Arrays.copyOf(nanos, n));
                    return null;
                });
            }
        }
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Load(seconds, all.length, errors.get(), all);
    }

    /** A JFR recording with the "profile" settings when BENCH_JFR names a folder, started; else null. */
    static jdk.jfr.Recording startRecording() throws Exception {
        String dir = System.getenv("BENCH_JFR");
        if (dir == null || dir.isBlank()) return null;
        Files.createDirectories(Path.of(dir));
        jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(2)); // "profile" takes one per 10 ms
        recording.start();
        return recording;
    }

    /** The process's RSS now and at peak, and the heap in use and committed. */
    static void memory(String when) throws Exception {
        String rss = "?", hwm = "?";
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) rss = line.substring(6).trim();
            if (line.startsWith("VmHWM:")) hwm = line.substring(6).trim();
        }
        Runtime r = Runtime.getRuntime();
        System.out.printf("memory %-40s RSS %s, peak RSS %s, heap used %d MiB of %d MiB committed (max %d MiB)%n", when, rss, hwm,
                (r.totalMemory() - r.freeMemory()) >> 20, r.totalMemory() >> 20, r.maxMemory() >> 20);
    }

    static List<String> seed(int n) throws Exception {
        String[] statuses = {"open", "paid", "shipped", "cancelled"};
        Random random = new Random(7);
        List<String> ids = new ArrayList<>(n);
        long start = System.nanoTime();
        Pattern id = Pattern.compile("\"id\":\"([0-9a-f]{24})\"");
        for (int done = 0; done < n; ) {
            int batch = Math.min(5000, n - done);
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < batch; i++) {
                if (i > 0) body.append(',');
                body.append("{\"customer\":\"c").append(random.nextInt(5000)).append("\",\"status\":\"")
                        .append(statuses[random.nextInt(4)]).append("\",\"amount\":").append(random.nextInt(100000) / 100.0)
                        .append(",\"priority\":").append(1 + random.nextInt(5)).append(",\"tags\":[\"t").append(random.nextInt(20)).append("\"]}");
            }
            String res = call("POST", base + "/bulk", body.append(']').toString());
            Matcher m = id.matcher(res);
            while (m.find()) ids.add(m.group(1));
            done += batch;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("seeded %,d records in %.1f s (%,.0f records/s through POST /bulk)%n", ids.size(), secs, ids.size() / secs);
        return ids;
    }

    static String call(String method, String url, String body) {
        return call(method, url, body, null);
    }

    static String call(String method, String url, String body, String token) {
        return token == null ? send(method, url, body) : send(method, url, body, "Authorization", "Bearer " + token);
    }

    /** One JSON request with extra headers (name, value, ...); a status of 300 or more throws. */
    static String send(String method, String url, String body, String... headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
            for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() >= 300) throw new IllegalStateException(res.statusCode() + " " + res.body());
            return res.body();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    interface Op { void run() throws Exception; }

    static void report(String name, int iterations, Op op) throws Exception {
        for (int i = 0; i < Math.min(50, iterations); i++) op.run(); // warm up
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            op.run();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf("%-58s median %7.2f ms   p99 %7.2f ms   (%d requests)%n", name,
                nanos[iterations / 2] / 1e6, nanos[(int) (iterations * 0.99)] / 1e6, iterations);
    }
}
