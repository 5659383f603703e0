package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.store.TestDatabases;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The router's first pass (http/SegmentRouter) drops only routes Javalin's regexes would not match: on the server's
 * whole route table, for paths made from every route (parameters filled, one segment more or less, trailing and double
 * slashes, other case, percent-escapes) and a few others, each method finds the same handlers in the same order as
 * Javalin's own router. Not a store test: the route table is the same on both databases.
 */
class SegmentRouterTest {
    @Test
    void findsWhatJavalinFinds() throws Exception {
        try (TestServer server = new TestServer("apitest", TestDatabases.Kind.SQLITE)) {
            SegmentRouter router = (SegmentRouter) server.app().http().router();
            List<ParsedEndpoint> all = router.allHttpHandlers();
            assertTrue(all.size() > 100, "the whole route table: " + all.size());
            Set<HandlerType> types = new LinkedHashSet<>();
            Set<String> paths = new LinkedHashSet<>(List.of("/", "", "/api", "/api/", "/api/apps", "/api/apps/x", "/x/y/z",
                    "/api/apps/app1/entities/Note/0123", "/api/apps/app1/entities/Note/0123/", "/api/apps/app1/entities/Note//",
                    "/api/apps/app1/entities/User/me", "/api/apps//entities/Note", "/API/apps/app1/entities/Note",
                    "/api/apps/app1/functions/a/b/c", "/functions/x", "/functions", "/functions/", "/_/", "/_/users", "/login/",
                    "/api/apps/%61pp/entities/Note", "/api/apps/app1/entities/Note/%2F",
                    // Segments a parameter's regex ([^/]+?) takes whole, which the first pass alone now decides for plain routes.
                    "/api/apps/app1/entities/Note/a.b", "/api/apps/app1/entities/Note/a b", "/api/apps/app1/entities/Note/\u00e4\u20ac",
                    "/api/apps/app1/entities/Note/a?b", "/api/apps/app1/entities/Note/.", "/api/apps/app1/entities/Note/\n",
                    "/api/apps/a*p/entities/N{o}te/x$y", "/api/apps/app1/entities/Note/x\\y"));
            for (ParsedEndpoint e : all) {
                types.add(e.endpoint.method);
                String path = e.endpoint.path;
                for (String filled : List.of(fill(path, "id1", "a"), fill(path, "id1", "a/b/c"))) {
                    paths.add(filled);
                    paths.add(filled + "/");
                    paths.add(filled + "//");
                    paths.add(filled + "/extra");
                    paths.add(filled.replace("/", "//"));
                    paths.add(filled.toUpperCase(java.util.Locale.ROOT));
                    int cut = filled.lastIndexOf('/');
                    if (cut > 0) paths.add(filled.substring(0, cut));
                    paths.add(filled.replaceFirst("/id1", "/"));
                    paths.add(filled.replace("a", "%61"));
                }
            }
            int compared = 0, matched = 0;
            for (HandlerType type : types) {
                for (String path : paths) {
                    List<ParsedEndpoint> expected = router.javalinsAnswer(type, path);
                    List<ParsedEndpoint> actual = router.findHttpHandlerEntries(type, path);
                    assertEquals(expected, actual, type + " " + path);
                    assertEquals(expected.isEmpty() ? null : expected.getFirst(), router.findFirstHttpHandlerEntry(type, path), type + " " + path);
                    assertEquals(!expected.isEmpty(), router.hasHttpHandlerEntry(type, path), type + " " + path);
                    compared++;
                    if (!expected.isEmpty()) matched++;
                }
            }
            assertTrue(compared > 1000 && matched > 500, compared + " compared, " + matched + " with a handler");
            // And the server answers through it.
            assertEquals(200, server.send("GET", "/api/health", null).status());
        }
    }

    /** A concrete path for a route pattern: {@code {param}} becomes {@code one}, {@code <param>} and {@code *} become {@code many}. */
    private static String fill(String pattern, String one, String many) {
        return pattern.replaceAll("\\{[^}/]*}", one).replaceAll("<[^>]*>", many).replace("*", many);
    }
}
