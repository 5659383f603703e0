package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming multipart reader: parts and their bytes come out exactly, however the socket splits the body (down
 * to one byte per read), with bytes inside a part that look like the start of a boundary; bodies that are not
 * multipart, or end early, are {@link MultipartStream.MalformedException}s.
 */
class MultipartStreamTest {
    private static final String B = "----hbBoundary7MA4YWxkTrZu0gW";

    /** Reads at most {@code step} bytes per call, as a slow socket would. */
    private static InputStream trickle(byte[] body, int step) {
        return new InputStream() {
            private final ByteArrayInputStream in = new ByteArrayInputStream(body);

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, Math.min(len, step));
            }
        };
    }

    private static byte[] body(String preamble, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((preamble + "--" + B + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
                + "--" + B + "  \r\ncontent-disposition: form-data; name=\"file\"; filename=\"Holiday \\\"2025\\\"; final.PNG\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + B + "--\r\nepilogue").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void partsComeOutWholeHoweverTheBodyIsSplit() throws IOException {
        byte[] file = new byte[300_000];
        new Random(3).nextBytes(file);
        // Things that look like the start of a delimiter, inside the file and across a buffer edge.
        byte[] near = ("\r\n--" + B.substring(0, 20)).getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(near, 0, file, 1000, near.length);
        System.arraycopy(near, 0, file, 64 * 1024 - 10, near.length);
        System.arraycopy(near, 0, file, file.length - near.length, near.length);
        for (int step : new int[] {1, 7, 4096, 1 << 20}) {
            for (String preamble : new String[] {"", "ignored preamble\r\n"}) {
                if (step == 1 && !preamble.isEmpty()) continue;
                MultipartStream parts = new MultipartStream(trickle(body(preamble, file), step), B);
                MultipartStream.Part note = parts.next();
                assertEquals("note", note.name());
                assertNull(note.filename());
                assertEquals("hello", new String(note.body().readAllBytes(), StandardCharsets.UTF_8));
                MultipartStream.Part upload = parts.next();
                assertEquals("file", upload.name());
                assertEquals("Holiday \"2025\"; final.PNG", upload.filename());
                assertArrayEquals(file, upload.body().readAllBytes(), "step " + step);
                assertNull(parts.next());
                assertNull(parts.next());
            }
        }
    }

    @Test
    void unreadPartsAreSkippedAndExtendedNamesDecoded() throws IOException {
        String body = "--" + B + "\r\nContent-Disposition: form-data; name=\"skip\"\r\n\r\n" + "x".repeat(200_000) + "\r\n"
                + "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"; filename*=UTF-8''%E2%82%AC%20rate.txt\r\n\r\n"
                + "\r\n--" + B + "--";
        MultipartStream parts = new MultipartStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), B);
        assertEquals("skip", parts.next().name());
        MultipartStream.Part file = parts.next();
        assertEquals("\u20ac rate.txt", file.filename());
        assertEquals(0, file.body().readAllBytes().length);
        assertNull(parts.next());
    }

    @Test
    void malformedBodies() {
        for (String body : new String[] {
                "no boundary at all",
                "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\ncut off here",
                "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"",
                "--" + B + "\r\n" + "X-Long: " + "y".repeat(40_000) + "\r\n\r\nz\r\n--" + B + "--"}) {
            assertThrows(MultipartStream.MalformedException.class, () -> {
                MultipartStream parts = new MultipartStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), B);
                for (MultipartStream.Part p; (p = parts.next()) != null; ) p.body().readAllBytes();
            }, body.substring(0, Math.min(60, body.length())));
        }
    }

    @Test
    void boundaryOfTheContentType() {
        assertEquals(Optional.of("abc"), MultipartStream.boundary("multipart/form-data; boundary=abc"));
        assertEquals(Optional.of("a b;c"), MultipartStream.boundary("multipart/form-data; charset=utf-8; boundary=\"a b;c\""));
        assertEquals(Optional.empty(), MultipartStream.boundary("multipart/form-data"));
        assertEquals(Optional.empty(), MultipartStream.boundary("multipart/form-data; boundary=" + "x".repeat(71)));
    }
}
