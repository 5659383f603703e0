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

    @Test
    void runawayRegexIsStopped() throws Exception {
        JsonNode record = JSON.createObjectNode().put("s", "x".repeat(600));
        // Adjacent quantifiers pass the checks of RegexComplexity but take polynomial time: the budget stops them.
        Filter filter = FilterParser.parse(JSON.readTree("{\"s\":{\"$regex\":\"x*x*x*x*x*x*x*x*y\"}}"));
        QueryException e = assertThrows(QueryException.class, () -> FilterMatcher.matches(filter, record));
        assertEquals("Regular expression too complex", e.getMessage());
    }
}
