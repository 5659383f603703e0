import dev.homebase.server.App;
import dev.homebase.server.AppOptions;
import dev.homebase.server.config.ServerConfig;
import dev.homebase.server.functions.FunctionSettings;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Backend functions, both runtimes, through a real server's proxy ({@code POST /api/apps/{app}/functions/{name}}):
 * the first start (Java: includes compiling Entry.java), cold starts (process stopped by the idle
 * timeout, then one call), warm calls (median, p99) against {@code /api/health} on the same loop, and
 * the resident memory of the warm process. Then, outside the server, the start of a Java function
 * process (to its first answered request) in the JDK's source-launcher mode and from compiled classes,
 * with and without the JVM flags and class-data archive the server uses.
 * Run with bench/run-functions.sh [warm calls] [cold starts].
 */
public class FunctionBench {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String APP = "fnbench";
    static final Pattern PID = Pattern.compile("\"pid\":(\\d+)");

    static final String DENO = """
            Deno.serve(() => Response.json({ pid: Deno.pid }));
            """;
    static final String JAVA = """
            import dev.homebase.sdk.functions.FunctionReply;
            import dev.homebase.sdk.functions.FunctionServer;
            import java.util.Map;

            public class Entry {
                public static void main(String[] args) {
                    FunctionServer.serve(request -> FunctionReply.json(Map.of("pid", ProcessHandle.current().pid())));
                }
            }
            """;

    public static void main(String[] args) throws Exception {
        int warmCalls = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int coldStarts = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path project = Files.createTempDirectory("homebase-fnbench");
        Files.createDirectories(project.resolve("base44/functions/ping-deno"));
        Files.createDirectories(project.resolve("base44/functions/ping-java"));
        Files.writeString(project.resolve("base44/.app.jsonc"), "{ \"id\": \"" + APP + "\" }");
        Files.writeString(project.resolve("base44/config.jsonc"), "{ \"name\": \"Function bench\" }");
        Files.writeString(project.resolve("base44/functions/ping-deno/entry.ts"), DENO);
        Files.writeString(project.resolve("base44/functions/ping-java/Entry.java"), JAVA);
        Path data = project.resolve(".homebase");
        // HOMEBASE_FUNCTIONS_SANDBOX=off|auto compares Java functions unconfined and confined (see the server log line).
        FunctionSettings settings = FunctionSettings.defaults().withIdleTimeout(Duration.ofSeconds(1))
                .withSandbox(System.getenv().getOrDefault("HOMEBASE_FUNCTIONS_SANDBOX", "auto"));
        System.out.printf("JDK %s, %d CPUs; %d warm calls, %d cold starts per runtime; heap limit %d MiB; Java sandbox %s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), warmCalls, coldStarts, settings.heapLimitMb(), settings.sandbox());
        try (App app = App.start(new ServerConfig(List.of(project), "127.0.0.1", 0, data, "sqlite:" + data.resolve("bench.db")),
                AppOptions.defaults().withFunctions(settings))) {
            String base = "http://127.0.0.1:" + app.port();
            for (String fn : List.of("ping-deno", "ping-java")) {
                String url = base + "/api/apps/" + APP + "/functions/" + fn;
                double first = timeCall(url);
                if (fn.equals("ping-java")) awaitArchive(data);
                List<Double> cold = new ArrayList<>();
                for (int i = 0; i < coldStarts; i++) {
                    awaitStopped(app, fn);
                    cold.add(timeCall(url));
                }
                for (int i = 0; i < 20; i++) call(url); // warm-up
                List<Double> warm = new ArrayList<>();
                List<Double> health = new ArrayList<>();
                long pid = 0;
                for (int i = 0; i < warmCalls; i++) {
                    long t = System.nanoTime();
                    String body = call(url);
                    warm.add((System.nanoTime() - t) / 1e6);
                    Matcher m = PID.matcher(body);
                    if (m.find()) pid = Long.parseLong(m.group(1));
                    t = System.nanoTime();
                    call(base + "/api/health");
                    health.add((System.nanoTime() - t) / 1e6);
                }
                System.out.printf("%-9s first start %6.0f ms | cold start median %6.0f ms (min %.0f, max %.0f) | warm call median %5.2f ms,"
                                + " p99 %5.2f ms (/api/health median %.2f ms, p99 %.2f) | warm RSS %s%n",
                        fn, first, median(cold), min(cold), max(cold), median(warm), percentile(warm, 0.99), median(health),
                        percentile(health, 0.99), rss(pid));
            }
        }
        rawJavaStarts(project, coldStarts);
    }

    /**
     * Java function process start to its first answered request, outside the server: source launcher vs.
     * the server's compiled jar, without and with our JVM flags and class-data archive. Rounds are
     * interleaved, so a load change on the machine hits every variant alike.
     */
    static void rawJavaStarts(Path project, int rounds) throws Exception {
        Path dir = project.resolve("base44/functions/ping-java");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> order = List.of("homebase-sdk", "jackson-databind", "jackson-core", "jackson-annotations");
        // The server's order (JavaLauncher.sdkClasspath), which a class-data archive checks.
        String sdk = String.join(File.pathSeparator, List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
                .flatMap(FunctionBench::expand)
                .filter(p -> order.stream().anyMatch(o -> new File(p).getName().startsWith(o)))
                .sorted(Comparator.comparingInt(p -> indexOf(order, new File(p).getName())))
                .toList());
        Path build;
        try (var files = Files.walk(project.resolve(".homebase/functions/java"))) {
            build = files.filter(p -> p.getFileName().toString().equals("function.jar")).findFirst().orElseThrow().getParent();
        }
        String cp = build.resolve("function.jar") + File.pathSeparator + sdk;
        Path archive = build.resolve("function.jsa");
        List<String> flags = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto");
        record Variant(String name, List<String> cmd, List<Double> ms) {}
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("source launcher (java Entry.java)", concat(List.of(java, "-cp", sdk), List.of(), List.of("Entry.java")), new ArrayList<>()));
        variants.add(new Variant("source launcher + our JVM flags", concat(List.of(java), flags, List.of("-cp", sdk, "Entry.java")), new ArrayList<>()));
        variants.add(new Variant("compiled jar", List.of(java, "-cp", cp, "Entry"), new ArrayList<>()));
        variants.add(new Variant("compiled jar + our JVM flags", concat(List.of(java), flags, List.of("-cp", cp, "Entry")), new ArrayList<>()));
        if (Files.isRegularFile(archive)) {
            variants.add(new Variant("compiled jar + flags + CDS archive (what runs)",
                    concat(List.of(java), flags, List.of("-XX:SharedArchiveFile=" + archive, "-cp", cp, "Entry")), new ArrayList<>()));
        }
        for (int i = 0; i < rounds; i++) {
            for (Variant v : variants) v.ms().add(startToFirstAnswer(v.cmd(), dir));
        }
        System.out.println("Java function process, start to first answered request (outside the server, rounds interleaved):");
        for (Variant v : variants) {
            System.out.printf("  %-48s median %5.0f ms (min %.0f, max %.0f)%n", v.name(), median(v.ms()), min(v.ms()), max(v.ms()));
        }
    }

