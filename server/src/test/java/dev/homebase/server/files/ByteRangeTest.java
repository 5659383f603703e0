package dev.homebase.server.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code Range} headers read against a file's size (RFC 9110 §14.2). */
class ByteRangeTest {
    @Test
    void singleRanges() throws Exception {
        assertEquals(Optional.of(new ByteRange(0, 10)), ByteRange.parse("bytes=0-9", 100));
        assertEquals(Optional.of(new ByteRange(90, 10)), ByteRange.parse("bytes=90-", 100));
        assertEquals(Optional.of(new ByteRange(90, 10)), ByteRange.parse("bytes=90-500", 100)); // clipped to the end
        assertEquals(Optional.of(new ByteRange(95, 5)), ByteRange.parse("bytes=-5", 100));
        assertEquals(Optional.of(new ByteRange(0, 100)), ByteRange.parse("bytes=-500", 100));
    }

    @Test
    void ignoredHeadersSendTheWholeFile() throws Exception {
        assertEquals(Optional.empty(), ByteRange.parse(null, 100));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=0-1,5-6", 100));
        assertEquals(Optional.empty(), ByteRange.parse("items=0-1", 100));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=9-3", 100));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=-", 100));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=99999999999999999999-", 100)); // too long to be a number
    }

    @Test
    void rangesPastTheEndAreUnsatisfiable() {
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=100-", 100));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", 100));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=0-", 0));
    }
}
