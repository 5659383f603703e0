package dev.homebase.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An empty or white-space body is no body: the byte scan answers as String.isBlank on the decoded text. */
class BodiesBlankTest {
    @Test
    void blankAsTheDecodedTextIs() {
        for (String body : List.of("", " ", " \t\r\n", "\u000B\f\u001C", "{}", " {\"a\":1} ", "\u3000", " \u3000 ", "\u00a0",
                "\u2028x", "é", " \uD83D\uDE00 ", "null")) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertEquals(body.isBlank(), Bodies.blank(bytes), () -> "for " + body.codePoints().mapToObj(Integer::toHexString).toList());
        }
        assertEquals(true, Bodies.blank(new byte[0]));
        assertEquals(false, Bodies.blank(new byte[] {(byte) 0xff})); // not UTF-8: decoded to U+FFFD, not blank
    }
}
