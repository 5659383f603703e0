import dev.homebase.server.App;
import dev.homebase.server.AppOptions;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.config.ServerConfig;
import dev.homebase.server.files.FileSettings;
import dev.homebase.server.integrations.IntegrationLimits;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files benchmark over real HTTP on loopback: UploadFile (multipart, streamed to the storage) and GET /media/
 * (streamed back) for 1 MB and 20 MB files, with 1 and 4 concurrent clients; throughput in MB/s and per-request
 * latency. The storage is the environment's ({@code HOMEBASE_STORAGE}, {@code HOMEBASE_S3_*}; default the disk).
 * Run with bench/run-files.sh. Arguments: [db URL (default: a fresh SQLite file)] [rounds per size (default 20)].
 */
public class FilesBench {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String EMAIL = "bench@example.test";
    static final String PASSWORD = "bench-password-1";
    static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern URL = Pattern.compile("\"file_url\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("homebase-bench-files");
        String db = args.length > 0 && !args[0].isEmpty() ? args[0] : "sqlite:" + data.resolve("bench.db");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path project = Files.createTempDirectory("homebase-bench-project");
        Files.createDirectories(project.resolve("base44/entities"));
        Files.writeString(project.resolve("base44/config.jsonc"), "{ \"name\": \"Files bench\" }");
        Files.writeString(project.resolve("base44/.app.jsonc"), "{ \"id\": \"filesbench\" }");
        Passwords.Params fast = Passwords.Params.FAST_FOR_TESTS;
        AuthConfig auth = AuthConfig.defaults().withArgon(fast.memoryKiB(), fast.iterations(), fast.parallelism()).withAdmin(EMAIL, PASSWORD);
        FileSettings files = FileSettings.fromEnvironment(data, System.getenv());
        System.out.printf("database: %s, storage: %s, %d cores%n", db.startsWith("sqlite:") ? "SQLite" : "PostgreSQL",
                files.s3().map(s -> "S3 " + s.describe()).orElse("disk"), Runtime.getRuntime().availableProcessors());
        try (App app = App.start(new ServerConfig(List.of(project), "127.0.0.1", 0, data, db),
                AppOptions.defaults().withAuth(auth).withFiles(files).withIntegrationLimits(IntegrationLimits.DEFAULT))) {
            String base = "http://127.0.0.1:" + app.port();
            String token = login(base);
            for (int mb : new int[] {1, 20}) {
                byte[] file = new byte[mb * 1024 * 1024];
                new Random(mb).nextBytes(file);
                for (int clients : new int[] {1, 4}) run(base, token, file, mb, clients, rounds);
            }
        }
    }

    static void run(String base, String token, byte[] file, int mb, int clients, int rounds) throws Exception {
        String boundary = "----bench" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] multipart = body.toByteArray();
        int warm = Math.max(2, rounds / 5);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < warm; i++) urls.add(upload(base, token, boundary, multipart));
        for (String u : urls) download(u, file.length);

        int total = rounds * clients;
        List<String> uploaded = java.util.Collections.synchronizedList(new ArrayList<>());
        long[] upNanos = new long[total];
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        parallel(clients, rounds, (c, i) -> {
            long t = System.nanoTime();
            uploaded.add(upload(base, token, boundary, multipart));
            upNanos[c * rounds + i] = System.nanoTime() - t;
        });
        double upSeconds = (System.nanoTime() - t0) / 1e9;
        double upCpu = (cpuNanos() - c0) / 1e6 / ((double) mb * total);
        long[] downNanos = new long[total];
        c0 = cpuNanos();
        t0 = System.nanoTime();
        parallel(clients, rounds, (c, i) -> {
            long t = System.nanoTime();
            download(uploaded.get(c * rounds + i), file.length);
            downNanos[c * rounds + i] = System.nanoTime() - t;
        });
        double downSeconds = (System.nanoTime() - t0) / 1e9;
        double downCpu = (cpuNanos() - c0) / 1e6 / ((double) mb * total);
        java.util.Arrays.sort(upNanos);
        java.util.Arrays.sort(downNanos);
        System.out.printf("%2d MB x %3d, %d client%s: upload %7.1f MB/s (p50 %6.1f ms, p99 %6.1f ms, cpu %5.2f ms/MB)   "
                        + "download %7.1f MB/s (p50 %6.1f ms, p99 %6.1f ms, cpu %5.2f ms/MB)%n",
                mb, total, clients, clients == 1 ? " " : "s", (double) mb * total / upSeconds, upNanos[total / 2] / 1e6,
                upNanos[Math.min(total - 1, (int) (total * 0.99))] / 1e6, upCpu, (double) mb * total / downSeconds,
                downNanos[total / 2] / 1e6, downNanos[Math.min(total - 1, (int) (total * 0.99))] / 1e6, downCpu);
    }

    /**
     * CPU time of this process (server and client threads; the client's share is the same whatever the server does):
     * steadier than wall time on a machine shared with other work.
     */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    interface Step {
        void run(int client, int round) throws Exception;
    }

    static void parallel(int clients, int rounds, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) step.run(client, i);
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdown();
        }
    }

    static String login(String base) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/apps/filesbench/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + EMAIL + "\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = TOKEN.matcher(r.body());
        if (!m.find()) throw new IllegalStateException("login answered " + r.statusCode() + ": " + r.body());
        return m.group(1);
    }

    static String upload(String base, String token, String boundary, byte[] multipart) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/apps/filesbench/integration-endpoints/Core/UploadFile"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = URL.matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) throw new IllegalStateException("upload answered " + r.statusCode() + ": " + r.body());
        return m.group(1);
    }

    static void download(String url, long expected) throws Exception {
        HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        long n = 0;
        try (InputStream in = r.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int k; (k = in.read(buffer)) >= 0; ) n += k;
        }
        if (r.statusCode() != 200 || n != expected) throw new IllegalStateException("download answered " + r.statusCode() + " with " + n + " bytes");
    }
}
