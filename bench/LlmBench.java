import com.sun.net.httpserver.HttpServer;
import dev.homebase.server.App;
import dev.homebase.server.AppOptions;
import dev.homebase.server.ai.AiSettings;
import dev.homebase.server.auth.Passwords;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.config.ServerConfig;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * InvokeLLM proxy overhead: the same chat request sent (1) straight to a local OpenAI-compatible stub and
 * (2) through Homebase's InvokeLLM (a signed-in user; auth, validation, the provider call, the answer), one
 * request at a time, p50/p99 of each and of the difference. Also the AI gateway, and InvokeLLM with a schema
 * (the reply checked against it). Run with bench/run-llm.sh. Arguments: [requests (2000)] [db URL (fresh SQLite)].
 */
public class LlmBench {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String REPLY = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
            + "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"city\\\":\\\"Lyon\\\",\\\"population\\\":5}\"}}],"
            + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}";

    public static void main(String[] args) throws Exception {
        // One usage line per call is the production behaviour; here it would only flood the output.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.homebase.server.ai"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        String db = args.length > 1 && !args[1].isEmpty() ? args[1]
                : "sqlite:" + Files.createTempDirectory("homebase-bench").resolve("bench.db");
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        stub.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] out = REPLY.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, out.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(out);
            }
        });
        stub.start();
        String stubUrl = "http://127.0.0.1:" + stub.getAddress().getPort() + "/v1";
        Path project = Files.createTempDirectory("homebase-bench-llm");
        Files.createDirectories(project.resolve("base44"));
        Files.writeString(project.resolve("base44/config.jsonc"), "{\"name\":\"LLM bench\"}");
        Files.writeString(project.resolve("base44/.app.jsonc"), "{\"id\":\"llmbench\"}");
        Passwords.Params fast = Passwords.Params.FAST_FOR_TESTS;
        AuthConfig auth = AuthConfig.defaults().withArgon(fast.memoryKiB(), fast.iterations(), fast.parallelism())
                .withAdmin("bench@example.test", "bench-password-1");
        AiSettings ai = AiSettings.fromEnvironment(Map.of("HOMEBASE_LLM_URL", stubUrl, "HOMEBASE_LLM_API_KEY", "sk-bench",
                "HOMEBASE_LLM_MODEL", "m")::get);
        System.out.printf("database: %s, %d cores, %d sequential requests per case%n",
                db.startsWith("sqlite:") ? "SQLite" : "PostgreSQL", Runtime.getRuntime().availableProcessors(), n);
        try (App app = App.start(new ServerConfig(List.of(project), "127.0.0.1", 0, project.resolve(".homebase"), db),
                AppOptions.defaults().withAuth(auth).withAi(ai))) {
            String base = "http://127.0.0.1:" + app.port() + "/api/apps/llmbench";
            String login = post(base + "/auth/login", null, "{\"email\":\"bench@example.test\",\"password\":\"bench-password-1\"}");
            String token = login.replaceAll(".*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            String chat = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Biggest city?\"}]}";
            String plain = "{\"prompt\":\"Biggest city?\"}";
            String schema = "{\"prompt\":\"Biggest city?\",\"response_json_schema\":{\"type\":\"object\",\"properties\":{\"city\":"
                    + "{\"type\":\"string\"},\"population\":{\"type\":\"integer\"}},\"required\":[\"city\"]}}";
            String[][] cases = {{stubUrl + "/chat/completions", "sk-bench", chat},
                    {base + "/integration-endpoints/Core/InvokeLLM", token, plain},
                    {base + "/integration-endpoints/Core/InvokeLLM", token, schema},
                    {base + "/ai/openai/v1/chat/completions", token, chat}};
            long[][] nanos = run(n, cases);
            report("provider stub, direct", nanos[0], null);
            report("InvokeLLM (text)", nanos[1], nanos[0]);
            report("InvokeLLM (schema)", nanos[2], nanos[0]);
            report("AI gateway", nanos[3], nanos[0]);
        } finally {
            stub.stop(0);
        }
    }

    /** The cases in turn, request by request, so that noise from other processes falls on all of them alike. */
    static long[][] run(int n, String[][] cases) throws Exception {
        for (int i = 0; i < 1000; i++) for (String[] c : cases) post(c[0], c[1], c[2]); // warm-up (JIT)
        long[][] nanos = new long[cases.length][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < cases.length; k++) {
                long t = System.nanoTime();
                post(cases[k][0], cases[k][1], cases[k][2]);
                nanos[k][i] = System.nanoTime() - t;
            }
        }
        for (long[] each : nanos) Arrays.sort(each);
        return nanos;
    }

    static void report(String what, long[] nanos, long[] baseline) {
        double p50 = nanos[nanos.length / 2] / 1e3, p99 = nanos[(int) (nanos.length * 0.99)] / 1e3;
        if (baseline == null) {
            System.out.printf("%-24s p50 %7.0f us   p99 %7.0f us%n", what, p50, p99);
            return;
        }
        double b50 = baseline[baseline.length / 2] / 1e3, b99 = baseline[(int) (baseline.length * 0.99)] / 1e3;
        System.out.printf("%-24s p50 %7.0f us   p99 %7.0f us   overhead p50 %+6.0f us, p99 %+6.0f us%n", what, p50, p99, p50 - b50, p99 - b99);
    }

    static String post(String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpResponse<String> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) throw new IllegalStateException(url + " answered " + res.statusCode() + ": " + res.body());
        return res.body();
    }
}
