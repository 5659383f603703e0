import dev.homebase.server.App;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entity API benchmark: seeds N records through the bulk route, then times get-by-id, the default
 * newest-first page, filtered pages (by an indexed field, and by the declared {@code (status, -created_date)}
 * index) and a filtered count over real HTTP. Run with bench/run-entities.sh.
 * Arguments: [records (default 100000)] [db URL (default: a fresh SQLite file)].
 */
public class EntityBench {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path data = Files.createTempDirectory("homebase-bench");
        String db = args.length > 1 ? args[1] : "sqlite:" + data.resolve("bench.db");
        Path project = Path.of("bench/projects/bench").toAbsolutePath();
        try (App app = App.start(new ServerConfig(List.of(project), "127.0.0.1", 0, data, db))) {
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
        }
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
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
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
