package dev.homebase.server.http;

import dev.homebase.server.auth.AuthException;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.functions.FunctionCall;
import dev.homebase.server.functions.FunctionCatalog;
import dev.homebase.server.functions.FunctionException;
import dev.homebase.server.functions.FunctionHost;
import dev.homebase.server.functions.FunctionReply;
import dev.homebase.server.project.Apps;
import dev.homebase.server.functions.FunctionLogs;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ANY /api/apps/{appId}/functions/{name...}} (api-contract §6.1) and the direct fetch
 * {@code ANY /api/functions/<path>} (§6.4): forwards the call to the function with the platform
 * headers of §6.2 and returns the function's response as it is (status, headers minus hop-by-hop
 * ones, body streamed unbuffered).
 */
final class FunctionApi {
    /** Headers that describe one connection, never forwarded either way (RFC 9110 §7.6.1). */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");
    /** Request headers the platform sets itself: a caller's own copy is dropped (a forged service token, app id, URL). */
    private static final Set<String> INJECTED = Set.of("host", "content-length", "expect", "authorization",
            "base44-service-authorization", "base44-app-id", "base44-api-url", "x-data-env",
            FunctionLogs.REQUEST_ID_HEADER.toLowerCase(Locale.ROOT));
    /** Most path segments a function name is looked for in (names are at most 256 characters). */
    private static final int MAX_NAME_SEGMENTS = 64;

    private final Apps apps;
    private final FunctionHost functions;
    private final Callers callers;
    private final AppHosts hosts;
    private final FunctionLogApi logs;
    private final DashboardFunctionsApi dashboard;

    FunctionApi(Apps apps, FunctionHost functions, Callers callers, AppHosts hosts) {
        this.apps = apps;
        this.functions = functions;
        this.callers = callers;
        this.hosts = hosts;
        this.logs = new FunctionLogApi(apps, functions, callers);
        this.dashboard = new DashboardFunctionsApi(apps, functions, callers);
    }

    /** {@code GET /api/apps/{appId}/dashboard/functions} (see {@link DashboardFunctionsApi}). */
    void dashboardList(Context ctx) {
        dashboard.list(ctx);
    }

    /** {@code GET /api/apps/{appId}/functions-logs} (see {@link FunctionLogApi}). */
    void logs(Context ctx) {
        logs.list(ctx);
    }

    void invoke(Context ctx) throws IOException {
        String appId = apps.require(ctx.pathParam("appId")).project().appId();
        String name = ctx.pathParam("name");
        if (!FunctionCatalog.isValidName(name)) throw ApiException.badRequest("Invalid function name");
        FunctionCatalog.Function function = functions.find(appId, name).orElseThrow(() -> notFound(name));
        forward(ctx, appId, function, pathAndQuery(ctx));
    }

    /**
     * {@code ANY /api/functions/<path>} and its alias {@code ANY /functions/<path>} on the app's
     * origin (api-contract §6.4): the app from the request's host ({@link AppHosts}), the function
     * whose name is the longest prefix of the path (whole segments); the function gets the rest of
     * the path (at least {@code /}) and the query. On the alias, a GET that names no function and asks
     * for HTML is the site's (single-page-app routes under {@code /functions/} keep working).
     *
     * @param site the handler for such GETs, or null on {@code /api}
     */
    Handler direct(Handler site) {
        return ctx -> {
            boolean page = site != null && (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD)
                    && String.valueOf(ctx.header("Accept")).contains("text/html");
            String raw = ctx.req().getRequestURI();
            String rest = raw.substring(raw.indexOf("/functions/") + "/functions/".length());
            String appId;
            Optional<Match> match;
            try {
                appId = hosts.appFor(ctx.header("Host"));
                match = longestPrefix(appId, rest);
            } catch (ApiException e) {
                if (!page) throw e;
                match = Optional.empty();
                appId = null;
            }
            if (match.isEmpty()) {
                if (page) {
                    site.handle(ctx);
                    return;
                }
                throw new ApiException(404, "FUNCTION_NOT_FOUND", "ObjectNotFoundError", "Function not found",
                        Map.of("detail", "Function not found", "error", "Function not found"));
            }
            String query = ctx.queryString();
            forward(ctx, appId, match.get().function(), match.get().rest() + (query == null || query.isEmpty() ? "" : "?" + query));
        };
    }

    /** A function and the rest of the path after its name. */
    private record Match(FunctionCatalog.Function function, String rest) {}

