package dev.homebase.server.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** In-memory matching; the contract suite checks it against both databases on many more filters. */
class FilterMatcherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECORD = "{\"id\":\"r1\",\"created_by\":null,\"is_sample\":false,\"status\":\"open\","
            + "\"n\":2,\"tags\":[\"a\",null,3],\"meta\":{\"p\":\"high\",\"q\":null},\"items\":[{\"sku\":\"x\",\"qty\":1}],\"t\":\"\u00e9t\u00e9\"}";

    static Stream<Arguments> cases() {
        return Stream.of(
            Arguments.of("{}", true),
            Arguments.of("{\"status\":\"open\"}", true),
            Arguments.of("{\"data.status\":\"open\"}", true),
            Arguments.of("{\"n\":2.0}", true),
            Arguments.of("{\"n\":\"2\"}", false),
            Arguments.of("{\"n\":{\"$gt\":1,\"$lt\":3}}", true),
            Arguments.of("{\"n\":{\"$gt\":\"1\"}}", false),
            Arguments.of("{\"tags\":\"a\"}", true),
            Arguments.of("{\"tags\":null}", true),
            Arguments.of("{\"tags\":{\"$gte\":3}}", true),
            Arguments.of("{\"tags\":{\"$size\":3}}", true),
            Arguments.of("{\"tags\":{\"$all\":[\"a\",3]}}", true),
            Arguments.of("{\"missing\":null}", true),
            Arguments.of("{\"missing\":{\"$ne\":1}}", true),
            Arguments.of("{\"missing\":{\"$exists\":false}}", true),
            Arguments.of("{\"meta.q\":{\"$exists\":true}}", true),
            Arguments.of("{\"meta.p\":{\"$in\":[\"low\",\"high\"]}}", true),
            Arguments.of("{\"meta\":{\"q\":null,\"p\":\"high\"}}", true),
            Arguments.of("{\"created_by\":null}", true),
            Arguments.of("{\"created_by\":{\"$exists\":true}}", false),
            Arguments.of("{\"is_sample\":false}", true),
            Arguments.of("{\"is_sample\":0}", false),
            Arguments.of("{\"items\":{\"$elemMatch\":{\"sku\":\"x\",\"qty\":{\"$lt\":2}}}}", true),
            Arguments.of("{\"items\":{\"$elemMatch\":{\"sku\":\"x\",\"qty\":{\"$gt\":2}}}}", false),
            Arguments.of("{\"t\":{\"$regex\":\"^\u00c9T\",\"$options\":\"i\"}}", true),
            Arguments.of("{\"t\":{\"$gt\":\"z\"}}", true),
            Arguments.of("{\"$nor\":[{\"status\":\"open\"}]}", false),
            Arguments.of("{\"$or\":[{\"status\":\"closed\"},{\"n\":{\"$not\":{\"$gt\":5}}}]}", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matches(String filter, boolean expected) throws Exception {
        JsonNode record = JSON.readTree(RECORD);
        assertEquals(expected, FilterMatcher.matches(FilterParser.parse(JSON.readTree(filter)), record));
    }

    /** A record with arrays of objects on paths (MongoDB's rules; QueryContractTest checks SQL agrees). */
    private static final String PARTS = "{\"parts\":[{\"name\":\"bolt\",\"qty\":2},{\"name\":\"nut\"},7],"
            + "\"groups\":[{\"parts\":[{\"name\":\"washer\",\"tags\":[\"m3\"]}]}],\"grid\":[[{\"x\":1}]],\"plain\":{\"a\":{\"b\":1}},"
            + "\"empty\":[],\"entity_name\":\"Task\",\"app_id\":\"mine\"}";

    static Stream<Arguments> arrayCases() {
        return Stream.of(
            Arguments.of("{\"parts.name\":\"bolt\"}", true),
            Arguments.of("{\"parts.name\":{\"$ne\":\"bolt\"}}", false),
            Arguments.of("{\"parts.name\":{\"$nin\":[\"washer\"]}}", true),
            Arguments.of("{\"parts.qty\":{\"$gt\":1}}", true),
            Arguments.of("{\"parts.qty\":null}", true), // the nut has no qty
            Arguments.of("{\"parts.qty\":{\"$exists\":true}}", true),
            Arguments.of("{\"parts.size\":{\"$exists\":false}}", true),
            Arguments.of("{\"parts.1.name\":\"nut\"}", true),
            Arguments.of("{\"parts.1.name\":\"bolt\"}", false),
            Arguments.of("{\"parts.name\":{\"$regex\":\"^n\"}}", true),
            Arguments.of("{\"parts.name\":{\"$all\":[\"bolt\",\"nut\"]}}", true),
            Arguments.of("{\"groups.parts.name\":\"washer\"}", true),
            Arguments.of("{\"groups.parts.tags\":\"m3\"}", true),
            Arguments.of("{\"groups.parts.tags\":{\"$size\":1}}", true),
            Arguments.of("{\"groups.parts\":{\"$elemMatch\":{\"name\":\"washer\"}}}", true),
            Arguments.of("{\"groups\":{\"$elemMatch\":{\"parts.name\":\"washer\"}}}", true),
            Arguments.of("{\"grid.x\":1}", false), // a name does not enter an array inside an array
            Arguments.of("{\"grid.0.x\":1}", true),
            Arguments.of("{\"plain.a.b\":1}", true),
            Arguments.of("{\"empty.x\":null}", false),
            Arguments.of("{\"empty.x\":{\"$exists\":false}}", true),
            // ordinary fields named like the platform's internals
            Arguments.of("{\"entity_name\":\"Task\"}", true),
            Arguments.of("{\"app_id\":\"mine\"}", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrayCases")
    void pathsThroughArrays(String filter, boolean expected) throws Exception {
        assertEquals(expected, FilterMatcher.matches(FilterParser.parse(JSON.readTree(filter)), JSON.readTree(PARTS)));
    }

    @Test
    void scopeFieldsAreApartFromTheRecordsOwn() throws Exception {
        JsonNode subject = ((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(PARTS))
                .put(QueryCompiler.ENTITY_FIELD, "ActivityLog");
        assertEquals(true, FilterMatcher.matches(new Filter.Eq(QueryCompiler.ENTITY_FIELD, JSON.readTree("\"ActivityLog\"")), subject));
        assertEquals(false, FilterMatcher.matches(new Filter.Eq(QueryCompiler.ENTITY_FIELD, JSON.readTree("\"Task\"")), subject));
        assertEquals(true, FilterMatcher.matches(FilterParser.parse(JSON.readTree("{\"entity_name\":\"Task\"}")), subject));
    }

    @Test
    void runawayRegexIsStopped() throws Exception {
        JsonNode record = JSON.createObjectNode().put("s", "x".repeat(600));
        // Adjacent quantifiers pass the checks of RegexComplexity but take polynomial time: the budget stops them.
        Filter filter = FilterParser.parse(JSON.readTree("{\"s\":{\"$regex\":\"x*x*x*x*x*x*x*x*y\"}}"));
        QueryException e = assertThrows(QueryException.class, () -> FilterMatcher.matches(filter, record));
        assertEquals("Regular expression too complex", e.getMessage());
    }
}
