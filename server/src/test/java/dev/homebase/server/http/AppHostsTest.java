package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.project.Apps;
import dev.homebase.server.project.Project;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link AppHosts}: which app a request without an app id is for, and the {@code HOMEBASE_APP_HOSTS} syntax. */
class AppHostsTest {
    private static final Apps ONE = apps("shop");
    private static final Apps TWO = apps("shop", "blog");

    @Test
    void oneAppTakesEveryHost() {
        AppHosts hosts = AppHosts.parse(null, ONE);
        assertEquals("shop", hosts.appFor("anything.example:8080"));
        assertEquals("shop", hosts.appFor(null));
    }

    @Test
    void declaredHostsAndAppIdLabelsPickTheApp() {
        AppHosts hosts = AppHosts.parse(" shop = Shop.Example.com, www.shop.example.com ; blog=blog.example.com;", TWO);
        assertEquals("shop", hosts.appFor("shop.example.com"));
        assertEquals("shop", hosts.appFor("WWW.SHOP.EXAMPLE.COM:443"));
        assertEquals("blog", hosts.appFor("blog.example.com:4400"));
        assertEquals("blog", hosts.appFor("blog.localhost:4400"), "first label = app id");
        assertEquals("shop", hosts.appFor("SHOP.lan"));
        ApiException e = assertThrows(ApiException.class, () -> hosts.appFor("127.0.0.1:4400"));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("HOMEBASE_APP_HOSTS") && e.getMessage().contains("127.0.0.1"), e.getMessage());
        assertEquals(400, assertThrows(ApiException.class, () -> hosts.appFor(null)).status());
    }

    @Test
    void ipv6HostsLoseOnlyThePort() {
        assertEquals("[::1]", AppHosts.hostName("[::1]:4400"));
        assertEquals("[::1]", AppHosts.hostName("[::1]"));
        assertEquals("example.com", AppHosts.hostName("Example.COM"));
    }

    @Test
    void badDeclarationsAreRefusedWithTheReason() {
        for (Map.Entry<String, String> bad : Map.of(
                "shop", "expected APP_ID=host",
                "=a.example", "expected APP_ID=host",
                "nope=a.example", "does not host app nope",
                "shop=a.example;blog=a.example", "declared for two apps",
                "shop=a b", "is not a host name",
                "shop=", "is not a host name").entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppHosts.parse(bad.getKey(), TWO), bad.getKey());
            assertTrue(e.getMessage().contains(bad.getValue()), bad.getKey() + ": " + e.getMessage());
        }
    }

    private static Apps apps(String... ids) {
        return new Apps(java.util.Arrays.stream(ids)
                .map(id -> new Project(Path.of("/tmp/" + id), id, id, false, Map.of(), Optional.empty(), Map.of())).toList());
    }
}
