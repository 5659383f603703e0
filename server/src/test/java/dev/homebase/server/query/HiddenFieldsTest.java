package dev.homebase.server.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link HiddenFields#guard(Filter)} in memory ({@link FilterMatcher}, as realtime matching uses it):
 * a guarded filter over the whole record answers exactly what the plain filter answers over the
 * record as the caller sees it (hidden fields removed). The SQL side is covered on both databases
 * by {@code HiddenFieldQueryTest}.
 */
class HiddenFieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code ssn} never visible; {@code salary} only in records whose {@code team} is "hr". */
    private static final HiddenFields HIDDEN = HiddenFields.of(Map.of(
            "ssn", new Filter.Not(new Filter.All()),
            "salary", new Filter.Eq("team", JSON.getNodeFactory().textNode("hr")),
            "title", new Filter.All()));

    private static final List<String> RECORDS = List.of(
            "{\"team\":\"hr\",\"salary\":100,\"ssn\":\"123\",\"title\":\"a\"}",
            "{\"team\":\"ops\",\"salary\":100,\"ssn\":\"123\",\"title\":\"b\"}",
            "{\"team\":\"ops\",\"title\":\"c\"}",
            "{\"team\":\"hr\",\"salary\":[1,100],\"title\":\"d\"}",
            "{\"salary\":null,\"ssn\":null}");

    private static final List<String> FILTERS = List.of(
            "{\"salary\":100}", "{\"salary\":{\"$gt\":50}}", "{\"salary\":{\"$ne\":100}}", "{\"salary\":null}",
            "{\"salary\":{\"$exists\":false}}", "{\"salary\":{\"$exists\":true}}", "{\"data.salary\":{\"$in\":[100,null]}}",
            "{\"salary\":{\"$nin\":[100]}}", "{\"salary\":{\"$not\":{\"$lt\":50}}}", "{\"salary\":{\"$size\":2}}",
            "{\"salary\":{\"$elemMatch\":{\"$gt\":50}}}", "{\"ssn\":{\"$regex\":\"^1\"}}", "{\"ssn\":{\"$exists\":false}}",
            "{\"$or\":[{\"ssn\":\"123\"},{\"title\":\"c\"}]}", "{\"$nor\":[{\"ssn\":\"123\"},{\"salary\":100}]}",
            "{\"$and\":[{\"team\":\"hr\"},{\"salary\":{\"$gte\":100}}]}", "{\"title\":\"a\",\"salary\":{\"$lte\":100}}");

    @Test
    void aGuardedFilterSeesTheRecordAsTheCallerDoes() throws Exception {
        for (String f : FILTERS) {
            Filter filter = FilterParser.parse(JSON.readTree(f));
            Filter guarded = HIDDEN.guard(filter);
            for (String r : RECORDS) {
                JsonNode record = JSON.readTree(r);
                assertEquals(FilterMatcher.matches(filter, asSeen(record)), FilterMatcher.matches(guarded, record), f + " on " + r);
            }
        }
    }

    @Test
    void visibleFieldsAndNoHiddenFieldsLeaveTheFilterAlone() throws Exception {
        Filter filter = FilterParser.parse(JSON.readTree("{\"title\":\"a\",\"team\":{\"$in\":[\"hr\"]}}"));
        assertEquals(filter, HIDDEN.guard(filter));
        assertSame(filter, HiddenFields.NONE.guard(filter));
        assertSame(HiddenFields.NONE, HiddenFields.of(Map.of("title", new Filter.All())));
        Sort sort = new Sort("title", true);
        assertSame(sort, HIDDEN.guard(sort));
        assertEquals(new Sort("data.salary", true, new Filter.Eq("team", JSON.getNodeFactory().textNode("hr"))),
                HIDDEN.guard(new Sort("data.salary", true)));
    }

    /** The record without the fields the caller may not read in it. */
    private static JsonNode asSeen(JsonNode record) {
        ObjectNode out = record.deepCopy();
        out.remove("ssn");
        if (!"hr".equals(record.path("team").asText(null))) out.remove("salary");
        return out;
    }
}
