package dev.homebase.server.http;

import io.javalin.config.JavalinState;
import io.javalin.config.RouterConfig;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.InternalRouter;
import io.javalin.router.ParsedEndpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Javalin's router with a cheap first pass. Javalin finds a request's handlers by running the path regex of every
 * route of the request's method, in order (some 60 for GET here: ~5–10 % of the server's CPU on get by id). This
 * router first drops the routes whose literal path segments ({@code api}, {@code apps}, {@code entities}, ...) differ
 * from the request's at the same position, or whose number of segments differs, and runs Javalin's own match on the
 * rest, in the same order. The first pass only ever drops a route its regex could not match (a literal segment matches
 * only itself, a {@code {param}} exactly one non-empty segment; a route with a {@code <param>} or {@code *}
 * is checked only up to it), so the handlers found are the same: SegmentRouterTest compares both on the whole route
 * table. For a route made only of plain literal segments and whole {@code {param}} segments the first pass is the
 * whole answer (what its regex would say), so its regex is not run: one regex match less per request.
 */
final class SegmentRouter extends InternalRouter {
    private final RouterConfig config;
    /** The routes by method, in Javalin's order; built at the first request after a route was added. */
    private volatile Map<HandlerType, List<Route>> index;

    /**
     * A route with what the first pass compares: its segments (null where a parameter is), where it is open-ended (or
     * -1), and whether the first pass decides alone ({@code exact}: every segment a plain literal or a whole parameter).
     */
    private record Route(ParsedEndpoint endpoint, String[] literals, int open, boolean exact) {}

    private SegmentRouter(JavalinState state) {
        super(state.wsRouter, state.eventManager, state.router, state.jetty);
        this.config = state.router; // read when the index is built: the settings are made after the router is installed
    }

    /** Puts this router in place of Javalin's; call before any route is added. */
    static void install(JavalinState state) {
        state.internalRouter = new SegmentRouter(state);
    }

    @Override
    public InternalRouter addHttpEndpoint(Endpoint endpoint) {
        InternalRouter router = super.addHttpEndpoint(endpoint);
        index = null;
        return router;
    }

    private Map<HandlerType, List<Route>> index() {
        Map<HandlerType, List<Route>> current = index;
        if (current != null) return current;
        synchronized (this) {
            if (index == null) {
                Map<HandlerType, List<Route>> next = new HashMap<>();
                for (ParsedEndpoint parsed : allHttpHandlers()) {
                    next.computeIfAbsent(parsed.endpoint.method, m -> new ArrayList<>()).add(route(parsed));
                }
                index = next;
            }
            return index;
        }
    }

    @Override
    public List<ParsedEndpoint> findHttpHandlerEntries(HandlerType type, String requestUri) {
        if (requestUri == null) return super.findHttpHandlerEntries(type, null);
        List<Route> routes = index().getOrDefault(type, List.of());
        int end = end(requestUri);
        int count = count(requestUri, end);
        List<ParsedEndpoint> found = new ArrayList<>(2);
        for (Route r : routes) {
            if (possible(r, requestUri, end, count) && (r.exact() || matches(r.endpoint(), requestUri))) found.add(r.endpoint());
        }
        return found;
    }

    @Override
    public ParsedEndpoint findFirstHttpHandlerEntry(HandlerType type, String requestUri) {
        List<Route> routes = index().getOrDefault(type, List.of());
        int end = end(requestUri);
        int count = count(requestUri, end);
        for (Route r : routes) {
            if (possible(r, requestUri, end, count) && (r.exact() || matches(r.endpoint(), requestUri))) return r.endpoint();
        }
        return null;
    }

    @Override
    public boolean hasHttpHandlerEntry(HandlerType type, String requestUri) {
        return findFirstHttpHandlerEntry(type, requestUri) != null;
    }

    /** What Javalin's own router finds (every route's regex, in order): SegmentRouterTest compares the two. */
    List<ParsedEndpoint> javalinsAnswer(HandlerType type, String requestUri) {
        return super.findHttpHandlerEntries(type, requestUri);
    }

    /** Javalin's own test (its PathMatcher): a {@code *} route, the very path, or the route's regex. */
    private static boolean matches(ParsedEndpoint e, String requestUri) {
        String path = e.endpoint.path;
        return path.equals("*") || path.equals(requestUri) || e.matches(requestUri);
    }

    /** Where the path's last segment ends: before one trailing slash when Javalin ignores it. */
    private int end(String uri) {
        int end = uri.length();
        return config.ignoreTrailingSlashes && end > 1 && uri.charAt(end - 1) == '/' ? end - 1 : end;
    }

    /** The number of segments of {@code uri[0, end)}, as {@code split("/", -1)} would count them. */
    private static int count(String uri, int end) {
        int n = 1;
        for (int i = uri.indexOf('/'); i >= 0 && i < end; i = uri.indexOf('/', i + 1)) n++;
        return n;
    }

    /**
     * False only when the route's regex cannot match the path {@code uri[0, end)} of {@code count} segments: a
     * literal segment that differs, an empty segment where a parameter is, or another number of segments.
     */
    private static boolean possible(Route r, String uri, int end, int count) {
        String[] literals = r.literals();
        if (literals == null) return true; // "*" or a path the first pass does not read
        if (r.open() < 0 && count != literals.length) return false;
        int checked = r.open() >= 0 ? r.open() : literals.length;
        int from = 0;
        for (int i = 0; i < checked && i < count; i++) {
            int slash = uri.indexOf('/', from);
            int to = slash < 0 || slash >= end ? end : slash;
            String literal = literals[i];
            if (literal == null ? to == from : to - from != literal.length() || !uri.regionMatches(from, literal, 0, literal.length())) {
                return false;
            }
            from = to + 1;
        }
        return true;
    }

    private Route route(ParsedEndpoint e) {
        String path = e.endpoint.path;
        if (config.caseInsensitiveRoutes || config.treatMultipleSlashesAsSingleSlash || path.equals("*") || !path.startsWith("/") || path.contains("//")) return new Route(e, null, -1, false);
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String[] parts = trimmed.split("/", -1);
        String[] literals = new String[parts.length];
        int open = -1;
        boolean exact = parts.length > 1 && parts[0].isEmpty();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.contains("<") || part.contains("*")) {
                open = i;
                break;
            }
            literals[i] = part.contains("{") || part.contains("}") ? null : part;
            if (i > 0 && !(literals[i] == null ? WHOLE_PARAM.matcher(part).matches() : PLAIN.matcher(part).matches())) exact = false;
        }
        return new Route(e, literals, open, exact && open < 0);
    }

    /** A segment Javalin turns into the regex {@code [^/]+?}: one parameter, nothing around it. */
    private static final Pattern WHOLE_PARAM = Pattern.compile("\\{[A-Za-z0-9_-]+}");
    /** A literal segment whose regex is itself, escaped or not (no character with a meaning in a regex). */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-]+");
}
