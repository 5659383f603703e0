package dev.homebase.server.realtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket handshake never agrees to {@code permessage-deflate}, though the official client (Node's {@code ws})
 * offers it: as on Socket.IO's own server, events go uncompressed, so one encoded packet serves every member of a room
 * and no connection holds a compressor.
 */
class RealtimeCompressionTest {

    @Test
    void theHandshakeDeclinesPerMessageDeflate() throws Exception {
        try (RealtimeServer realtime = new RealtimeServer("app1"::equals, SubscriberFilter.everyone(), RealtimeSettings.defaults(), Clock.systemUTC())) {
            Javalin javalin = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.router.ignoreTrailingSlashes = true;
                realtime.install(config);
            }).start("127.0.0.1", 0);
            try (Socket socket = new Socket("127.0.0.1", javalin.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + RealtimeServer.PATH + "/?EIO=4&transport=websocket&app_id=app1 HTTP/1.1\r\n"
                        + "Host: 127.0.0.1:" + javalin.port() + "\r\n"
                        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = readHead(socket.getInputStream());
                assertTrue(head.startsWith("HTTP/1.1 101"), head);
                assertFalse(head.toLowerCase().contains("permessage-deflate"), head);
            } finally {
                javalin.stop();
            }
        }
    }

    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) break;
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
