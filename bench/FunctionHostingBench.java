import dev.homebase.server.App;
import dev.homebase.server.AppOptions;
import dev.homebase.server.config.ServerConfig;
import dev.homebase.server.functions.FunctionWatcher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Backend-function hosting over real HTTP with a real Deno: warm latency of invoke and of direct
 * fetch (with /api/health as the baseline), cold start, hot-reload pickup (file write until the new
 * code answers), function output stored per second, and the resident memory of a warm process.
 * Run with bench/run-functions-hosting.sh [calls, default 500].
 */
public class FunctionHostingBench {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String APP = "fnbench";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path project = Files.createTempDirectory("homebase-fnbench");
        Files.createDirectories(project.resolve("base44/functions/ping"));
        Files.createDirectories(project.resolve("base44/functions/chatty"));
        Files.writeString(project.resolve("base44/.app.jsonc"), "{ \"id\": \"" + APP + "\" }");
        Path ping = project.resolve("base44/functions/ping/entry.ts");
        Files.writeString(ping, version(1));
        Files.writeString(project.resolve("base44/functions/chatty/entry.ts"),
                "Deno.serve((req) => { const n = Number(new URL(req.url).searchParams.get('n'));"
                        + " for (let i = 0; i < n; i++) console.log('line ' + i); return new Response('ok'); });\n");
        Path data = project.resolve(".homebase");
        try (App app = App.start(new ServerConfig(List.of(project), "127.0.0.1", 0, data, "sqlite:" + data.resolve("bench.db")), AppOptions.defaults())) {
            String base = "http://127.0.0.1:" + app.port();
            List<Double> cold = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                app.functions().reload(APP, List.of(ping)); // drains the warm process: the next call starts one
                cold.add(time(() -> call("GET", base + "/api/apps/" + APP + "/functions/ping")));
            }
            System.out.printf("cold start (invoke, 5 runs): median %.1f ms, max %.1f ms%n", median(cold), max(cold));
            for (String[] kind : new String[][] {{"health", "/api/health"}, {"invoke", "/api/apps/" + APP + "/functions/ping"},
                    {"direct fetch", "/api/functions/ping/x?y=1"}}) {
                for (int i = 0; i < 50; i++) call("GET", base + kind[1]);
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < n; i++) ms.add(time(() -> call("GET", base + kind[1])));
                System.out.printf("%-12s warm, %d sequential calls: median %.2f ms, p99 %.2f ms%n", kind[0], n, median(ms), percentile(ms, 0.99));
            }
            Matcher pid = Pattern.compile("\"pid\":(\\d+)").matcher(call("GET", base + "/api/apps/" + APP + "/functions/ping"));
            if (pid.find()) {
                String status = Files.readString(Path.of("/proc/" + pid.group(1) + "/status"));
                Matcher rss = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(status);
                if (rss.find()) System.out.printf("warm Deno process (ping): RSS %.1f MB%n", Integer.parseInt(rss.group(1)) / 1024.0);
            }

            try (FunctionWatcher watcher = FunctionWatcher.start(app.functions(), Duration.ofMillis(200))) {
                List<Double> reload = new ArrayList<>();
                for (int v = 2; v <= 6; v++) {
                    String expected = "\"version\":" + v;
                    long t = System.nanoTime();
                    Files.writeString(ping, version(v));
                    while (!call("GET", base + "/api/apps/" + APP + "/functions/ping").contains(expected)) Thread.sleep(5);
                    reload.add((System.nanoTime() - t) / 1e6);
                }
                System.out.printf("hot reload, file write until the new code answers (debounce 200 ms, 5 runs): median %.0f ms, max %.0f ms%n",
                        median(reload), max(reload));
            }

            int lines = 20_000;
            long t = System.nanoTime();
            call("GET", base + "/api/apps/" + APP + "/functions/chatty?n=" + lines);
            var logs = app.functions().logs().orElseThrow();
            while (logs.list(APP, "chatty", null, 1).total() < lines) Thread.sleep(20);
            double s = (System.nanoTime() - t) / 1e9;
            System.out.printf("function output: %,d lines printed in one call stored in %.2f s (%,.0f lines/s)%n", lines, s, lines / s);
        }
    }

    static String version(int v) {
        return "Deno.serve(() => Response.json({ version: " + v + ", pid: Deno.pid }));\n";
    }

    interface Call { void run() throws Exception; }

    static double time(Call c) throws Exception {
        long t = System.nanoTime();
        c.run();
        return (System.nanoTime() - t) / 1e6;
    }

    static String call(String method, String url) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) throw new IllegalStateException(url + ": " + res.statusCode() + " " + res.body());
        return res.body();
    }

    static double median(List<Double> v) {
        return percentile(v, 0.5);
    }

    static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    static double percentile(List<Double> v, double p) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p * s.size()) - 1));
    }
}
