package dev.homebase.server.http;

import dev.homebase.server.auth.AuthException;
import dev.homebase.server.auth.Authenticator;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;

/**
 * The operator's routes: {@code GET /metrics} (Prometheus text format 0.0.4, for the service role of any app this
 * node serves or the bearer {@code HOMEBASE_METRICS_TOKEN}) and {@code GET /api/health/ready} (public: 200 while the
 * database answers {@code SELECT 1} within two seconds, else 503). {@code GET /api/health} stays the liveness check.
 */
final class OpsApi {
    /** How long the readiness check waits for the database. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(2);

    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String BEARER = "Bearer ";

    private final Apps apps;
    private final Authenticator authenticator;
    private final NodeMetrics metrics;

    OpsApi(Apps apps, Authenticator authenticator, NodeMetrics metrics) {
        this.apps = apps;
        this.authenticator = authenticator;
        this.metrics = metrics;
    }

    void prometheus(Context ctx) throws Exception {
        authorise(ctx.header("Authorization"));
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        metrics.writePrometheus(out);
        ctx.status(200).contentType(TEXT_FORMAT).result(out.toByteArray());
    }

    void ready(Context ctx) {
        boolean up = metrics.ready(READY_TIMEOUT);
        EntityApi.json(ctx, up ? 200 : 503, up ? Map.of("status", "ok")
                : Map.of("status", "unavailable", "message", "The database does not answer; see the server log"));
    }

    /** No credential: 401; the metrics token or a service-role token: on; a wrong token: 401; a user's token: 403. */
    private void authorise(String header) {
        if (header == null || header.isBlank()) throw ApiException.unauthorized();
        if (metrics.metricsToken().isPresent() && header.startsWith(BEARER)) {
            byte[] given = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
            byte[] expected = metrics.metricsToken().get().getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(given, expected)) return; // constant time for equal lengths
        }
        boolean user = false;
        for (Apps.HostedApp app : apps.all()) {
            try {
                Principal p = authenticator.authenticate(app.project().appId(), header, null);
                if (p instanceof Principal.Service) return;
                if (p instanceof Principal.User) user = true;
            } catch (AuthException e) {
                // not a token of this app
            }
        }
        if (user) throw ApiException.forbidden("Only the service role or HOMEBASE_METRICS_TOKEN can read metrics");
        throw ApiException.unauthorized();
    }
}