    static int indexOf(List<String> prefixes, String name) {
        for (int i = 0; i < prefixes.size(); i++) if (name.startsWith(prefixes.get(i))) return i;
        return prefixes.size();
    }

    static double startToFirstAnswer(List<String> cmd, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("HOMEBASE_FUNCTION_PORT", "0");
        long t = System.nanoTime();
        Process p = pb.start();
        try {
            String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (line == null || !line.startsWith("HOMEBASE_READY ")) throw new IllegalStateException("no ready line: " + line);
            call("http://127.0.0.1:" + line.substring("HOMEBASE_READY ".length()) + "/");
            return (System.nanoTime() - t) / 1e6;
        } finally {
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    static java.util.stream.Stream<String> expand(String entry) {
        if (!entry.endsWith("*")) return java.util.stream.Stream.of(new File(entry).getAbsolutePath());
        File[] jars = new File(entry.substring(0, entry.length() - 1)).getAbsoluteFile().listFiles((d, n) -> n.endsWith(".jar"));
        return jars == null ? java.util.stream.Stream.empty() : java.util.Arrays.stream(jars).map(File::getPath);
    }

    static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        out.addAll(c);
        return out;
    }

    /** Waits (bounded) for the background training run that writes the Java function's class-data archive. */
    static void awaitArchive(Path data) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (var files = Files.walk(data.resolve("functions/java"))) {
                if (files.anyMatch(p -> p.getFileName().toString().equals("function.jsa"))) return;
            }
            Thread.sleep(100);
        }
        System.out.println("(no class-data archive after 60 s: cold starts below are without it)");
    }

    static void awaitStopped(App app, String fn) throws InterruptedException {
        while (app.functions().processCount(APP, fn) > 0) Thread.sleep(50);
    }

    static double timeCall(String url) throws IOException, InterruptedException {
        long t = System.nanoTime();
        call(url);
        return (System.nanoTime() - t) / 1e6;
    }

    static String call(String url) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120));
        b = url.contains("/functions/") ? b.POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json") : b.GET();
        HttpResponse<String> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) throw new IllegalStateException(url + " answered " + res.statusCode() + ": " + res.body());
        return res.body();
    }

    /** VmRSS of a process (Linux), e.g. "41.2 MiB". */
    static String rss(long pid) {
        if (pid == 1) return "n/a (confined: the pid is its namespace's)";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return String.format("%.1f MiB", Long.parseLong(line.replaceAll("\\D", "")) / 1024.0);
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or gone
        }
        return "n/a";
    }

    static double median(List<Double> xs) {
        return percentile(xs, 0.5);
    }

    static double percentile(List<Double> xs, double p) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p * s.size()) - 1 < 0 ? 0 : (int) Math.ceil(p * s.size()) - 1));
    }

    static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
