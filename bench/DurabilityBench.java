import dev.homebase.server.App;
import dev.homebase.server.AppOptions;
import dev.homebase.server.config.ServerConfig;
import dev.homebase.server.store.sqlite.SqliteSynchronous;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * SQLite durability benchmark: the cost of each acknowledged write under the synchronous mode in
 * HOMEBASE_SQLITE_SYNCHRONOUS (full or normal), over real HTTP on a fresh database file. Measures
 * single creates one at a time (latency and rate), single creates from several clients at once,
 * updates, and bulk creates (POST /bulk of 100). Run with bench/run-durability.sh, which runs it
 * once per mode. Arguments: [single creates (default 1000)] [bulk requests (default 50)]
 * [clients (default 8)] [data folder (default: a temporary folder; put it on the disk to measure)].
 */
public class DurabilityBench {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;

    public static void main(String[] args) throws Exception {
        int creates = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int bulks = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Path parent = args.length > 3 ? Files.createDirectories(Path.of(args[3])) : null;
        Path data = parent == null ? Files.createTempDirectory("homebase-durability") : Files.createTempDirectory(parent, "homebase-durability");
        Path project = Path.of("bench/projects/bench").toAbsolutePath();
        SqliteSynchronous mode = SqliteSynchronous.fromEnvironment();
        try (App app = App.start(new ServerConfig(List.of(project), "127.0.0.1", 0, data, "sqlite:" + data.resolve("bench.db")), AppOptions.defaults())) {
            base = "http://127.0.0.1:" + app.port() + "/api/apps/benchapp/entities/Order";
            System.out.printf("SQLite synchronous=%s, data in %s%n", mode, data);
            String record = "{\"customer\":\"c1\",\"status\":\"open\",\"amount\":12.5,\"priority\":3,\"tags\":[\"a\"]}";
            for (int i = 0; i < 50; i++) call("POST", base, record); // warm up
            long[] single = new long[creates];
            List<String> ids = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < creates; i++) {
                long t = System.nanoTime();
                String res = call("POST", base, record);
                single[i] = System.nanoTime() - t;
                ids.add(res.substring(res.indexOf("\"id\":\"") + 6, res.indexOf("\"id\":\"") + 30));
            }
            print("single creates, one client", creates, System.nanoTime() - start, single);

            long[] updates = new long[creates];
            start = System.nanoTime();
            for (int i = 0; i < creates; i++) {
                long t = System.nanoTime();
                call("PUT", base + "/" + ids.get(i), "{\"status\":\"paid\"}");
                updates[i] = System.nanoTime() - t;
            }
            print("single updates, one client", creates, System.nanoTime() - start, updates);

            long[] concurrent = new long[creates];
            start = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
                List<Future<?>> futures = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int from = c;
                    futures.add(pool.submit(() -> {
                        for (int i = from; i < creates; i += clients) {
                            long t = System.nanoTime();
                            call("POST", base, record);
                            concurrent[i] = System.nanoTime() - t;
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) f.get();
            }
            print("single creates, " + clients + " clients", creates, System.nanoTime() - start, concurrent);

            String bulk = "[" + String.join(",", java.util.Collections.nCopies(100, record)) + "]";
            long[] bulkTimes = new long[bulks];
            start = System.nanoTime();
            for (int i = 0; i < bulks; i++) {
                long t = System.nanoTime();
                call("POST", base + "/bulk", bulk);
                bulkTimes[i] = System.nanoTime() - t;
            }
            long took = System.nanoTime() - start;
            Arrays.sort(bulkTimes);
            System.out.printf("%-32s %8.0f records/s   median %7.2f ms   p99 %7.2f ms per request of 100%n", "bulk creates (100 per request)",
                    bulks * 100 / (took / 1e9), bulkTimes[bulks / 2] / 1e6, bulkTimes[(int) (bulks * 0.99)] / 1e6);
        }
    }

    static void print(String name, int n, long nanos, long[] each) {
        Arrays.sort(each);
        System.out.printf("%-32s %8.0f writes/s    median %7.2f ms   p99 %7.2f ms%n", name, n / (nanos / 1e9),
                each[n / 2] / 1e6, each[(int) (n * 0.99)] / 1e6);
    }

    static String call(String method, String url, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() >= 300) throw new IllegalStateException(res.statusCode() + " " + res.body());
            return res.body();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
