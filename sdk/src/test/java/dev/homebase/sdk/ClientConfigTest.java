package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientConfigTest {
    @Test
    void defaults() {
        ClientConfig c = ClientConfig.builder().appId("a").build();
        assertEquals("https://base44.app", c.serverUrl());
        assertEquals("https://base44.app", c.appBaseUrl());
        assertEquals(Optional.empty(), c.token());
        assertEquals(Optional.empty(), c.serviceToken());
        assertEquals(Optional.empty(), c.functionsVersion());
        assertEquals(Duration.ofSeconds(10), c.connectTimeout());
        assertEquals(Duration.ofSeconds(60), c.requestTimeout());
        assertTrue(c.analyticsEnabled());
        assertTrue(c.headers().isEmpty());
        assertTrue(c.errorListener().isEmpty());
        assertTrue(c.objectMapper().isEmpty());
    }

    @Test
    void validation() {
        assertEquals("appId is required", assertThrows(IllegalArgumentException.class,
                () -> ClientConfig.builder().build()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().appId(" "));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().serverUrl("localhost:4400"));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().serverUrl("ftp://x"));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().serverUrl("http://x/?a=1"));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().serverUrl("http://x/api/"));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().requestTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().connectTimeout(null));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().header("Host", "x"));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().header("", "x"));
    }

    @Test
    void normalisationAndCopies() {
        ObjectMapper mapper = new ObjectMapper();
        ClientConfig c = ClientConfig.builder().serverUrl("http://127.0.0.1:4400/").appId("a").token("")
                .serviceToken("s").functionsVersion("v").headers(Map.of("X-Data-Env", "dev"))
                .objectMapper(mapper).analyticsEnabled(false).build();
        assertEquals("http://127.0.0.1:4400", c.serverUrl());
        assertEquals(Optional.empty(), c.token(), "empty token means none");
        assertSame(mapper, c.objectMapper().orElseThrow());
        assertThrows(UnsupportedOperationException.class, () -> c.headers().put("a", "b"));

        ClientConfig copy = c.toBuilder().appId("b").build();
        assertEquals("b", copy.appId());
        assertEquals("http://127.0.0.1:4400", copy.serverUrl());
        assertEquals(Map.of("X-Data-Env", "dev"), copy.headers());
        assertFalse(copy.analyticsEnabled());
        assertEquals("a", c.appId(), "the original is unchanged");
    }

    @Test
    void toStringHidesTokens() {
        String s = ClientConfig.builder().appId("a").token("secret-user").serviceToken("secret-svc").build().toString();
        assertFalse(s.contains("secret"), s);
    }

    @Test
    void customHeadersCannotOverrideTheAppId() throws IOException {
        try (RecordingServer server = new RecordingServer();
             Base44Client client = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("real")
                     .header("X-App-Id", "fake").header("X-Bypass-RLS", "true").build())) {
            client.entities("T").count();
            RecordingServer.Recorded r = server.take();
            assertEquals("real", r.header("X-App-Id"));
            assertEquals("true", r.header("X-Bypass-RLS"));
        }
    }

    @Test
    void asServiceRoleNeedsAServiceToken() {
        try (Base44Client client = Base44.createClient(ClientConfig.builder().appId("a").token("t").build())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, client::asServiceRole);
            assertEquals("Service token is required to use asServiceRole. Please provide a serviceToken when creating "
                    + "the client.", e.getMessage());
        }
        try (Base44Client client = Base44.createClient(ClientConfig.builder().appId("a").serviceToken("s").build())) {
            assertSame(client.asServiceRole(), client.asServiceRole());
        }
    }
}
