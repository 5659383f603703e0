package dev.homebase.server.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The target forwarded to a function process: what java.net.URI refuses is escaped, the rest kept as sent. */
class LocalUriTest {

    @ParameterizedTest
    @CsvSource(delimiter = ' ', quoteCharacter = '\'', value = {
            "/api/apps/a/functions/echo?q=1&b=%41 /api/apps/a/functions/echo?q=1&b=%41",
            "'/x?q={\"a\":1}|^`' /x?q=%7B%22a%22:1%7D%7C%5E%60",
            "/x?a=%zz&b=% /x?a=%25zz&b=%25",
            "/x/é?ü=€ /x/%C3%A9?%C3%BC=%E2%82%AC",
            "/x?a=[1]#f /x?a=%5B1%5D%23f",
            "/x?a=b+c;d=e,f*g!(i)~@: /x?a=b+c;d=e,f*g!(i)~@:"})
    void escapesOnlyWhatUriRefuses(String target, String expected) {
        assertEquals(expected, LocalUri.escape(target));
        assertEquals("http://127.0.0.1:8000" + expected, LocalUri.of(8000, target).toString());
    }
}
