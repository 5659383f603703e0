package dev.homebase.server.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.homebase.server.query.Filter.And;
import dev.homebase.server.query.Filter.Compare;
import dev.homebase.server.query.Filter.Comparison;
import dev.homebase.server.query.Filter.ElemMatch;
import dev.homebase.server.query.Filter.Eq;
import dev.homebase.server.query.Filter.Exists;
import dev.homebase.server.query.Filter.In;
import dev.homebase.server.query.Filter.Nor;
import dev.homebase.server.query.Filter.Not;
import dev.homebase.server.query.Filter.Or;
import dev.homebase.server.query.Filter.Regex;
import dev.homebase.server.query.Filter.Size;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FilterParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static JsonNode s(String text) {
        return F.textNode(text);
    }

    private static JsonNode n(int number) {
        return F.numberNode(number);
    }

    private static Filter parse(String json) throws Exception {
        return FilterParser.parse(JSON.readTree(json));
    }

    static Stream<Arguments> valid() {
        return Stream.of(
            Arguments.of("{}", new Filter.All()),
            Arguments.of("{\"a\":\"x\"}", new Eq("a", s("x"))),
            Arguments.of("{\"a\":null}", new Eq("a", F.nullNode())),
            Arguments.of("{\"a\":{\"b\":1}}", new Eq("a", F.objectNode().put("b", 1))),
            Arguments.of("{\"a\":{}}", new Eq("a", F.objectNode())),
            Arguments.of("{\"a\":1,\"b\":true}", new And(List.of(new Eq("a", n(1)), new Eq("b", F.booleanNode(true))))),
            Arguments.of("{\"a\":[\"x\",\"y\"]}", new In("a", List.of(s("x"), s("y")))),
            Arguments.of("{\"a\":{\"$eq\":[1]}}", new Eq("a", F.arrayNode().add(1))),
            Arguments.of("{\"a\":{\"$ne\":1}}", new Not(new Eq("a", n(1)))),
            Arguments.of("{\"a\":{\"$gt\":1,\"$lte\":\"z\"}}",
                    new And(List.of(new Compare("a", Comparison.GT, n(1)), new Compare("a", Comparison.LTE, s("z"))))),
            Arguments.of("{\"a\":{\"$gte\":false}}", new Compare("a", Comparison.GTE, F.booleanNode(false))),
            Arguments.of("{\"a\":{\"$lt\":1.5}}", new Compare("a", Comparison.LT, F.numberNode(1.5))),
            Arguments.of("{\"a\":{\"$in\":[]}}", new In("a", List.of())),
            Arguments.of("{\"a\":{\"$nin\":[1,null]}}", new Not(new In("a", List.of(n(1), F.nullNode())))),
            Arguments.of("{\"a\":{\"$exists\":false}}", new Exists("a", false)),
            Arguments.of("{\"a\":{\"$size\":0}}", new Size("a", 0)),
            Arguments.of("{\"a\":{\"$all\":[\"x\",\"y\"]}}", new And(List.of(new Eq("a", s("x")), new Eq("a", s("y"))))),
            Arguments.of("{\"a\":{\"$all\":[]}}", new In("a", List.of())),
            Arguments.of("{\"a\":{\"$regex\":\"^x\"}}", new Regex("a", "^x", "")),
            Arguments.of("{\"a\":{\"$regex\":\"^x\",\"$options\":\"smi\"}}", new Regex("a", "^x", "ims")),
            Arguments.of("{\"a\":{\"$options\":\"i\",\"$regex\":\"x\"}}", new Regex("a", "x", "i")),
            Arguments.of("{\"a\":{\"$regex\":\"(?si)x\"}}", new Regex("a", "x", "is")),
            Arguments.of("{\"a\":{\"$not\":{\"$gt\":1}}}", new Not(new Compare("a", Comparison.GT, n(1)))),
            Arguments.of("{\"a\":{\"$elemMatch\":{\"b\":1,\"c\":{\"$lt\":2}}}}",
                    new ElemMatch("a", new And(List.of(new Eq("b", n(1)), new Compare("c", Comparison.LT, n(2)))))),
            Arguments.of("{\"a\":{\"$elemMatch\":{\"$gt\":1}}}", new ElemMatch("a", new Compare("", Comparison.GT, n(1)))),
            Arguments.of("{\"a\":{\"$elemMatch\":{\"data.b\":1}}}", new ElemMatch("a", new Eq("data.b", n(1)))),
            Arguments.of("{\"a\":{\"$elemMatch\":{\"$or\":[{\"b\":1}]}}}", new ElemMatch("a", new Or(List.of(new Eq("b", n(1)))))),
            Arguments.of("{\"$or\":[{\"a\":1},{\"b\":2}]}", new Or(List.of(new Eq("a", n(1)), new Eq("b", n(2))))),
            Arguments.of("{\"$and\":[{\"a\":1},{}]}", new And(List.of(new Eq("a", n(1)), new Filter.All()))),
            Arguments.of("{\"$nor\":[{\"a\":1}]}", new Nor(List.of(new Eq("a", n(1))))),
            Arguments.of("{\"$or\":[{\"$and\":[{\"a\":1}]}]}", new Or(List.of(new And(List.of(new Eq("a", n(1))))))),
            Arguments.of("{\"data.status\":\"x\"}", new Eq("status", s("x"))),
            Arguments.of("{\"metadata.priority\":\"x\"}", new Eq("metadata.priority", s("x"))),
            Arguments.of("{\"tags.0\":\"x\"}", new Eq("tags.0", s("x"))),
            Arguments.of("{\"_private9\":1}", new Eq("_private9", n(1))),
            Arguments.of("{\"a\":\"x'); DROP TABLE records; --\"}", new Eq("a", s("x'); DROP TABLE records; --"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parsesValidFilters(String json, Filter expected) throws Exception {
        assertEquals(expected, parse(json));
    }

    @Test
    void nullAndMissingMatchAll() {
        assertEquals(new Filter.All(), FilterParser.parse(null));
        assertEquals(new Filter.All(), FilterParser.parse(F.nullNode()));
        assertEquals(new Filter.All(), FilterParser.parse(F.missingNode()));
    }

    static Stream<Arguments> invalid() {
        String deep = "{\"a\":1}";
        for (int i = 0; i < 16; i++) deep = "{\"$or\":[" + deep + "]}";
        String manyIn = "{\"a\":{\"$in\":[" + "1,".repeat(1000) + "1]}}";
        StringBuilder manyClauses = new StringBuilder("{\"$or\":[");
        for (int i = 0; i < 500; i++) manyClauses.append(i == 0 ? "" : ",").append("{\"a\":1,\"b\":2}");
        manyClauses.append("]}");
        StringBuilder manyValues = new StringBuilder("{");
        for (int i = 0; i < 6; i++) manyValues.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":[").append("1,".repeat(999)).append("1]");
        manyValues.append("}");
        return Stream.of(
            Arguments.of(manyValues.toString(), "Filter has more than 5000 list values"),
            Arguments.of("[]", "Filter must be a JSON object"),
            Arguments.of("{\"a\":\"x\\u0000y\"}", "String values cannot contain NUL characters"),
            Arguments.of("{\"a\":{\"$in\":[{\"k\\u0000\":1}]}}", "String values cannot contain NUL characters"),
            Arguments.of("{\"a\":{\"$regex\":\"\\u0000\"}}", "String values cannot contain NUL characters"),
            Arguments.of("\"x\"", "Filter must be a JSON object"),
            Arguments.of("5", "Filter must be a JSON object"),
            Arguments.of("{\"$foo\":1}", "Unknown operator '$foo'"),
            Arguments.of("{\"a\":{\"$foo\":1}}", "Unknown operator '$foo'"),
            Arguments.of("{\"$where\":\"1\"}", "Unknown operator '$where'"),
            Arguments.of("{\"a\":{\"$gt\":1,\"b\":2}}", "Cannot mix operators and field names in the condition on 'a'"),
            Arguments.of("{\"a\":{\"$in\":\"x\"}}", "Operator '$in' needs an array"),
            Arguments.of("{\"a\":{\"$nin\":{}}}", "Operator '$nin' needs an array"),
            Arguments.of("{\"a\":{\"$all\":1}}", "Operator '$all' needs an array"),
            Arguments.of("{\"a\":{\"$exists\":1}}", "Operator '$exists' needs true or false"),
            Arguments.of("{\"a\":{\"$exists\":\"true\"}}", "Operator '$exists' needs true or false"),
            Arguments.of("{\"a\":{\"$size\":-1}}", "Operator '$size' needs a non-negative integer"),
            Arguments.of("{\"a\":{\"$size\":1.5}}", "Operator '$size' needs a non-negative integer"),
            Arguments.of("{\"a\":{\"$size\":\"2\"}}", "Operator '$size' needs a non-negative integer"),
            Arguments.of("{\"$and\":[]}", "Operator '$and' needs a non-empty array of objects"),
            Arguments.of("{\"$and\":{}}", "Operator '$and' needs a non-empty array of objects"),
            Arguments.of("{\"$or\":[1]}", "Operator '$or' needs a non-empty array of objects"),
            Arguments.of("{\"$nor\":\"x\"}", "Operator '$nor' needs a non-empty array of objects"),
            Arguments.of("{\"a\":{\"$gt\":null}}", "Operator '$gt' needs a number, string or boolean"),
            Arguments.of("{\"a\":{\"$lt\":[1]}}", "Operator '$lt' needs a number, string or boolean"),
            Arguments.of("{\"a\":{\"$gte\":{}}}", "Operator '$gte' needs a number, string or boolean"),
            Arguments.of("{\"a\":{\"$regex\":1}}", "Operator '$regex' needs a string"),
            Arguments.of("{\"a\":{\"$regex\":\"(\"}}", "Invalid regular expression: Unclosed group"),
            Arguments.of("{\"a\":{\"$regex\":\"[a\"}}", "Invalid regular expression: Unclosed character class"),
            Arguments.of("{\"a\":{\"$regex\":\"x\",\"$options\":\"g\"}}", "Unsupported regular expression option 'g' (use i, m or s)"),
            Arguments.of("{\"a\":{\"$regex\":\"x\",\"$options\":1}}", "Operator '$options' needs a string"),
            Arguments.of("{\"a\":{\"$options\":\"i\"}}", "Operator '$options' needs '$regex'"),
            Arguments.of("{\"a\":{\"$regex\":\"(?<n>x)\"}}", "Unsupported regular expression syntax: (?<name>"),
            Arguments.of("{\"a\":{\"$regex\":\"a++\"}}", "Unsupported regular expression syntax: possessive quantifiers"),
            Arguments.of("{\"a\":{\"$regex\":\"(?>a)\"}}", "Unsupported regular expression syntax: (?>"),
            Arguments.of("{\"a\":{\"$regex\":\"a(?i)b\"}}", "Unsupported regular expression syntax: inline flags"),
            Arguments.of("{\"a\":{\"$regex\":\"\\\\p{L}\"}}", "Unsupported regular expression syntax: \\p"),
            Arguments.of("{\"a\":{\"$regex\":\"" + "x".repeat(1001) + "\"}}", "Regular expression longer than 1000 characters"),
            Arguments.of("{\"a\":{\"$elemMatch\":1}}", "Operator '$elemMatch' needs a non-empty object"),
            Arguments.of("{\"a\":{\"$elemMatch\":{}}}", "Operator '$elemMatch' needs a non-empty object"),
            Arguments.of("{\"a\":{\"$elemMatch\":{\"$gt\":1,\"b\":1}}}", "Unknown operator '$gt'"),
            Arguments.of("{\"a\":{\"$not\":1}}", "Operator '$not' needs an operator object"),
            Arguments.of("{\"a\":{\"$not\":{\"b\":1}}}", "Operator '$not' needs an operator object"),
            Arguments.of("{\"a b\":1}", "Invalid field name 'a b'"),
            Arguments.of("{\"a'b\":1}", "Invalid field name 'a'b'"),
            Arguments.of("{\"a;DROP TABLE records\":1}", "Invalid field name 'a;DROP TABLE records'"),
            Arguments.of("{\"a..b\":1}", "Invalid field name 'a..b'"),
            Arguments.of("{\".a\":1}", "Invalid field name '.a'"),
            Arguments.of("{\"a.\":1}", "Invalid field name 'a.'"),
            Arguments.of("{\"0\":1}", "Invalid field name '0'"),
            Arguments.of("{\"9a\":1}", "Invalid field name '9a'"),
            Arguments.of("{\"a.01\":1}", "Invalid field name 'a.01'"),
            Arguments.of("{\"\":1}", "Invalid field name ''"),
            Arguments.of("{\"data.\":1}", "Invalid field name 'data.'"),
            Arguments.of("{\"é\":1}", "Invalid field name 'é'"),
            Arguments.of("{\"" + "a".repeat(201) + "\":1}", "Invalid field name '" + "a".repeat(57) + "...'"),
            Arguments.of("{\"" + "a.".repeat(16) + "a\":1}", "Invalid field name 'a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a'"),
            Arguments.of(deep, "Filter nests deeper than 16 levels"),
            Arguments.of(manyIn, "Operator '$in' takes at most 1000 values"),
            Arguments.of("{\"a\":[" + "1,".repeat(1000) + "1]}", "Operator '$in' takes at most 1000 values"),
            Arguments.of(manyClauses.toString(), "Filter has more than 1000 conditions"),
            Arguments.of("{\"a\":\"" + "x".repeat(10_001) + "\"}", "String value longer than 10000 characters"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalid")
    void rejectsInvalidFilters(String json, String message) {
        QueryException e = assertThrows(QueryException.class, () -> parse(json));
        assertEquals(message, e.getMessage());
    }

    @Test
    void acceptsMaximumDepth() throws Exception {
        String deep = "{\"a\":1}";
        for (int i = 0; i < 15; i++) deep = "{\"$or\":[" + deep + "]}";
        parse(deep);
    }

    @ParameterizedTest
    @ValueSource(strings = {"created_date", "data.status", "metadata.priority", "tags.0", "_x"})
    void validSortFields(String field) {
        assertTrue(Sort.isValidField(field));
        assertEquals(new Sort(field, true), Sort.parseOrDefault("-" + field));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "a b", "a;DROP", "", "-", "a..b", "x'"})
    void invalidSortFieldsFallBack(String raw) {
        assertFalse(Sort.parse(raw).hasValidField() && !raw.isBlank());
        assertEquals(Sort.DEFAULT, Sort.parseOrDefault(raw));
    }

    @Test
    void sortParsing() {
        assertEquals(Sort.DEFAULT, Sort.parse(null));
        assertEquals(Sort.DEFAULT, Sort.parse("  "));
        assertEquals(new Sort("title", false), Sort.parse("title"));
        assertEquals(new Sort("title", false), Sort.parse("+title"));
        assertEquals(new Sort("title", true), Sort.parse(" -title "));
    }
}
