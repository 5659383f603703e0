package dev.homebase.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonValues#problem}: the first value a store cannot keep (a NUL in a string or a field name, a number beyond a
 * double), named by its path, and nothing for bodies without one (found by a first pass that builds no paths).
 */
class JsonValuesTest {
    @Test
    void findsTheFirstProblemWithItsPath() throws Exception {
        assertEquals(Optional.empty(), problem("{\"a\":\"x\",\"b\":[1,2.5,{\"c\":null,\"d\":true}],\"e\":{},\"f\":1e300}"));
        assertEquals(Optional.empty(), problem("\"plain\""));
        assertEquals("b[2].c: " + JsonValues.NUL, problem("{\"a\":1,\"b\":[1,2,{\"c\":\"x\\u0000y\"}]}").orElseThrow());
        assertEquals("a.k\\u0000: Field names cannot contain NUL characters",
                problem("{\"a\":{\"k\\u0000\":1}}").orElseThrow().replace("\0", "\\u0000"));
        assertEquals("n: " + JsonValues.OUT_OF_RANGE, problem("{\"ok\":1,\"n\":1e400}").orElseThrow());
        assertEquals("[1]: " + JsonValues.OUT_OF_RANGE, problem("[0,1e-400]").orElseThrow());
        assertEquals(": " + JsonValues.NUL, problem("\"\\u0000\"").orElseThrow());
    }

    private static Optional<String> problem(String json) throws Exception {
        return JsonValues.problem(Json.parse(json)).map(p -> p.path() + ": " + p.reason());
    }
}
