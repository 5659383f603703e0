package dev.homebase.server.ops;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The counters and histograms of things that happen in this process: HTTP requests, database transactions, function
 * calls and cold starts, mail, rate-limit refusals. One registry per process (the areas record into it through the
 * static methods here, one line at their hook); the values that belong to one running server (pool, realtime) are
 * read when scraped, by {@link NodeOps}. Labels are bounded: route templates (never raw paths), status codes, the
 * functions the apps declare. Thread-safe.
 *
 * <p>NB: why these stay per process, not per running {@code App} like {@code CallerAccessCache}: they are recorded
 * at hooks below the App (a {@code Database} is also opened by {@code backup}, {@code export}, {@code secrets} and
 * about a hundred tests, mailers come from the static {@code Mailer.of}, limiters and function hosts are built in many
 * tests), so an instance would be threaded through the store's constructors and every such call site, and every
 * transaction would read it from a field. The only gain would be separate counts for two servers in one JVM, which
 * happens only in tests, and tests read these as differences (before and after), never absolute. So the process
 * registry stays; the values that do belong to one server are read per {@link NodeOps} at scrape time.
 */
public final class ServerMetrics {
    /** Where everything below is registered. */
    static final PrometheusRegistry REGISTRY = new PrometheusRegistry();

    private static final double[] LATENCY = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private static final Histogram HTTP = Histogram.builder().name("homebase_http_request_duration_seconds")
            .help("HTTP requests by method, route template and status, and their latency (the _count is the number of requests)")
            .labelNames("method", "route", "status").classicOnly().classicUpperBounds(LATENCY).register(REGISTRY);
    private static final Histogram TX = Histogram.builder().name("homebase_db_transaction_duration_seconds")
            .help("Database transactions (read or write), from taking a connection to commit or rollback")
            .labelNames("kind").classicOnly().classicUpperBounds(LATENCY).register(REGISTRY);
    private static final Counter TX_FAILED = Counter.builder().name("homebase_db_transaction_errors")
            .help("Database transactions that failed (rolled back or could not get a connection)")
            .labelNames("kind").register(REGISTRY);
    private static final Histogram FUNCTION_CALLS = Histogram.builder().name("homebase_function_call_duration_seconds")
            .help("Backend function calls by app, function and outcome (ok, timeout, crashed, failed), until the response headers")
            .labelNames("app", "function", "outcome").classicOnly().classicUpperBounds(LATENCY).register(REGISTRY);
    private static final Histogram COLD_STARTS = Histogram.builder().name("homebase_function_cold_start_duration_seconds")
            .help("Backend function processes started (cold starts) and how long each took to be ready")
            .labelNames("app", "function").classicOnly().classicUpperBounds(LATENCY).register(REGISTRY);
    private static final Counter MAIL = Counter.builder().name("homebase_mail_sent")
            .help("Mail handed to the SMTP server (transport smtp) or written to the log (transport log)")
            .labelNames("transport").register(REGISTRY);
    private static final Counter MAIL_FAILED = Counter.builder().name("homebase_mail_failures")
            .help("Mail the SMTP server did not take").labelNames("transport").register(REGISTRY);
    private static final Counter RATE_LIMITED = Counter.builder().name("homebase_rate_limit_refusals")
            .help("Requests refused with 429 by a rate limit, by limit (for example login:ip)")
            .labelNames("limit").register(REGISTRY);

    private ServerMetrics() {}

    /** One HTTP request answered; {@code route} is the matched route template ({@code /api/apps/{appId}/...}). */
    public static void request(String method, String route, int status, double seconds) {
        HTTP.labelValues(method, route, Integer.toString(status)).observe(seconds);
    }

    /** One database transaction ended ({@code write}: a write transaction), successfully or not. */
    public static void transaction(boolean write, long nanos, boolean ok) {
        String kind = write ? "write" : "read";
        TX.labelValues(kind).observe(nanos / 1e9);
        if (!ok) TX_FAILED.labelValues(kind).inc();
    }

    /** One function call got its response headers ({@code outcome} ok) or failed (timeout, crashed, failed). */
    public static void functionCall(String appId, String function, String outcome, long nanos) {
        FUNCTION_CALLS.labelValues(appId, function, outcome).observe(nanos / 1e9);
    }

    /** A function process was started (a cold start) and took {@code nanos} to be ready. */
    public static void coldStart(String appId, String function, long nanos) {
        COLD_STARTS.labelValues(appId, function).observe(nanos / 1e9);
    }

    /** One mail sent ({@code ok}) or refused, over {@code transport} (smtp or log). */
    public static void mail(String transport, boolean ok) {
        (ok ? MAIL : MAIL_FAILED).labelValues(transport).inc();
    }

    /**
     * One request refused by a rate limit; {@code key} is the limiter's key, of which only the first two parts
     * (such as {@code login:ip}) become the label, never the address or e-mail behind them.
     */
    public static void rateLimited(String key) {
        int first = key.indexOf(':');
        int second = first < 0 ? -1 : key.indexOf(':', first + 1);
        RATE_LIMITED.labelValues(second < 0 ? (first < 0 ? key : key.substring(0, first)) : key.substring(0, second)).inc();
    }
}
