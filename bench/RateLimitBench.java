import dev.homebase.server.App;
import dev.homebase.server.AppOptions;
import dev.homebase.server.auth.RateLimiter;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.config.RateLimits;
import dev.homebase.server.config.ServerConfig;
import dev.homebase.server.store.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Rate-limit benchmark: (1) the cost of one check (one upsert in the rate_limits table) from one thread and from
 * eight at once; (2) login throughput over real HTTP with several concurrent clients, with the limits off (no
 * counting) and on (counted in the database, limits set too high to refuse), with the production Argon2id
 * parameters and with the cheap test ones (where the check's share is largest). Run with bench/run-ratelimit.sh.
 * Arguments: [check|login|all (default all)] [db URL (default: fresh SQLite files)] [clients (8)] [seconds (8)].
 */
public class RateLimitBench {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String PASSWORD = "bench-password-1";

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        String db = args.length > 1 && !args[1].isEmpty() ? args[1] : null;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        System.out.printf("database: %s, %d cores%n", db == null || db.startsWith("sqlite:") ? "SQLite" : "PostgreSQL",
                Runtime.getRuntime().availableProcessors());
        if (!mode.equals("login")) checks(db == null ? freshSqlite() : db);
        if (!mode.equals("check")) {
            RateLimits high = RateLimits.parse("login_ip=999999999/5m,login_email=999999999/5m");
            Passwords.Params fast = Passwords.Params.FAST_FOR_TESTS;
            AuthConfig owasp = AuthConfig.defaults();
            AuthConfig cheap = owasp.withArgon(fast.memoryKiB(), fast.iterations(), fast.parallelism());
            int run = 0;
            for (AuthConfig argon : List.of(owasp, cheap)) {
                for (RateLimits limits : List.of(RateLimits.UNLIMITED, high)) {
                    // A user per run: a password hash keeps the Argon2id parameters it was made with.
                    String email = "bench-" + System.currentTimeMillis() + "-" + ++run + "@example.test";
                    logins(db == null ? freshSqlite() : db, argon.withRateLimits(limits).withAdmin(email, PASSWORD), email, clients, seconds,
                            "Argon2id " + argon.argonMemoryKiB() + " KiB x" + argon.argonIterations() + ", limits "
                                    + (limits == RateLimits.UNLIMITED ? "off" : "on "));
                }
            }
        }
    }

    static String freshSqlite() throws Exception {
        return "sqlite:" + Files.createTempDirectory("homebase-bench").resolve("bench.db");
    }

    /** One check = one upsert; 1,000 keys in turn, a limit that never refuses. */
    static void checks(String url) throws Exception {
        try (Database db = Database.open(url)) {
            RateLimiter limiter = new RateLimiter(db, Clock.systemUTC());
            RateLimits.Rule rule = new RateLimits.Rule(999_999_999, Duration.ofMinutes(5));
            for (int i = 0; i < 5_000; i++) limiter.check("warm:" + (i % 1000), rule);
            int n = 20_000;
            long[] nanos = new long[n];
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                limiter.check("login:ip:10.0." + (i % 1000 / 250) + "." + (i % 250), rule);
                nanos[i] = System.nanoTime() - t;
            }
            Arrays.sort(nanos);
            System.out.printf("one check, 1 thread:  median %6.1f us   p99 %6.1f us   (%,d checks)%n",
                    nanos[n / 2] / 1e3, nanos[(int) (n * 0.99)] / 1e3, n);
            int threads = 8, each = 5_000;
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                long start = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < each; i++) limiter.check("k:" + id + ":" + (i % 100), rule);
                    }));
                }
                for (Future<?> f : done) f.get();
                double secs = (System.nanoTime() - start) / 1e9;
                System.out.printf("checks, %d threads:   %,.0f checks/s (%.1f us each on average)%n", threads,
                        threads * each / secs, secs * 1e6 / (threads * each));
            }
        }
    }

    /** {@code clients} concurrent clients logging in for {@code seconds}; each login checks two limits when on. */
    static void logins(String url, AuthConfig auth, String email, int clients, int seconds, String label) throws Exception {
        Path project = Path.of("bench/projects/bench").toAbsolutePath();
        Path data = Files.createTempDirectory("homebase-bench");
        try (App app = App.start(new ServerConfig(List.of(project), "127.0.0.1", 0, data, url), AppOptions.defaults().withAuth(auth));
             ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            HttpRequest login = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/apps/benchapp/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}")).build();
            for (int i = 0; i < 20; i++) send(login); // warm up
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<Future<long[]>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> {
                    long count = 0, total = 0;
                    while (System.nanoTime() < end) {
                        long t = System.nanoTime();
                        send(login);
                        total += System.nanoTime() - t;
                        count++;
                    }
                    return new long[] {count, total};
                }));
            }
            long count = 0, total = 0;
            for (Future<long[]> f : results) {
                count += f.get()[0];
                total += f.get()[1];
            }
            System.out.printf("logins, %-40s %d clients: %,7.1f logins/s   mean %6.2f ms%n", label + ",", clients,
                    count / (double) seconds, total / 1e6 / count);
        }
    }

    static void send(HttpRequest login) throws Exception {
        HttpResponse<String> res = HTTP.send(login, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) throw new IllegalStateException(res.statusCode() + " " + res.body());
    }
}
