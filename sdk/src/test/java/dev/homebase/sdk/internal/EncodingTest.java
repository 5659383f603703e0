package dev.homebase.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncodingTest {
    @Test
    void componentMatchesEncodeUriComponent() {
        assertEquals("a-_.!~*'()b", Encoding.component("a-_.!~*'()b"));
        assertEquals("%20%2B%2F%3F%23%26%3D%3A%24%2C%40%25%7B%7D%5B%5D%22", Encoding.component(" +/?#&=:$,@%{}[]\""));
        assertEquals("%C3%A9%E2%82%AC%F0%9F%98%80", Encoding.component("é€😀"));
    }

    @Test
    void queryUsesTheAxiosReplacements() {
        assertEquals("%7B%22t%22:%22a+b%22%7D", Encoding.query("{\"t\":\"a b\"}"));
        assertEquals("$gt,x:y%2Bz", Encoding.query("$gt,x:y+z"));
    }

    @Test
    void pathKeepsSlashesButNotQueryOrFragment() {
        assertEquals("orders/process", Encoding.path("orders/process"));
        assertEquals("get:/repos/%7Bo%7D%3Fx%23y%25", Encoding.path("get:/repos/{o}?x#y%"));
    }

    @Test
    void bracketNotationForNestedParams() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("a", Map.of("b", 1));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("q", inner);
        params.put("f", List.of("x", Map.of("k", "v")));
        params.put("skip", null);
        assertEquals("q%5Ba%5D%5Bb%5D=1&f%5B%5D=x&f%5B%5D=%7B%22k%22:%22v%22%7D", new QueryParams().addAll(params).encode());
    }

    @Test
    void jsonKeepsMapNullsButDropsPojoNulls() {
        record R(String a, String b) {
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", null);
        assertEquals("{\"a\":null}", Json.write(m));
        assertEquals("{\"a\":\"x\"}", Json.write(new R("x", null)));
    }
}
