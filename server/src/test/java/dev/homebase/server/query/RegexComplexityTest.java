package dev.homebase.server.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The checks that keep a {@code $regex} from taking exponential time, and the number range of filter values. */
class RegexComplexityTest {
    private static final JsonNodeFactory F = JsonNodeFactory.withExactBigDecimals(true);

    private static Filter regex(String pattern) {
        ObjectNode q = F.objectNode();
        q.putObject("title").put("$regex", pattern);
        return FilterParser.parse(q);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '~', quoteCharacter = '"', value = {
            "^(a+)+$~Regular expression too complex: nested quantifiers such as (a+)+ can take exponential time",
            "(a*)*b~Regular expression too complex: nested quantifiers such as (a+)+ can take exponential time",
            "(x+x+)+y~Regular expression too complex: nested quantifiers such as (a+)+ can take exponential time",
            "((ab)+c)*~Regular expression too complex: nested quantifiers such as (a+)+ can take exponential time",
            "(a{1,5}){100}~Regular expression too complex: nested quantifiers such as (a+)+ can take exponential time",
            "((((((((((a*)*)*)*)*)*)*)*)*)*)*$~Regular expression too complex: nested quantifiers such as (a+)+ can take exponential time",
            "(?:\\w+\\s?)+$~Regular expression too complex: nested quantifiers such as (a+)+ can take exponential time",
            "^(a|a)*$~Regular expression too complex: the alternatives of a repeated group, as in (a|ab)*, must start with different characters",
            "^(a|aa)+$~Regular expression too complex: the alternatives of a repeated group, as in (a|ab)*, must start with different characters",
            "(\\w|\\d)*x~Regular expression too complex: the alternatives of a repeated group, as in (a|ab)*, must start with different characters",
            "(A|a){2}~Regular expression too complex: the alternatives of a repeated group, as in (a|ab)*, must start with different characters",
            "(x|[a-z])+~Regular expression too complex: the alternatives of a repeated group, as in (a|ab)*, must start with different characters",
            "a{256}~Regular expression too complex: repetition counts above 255",
            "a{1,99999}~Regular expression too complex: repetition counts above 255",
            "((((((((((((a))))))))))))~Regular expression too complex: groups nest deeper than 10 levels",
            "^(a+)\\1+$~Unsupported regular expression syntax: back-references",
            "(a)\\1~Unsupported regular expression syntax: back-references"})
    void refused(String pattern, String message) {
        QueryException e = assertThrows(QueryException.class, () -> regex(pattern));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"^abc", "a+b*c?", "^[\\w.]+@(\\w+\\.)+\\w+$", "(ab|cd)*", "(jpg|png|gif)$", "(a|b|c)+",
            "(\\d+-)+\\d+", "a{2,5}", "a{255}", "(x[0-9]+,)*", "^(https?://|www\\.)", "(?:foo|bar)+", "[a{]", "(((((((((a)))))))))",
            "(a|\\.)*", "\\(a+\\)+", "x*x*x*y"})
    void accepted(String pattern) {
        assertInstanceOf(Filter.Regex.class, regex(pattern));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e999999", "-1e999999", "1e-999999", "1e309", "1e-400"})
    void numbersOutsideADoubleAreRefused(String number) {
        ObjectNode q = F.objectNode();
        q.putObject("price").put("$gt", new BigDecimal(number));
        QueryException e = assertThrows(QueryException.class, () -> FilterParser.parse(q));
        assertEquals("Number out of range in the filter (it must fit in a double)", e.getMessage());
        ObjectNode in = F.objectNode();
        in.putObject("price").putArray("$in").add(1).add(new BigDecimal(number));
        assertThrows(QueryException.class, () -> FilterParser.parse(in));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e308", "-1.7976931348623157e308", "4.9e-324", "0", "0e-999999", "123456789012345678901234567890"})
    void numbersWithinADoubleAreAccepted(String number) {
        ObjectNode q = F.objectNode();
        q.put("price", new BigDecimal(number));
        assertTrue(FilterParser.parse(q) instanceof Filter.Eq);
    }
}
