package dev.homebase.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A bare HTTP/1.1 client over a socket, one connection per request ({@code Connection: close}).
 * Unlike {@link java.net.http.HttpClient} it sends any request target as given, malformed
 * percent-escapes and all, so tests can see what the server does with them.
 */
final class RawHttp {
    private RawHttp() {}

    /** An answer: the status (-1 when none came), the body, and how long it took. */
    record Reply(int status, String body, long millis, boolean timedOut) {}

    /**
     * Sends one request and reads the whole answer.
     *
     * @param target the request target exactly as it goes on the wire (path and query)
     * @param body the body bytes, or null for none
     * @param timeoutMillis how long to wait for the server before giving up
     */
    static Reply send(int port, String method, String target, Map<String, String> headers, byte[] body, int timeoutMillis) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            head.append("Connection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                if (body != null) out.write(body);
                out.flush();
            } catch (IOException e) {
                // the server may answer (413, 400) and close before reading the whole body: read what it said
            }
            byte[] answer = readAll(socket.getInputStream(), start, timeoutMillis);
            long millis = (System.nanoTime() - start) / 1_000_000;
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            return new Reply(status(text), text, millis, false);
        } catch (SocketTimeoutException e) {
            return new Reply(-1, "", (System.nanoTime() - start) / 1_000_000, true);
        } catch (IOException e) {
            return new Reply(-1, e.toString(), (System.nanoTime() - start) / 1_000_000, false);
        }
    }

    private static byte[] readAll(InputStream in, long start, int timeoutMillis) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) != -1; ) {
            if (buffer.size() < 64 * 1024) buffer.write(chunk, 0, n); // keep the head and the start of the body
            if ((System.nanoTime() - start) / 1_000_000 > timeoutMillis) throw new SocketTimeoutException("answer too slow");
        }
        return buffer.toByteArray();
    }

    private static int status(String answer) {
        // "HTTP/1.1 200 OK"
        if (!answer.startsWith("HTTP/1.")) return -1;
        int space = answer.indexOf(' ');
        try {
            return Integer.parseInt(answer.substring(space + 1, space + 4));
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
