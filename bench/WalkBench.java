import dev.homebase.server.App;
import dev.homebase.server.AppOptions;
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
 * Walks N records in cursor pages of 1000 (v2/list) and runs one aggregate over all of them, over
 * real HTTP. Reports the time of the first and last pages (they should match: keyset pagination)
 * and of the aggregate. Run with bench/run-walk.sh [records] [db URL].
 */
public class WalkBench {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path data = Files.createTempDirectory("homebase-walk");
        String db = args.length > 1 ? args[1] : "sqlite:" + data.resolve("walk.db");
        try (App app = App.start(new ServerConfig(List.of(Path.of("bench/projects/bench").toAbsolutePath()), "127.0.0.1", 0, data, db), AppOptions.defaults())) {
            String base = "http://127.0.0.1:" + app.port() + "/api/apps/benchapp/entities/Order";
            System.out.printf("database: %s, %,d records%n", db.startsWith("sqlite:") ? "SQLite" : "PostgreSQL", n);
            seed(base, n);

            List<Double> pageMs = new ArrayList<>();
            String cursor = null;
            long seen = 0;
            Pattern next = Pattern.compile("\"next_cursor\":(null|\"([^\"]+)\")");
            long walkStart = System.nanoTime();
            do {
                String url = base + "/v2/list?limit=1000" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                long t = System.nanoTime();
                String body = call("GET", url, null);
                pageMs.add((System.nanoTime() - t) / 1e6);
                seen += count(body);
                Matcher m = next.matcher(body);
                cursor = m.find() && m.group(2) != null ? m.group(2) : null;
            } while (cursor != null);
            double walkS = (System.nanoTime() - walkStart) / 1e9;
            System.out.printf("walked %,d records in %d pages of 1000 in %.1f s%n", seen, pageMs.size(), walkS);
            System.out.printf("page time, first 10 pages: median %.1f ms; last 10 pages: median %.1f ms; all pages: median %.1f ms, p99 %.1f ms%n",
                    median(pageMs.subList(0, Math.min(10, pageMs.size()))), median(pageMs.subList(Math.max(0, pageMs.size() - 10), pageMs.size())),
                    median(pageMs), percentile(pageMs, 0.99));

            String spec = "{\"groupBy\":\"status\",\"sum\":\"amount\",\"avg\":\"amount\",\"countDistinct\":\"customer\"}";
            for (int i = 0; i < 3; i++) {
                long t = System.nanoTime();
                String rows = call("POST", base + "/aggregate", spec);
                System.out.printf("aggregate (groupBy status; count, sum, avg, countDistinct) over all: %.0f ms%s%n",
                        (System.nanoTime() - t) / 1e6, i == 0 ? "  " + rows.substring(0, Math.min(120, rows.length())) + "..." : "");
            }
        }
    }

    static void seed(String base, int n) {
        String[] statuses = {"open", "paid", "shipped", "cancelled"};
        Random random = new Random(7);
        long start = System.nanoTime();
        for (int done = 0; done < n; ) {
            int batch = Math.min(5000, n - done);
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < batch; i++) {
                if (i > 0) body.append(',');
                body.append("{\"customer\":\"c").append(random.nextInt(50000)).append("\",\"status\":\"")
                        .append(statuses[random.nextInt(4)]).append("\",\"amount\":").append(random.nextInt(100000) / 100.0)
                        .append(",\"priority\":").append(1 + random.nextInt(5)).append('}');
            }
            call("POST", base + "/bulk", body.append(']').toString());
            done += batch;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("seeded %,d records in %.1f s (%,.0f records/s)%n", n, secs, n / secs);
    }

    static int count(String body) {
        int c = 0;
        for (int i = body.indexOf("\"created_date\""); i >= 0; i = body.indexOf("\"created_date\"", i + 1)) c++;
        return c;
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

    static double median(List<Double> xs) {
        return percentile(xs, 0.5);
    }

    static double percentile(List<Double> xs, double p) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[Math.min(a.length - 1, (int) (a.length * p))];
    }
}