    /** The function whose name is the longest run of leading (decoded) segments of {@code rawPath}. */
    private Optional<Match> longestPrefix(String appId, String rawPath) {
        String[] raw = rawPath.split("/", -1);
        int n = Math.min(raw.length, MAX_NAME_SEGMENTS);
        String[] decoded = new String[n];
        try {
            for (int i = 0; i < n; i++) decoded[i] = URLDecoder.decode(raw[i].replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid percent-encoding in the path");
        }
        for (int k = n; k >= 1; k--) {
            Optional<FunctionCatalog.Function> f = functions.find(appId, String.join("/", Arrays.copyOf(decoded, k)));
            if (f.isPresent()) {
                String rest = "/" + String.join("/", Arrays.copyOfRange(raw, k, raw.length));
                return Optional.of(new Match(f.get(), rest));
            }
        }
        return Optional.empty();
    }

    /** Sends the call to the function and copies its answer back as it streams. */
    private void forward(Context ctx, String appId, FunctionCatalog.Function function, String pathAndQuery) throws IOException {
        FunctionCall call = new FunctionCall(ctx.method().name(), pathAndQuery, forwardedHeaders(ctx, appId), ctx.bodyAsBytes());
        FunctionReply reply;
        try {
            reply = functions.call(appId, function, call);
        } catch (FunctionException e) {
            throw translate(e);
        }
        try (reply) {
            HttpServletResponse res = ctx.res();
            res.setStatus(reply.status());
            res.setContentType(null); // only the function's own Content-Type, if any
            Set<String> dropped = connectionHeaders(reply.headers().getOrDefault("connection", List.of()));
            reply.headers().forEach((header, values) -> {
                String lower = header.toLowerCase(Locale.ROOT);
                if (HOP_BY_HOP.contains(lower) || dropped.contains(lower) || lower.equals("content-length") || lower.startsWith(":")) return;
                for (int i = 0; i < values.size(); i++) {
                    if (i == 0) res.setHeader(header, values.get(i)); // the function's CORS headers replace ours
                    else res.addHeader(header, values.get(i));
                }
            });
            copy(reply.body(), res.getOutputStream());
        }
    }

    /** The caller's headers to pass on, plus the injected ones (api-contract §6.2). */
    private Map<String, List<String>> forwardedHeaders(Context ctx, String appId) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Set<String> dropped = connectionHeaders(Collections.list(ctx.req().getHeaders("Connection")));
        for (String header : Collections.list(ctx.req().getHeaderNames())) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(lower) || INJECTED.contains(lower) || dropped.contains(lower)) continue;
            out.put(header, Collections.list(ctx.req().getHeaders(header)));
        }
        // The caller's Authorization goes through untouched, but only well-formed: the SDK's
        // createClientFromRequest throws on anything other than "Bearer <token>".
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.startsWith("Bearer ") && authorization.split(" ", -1).length == 2
                && authorization.length() > "Bearer ".length()) {
            out.put("Authorization", List.of(authorization));
        }
        String env = dataEnv(ctx, appId);
        // Every call gets its own short-lived service token, anonymous callers too: public forms rely on asServiceRole.
        out.put("Base44-Service-Authorization", List.of("Bearer " + functions.serviceToken(appId, env)));
        out.put("Base44-App-Id", List.of(appId));
        out.put("Base44-Api-Url", List.of(functions.apiUrl()));
        out.put("X-Data-Env", List.of(env));
        // Lets the function's output be traced to this call (see FunctionLogs); the caller's own copy was dropped above.
        out.put(FunctionLogs.REQUEST_ID_HEADER, List.of(RequestIds.of(ctx)));
        return out;
    }

    /**
     * {@code X-Data-Env} when it is dev or prod, else the calling service token's {@code data_env},
     * else prod. A caller token that does not verify is still forwarded (the function's own calls
     * will get the 401), it just selects nothing here.
     */
    private String dataEnv(Context ctx, String appId) {
        String header = ctx.header("X-Data-Env");
        if ("dev".equals(header) || "prod".equals(header)) return header;
        try {
            if (callers.of(ctx, appId) instanceof Principal.Service s && "dev".equals(s.dataEnv())) return "dev";
        } catch (AuthException e) {
            // not a valid token of this app: prod
        }
        return "prod";
    }

    private static String pathAndQuery(Context ctx) {
        String query = ctx.queryString();
        return ctx.req().getRequestURI() + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    /** The header names a {@code Connection} header declares hop-by-hop. */
    private static Set<String> connectionHeaders(List<String> values) {
        Set<String> out = new HashSet<>();
        for (String v : values) {
            Arrays.stream(v.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }

    /** Copies the body as it arrives, flushing each chunk (server-sent events and other streams). */
    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        for (int n; (n = in.read(buffer)) != -1; ) {
            out.write(buffer, 0, n);
            if (in.available() == 0) out.flush();
        }
        out.flush();
    }

    private static ApiException notFound(String name) {
        return new ApiException(404, "FUNCTION_NOT_FOUND", "ObjectNotFoundError", "Function \"" + name + "\" not found",
                Map.of("error", "Function not found"));
    }

    private static ApiException translate(FunctionException e) {
        return switch (e.kind()) {
            case FAILED -> new ApiException(502, "function_failed", "FunctionError", e.getMessage(),
                    Map.of("error", "Failed to proxy request to function", "details", e.getMessage()));
            case TIMEOUT -> new ApiException(504, "function_timeout", "FunctionTimeoutError", e.getMessage(),
                    Map.of("error", "Function timed out"));
            case UNAVAILABLE -> new ApiException(503, "functions_unavailable", "FunctionError", e.getMessage(), Map.of());
        };
    }
}
