package dev.homebase.server.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sort and projection parameters of a list, as the entity and User routes read them. */
class SortAndProjectionTest {
    private static final Set<String> KNOWN = Set.of("created_date", "score", "address");

    @ParameterizedTest(name = "[{index}] sort={0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "score|score|false",
            "-score|score|true",
            "+data.score|score|false",
            "-data.address.city|address.city|true",
            "address.city|address.city|false",
            "NULL|created_date|true",
            "'  '|created_date|true",
            "10|created_date|true",
            "-unknown|created_date|true",
            "data.unknown.score|created_date|true",
            "-bad field|created_date|true",
    })
    void parseKnownKeepsOnlyKnownFields(String raw, String field, boolean descending) {
        assertEquals(new Sort(field, descending), Sort.parseKnown(raw, KNOWN::contains));
    }

    @Test
    void projectionKeepsTheNamedFieldsAndTheId() throws IOException {
        ObjectNode record = (ObjectNode) Json.parse("{\"id\":\"r1\",\"a\":1,\"b\":{\"c\":2},\"d\":null}");
        assertEquals("{\"id\":\"r1\",\"b\":{\"c\":2},\"d\":null}", Projection.apply(record, List.of("b", "d", "missing")).toString());
        assertEquals("{\"id\":\"r1\"}", Projection.apply(record, List.of("missing")).toString());
        assertSame(record, Projection.apply(record, List.of()));
    }
}
