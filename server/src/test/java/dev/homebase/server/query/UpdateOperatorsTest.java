package dev.homebase.server.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The update operators on plain JSON, without a database: results, and what is refused. */
class UpdateOperatorsTest {
    private static final String NOW = "2026-01-02T03:04:05.000006";

    private static String apply(String record, String update) throws IOException {
        ObjectNode doc = (ObjectNode) Json.parse(record);
        return UpdateOperators.parse(Json.parse(update), Set.of("id")).apply(doc, NOW).toString();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{}|{\"$set\":{\"a.b.c\":1}}|{\"a\":{\"b\":{\"c\":1}}}",
            "{\"t\":[\"x\",\"y\"]}|{\"$set\":{\"t.1\":\"z\"}}|{\"t\":[\"x\",\"z\"]}",
            "{\"t\":[\"x\"]}|{\"$set\":{\"t.2\":\"z\"}}|{\"t\":[\"x\",null,\"z\"]}",
            "{\"a\":{\"b\":1,\"c\":2}}|{\"$unset\":{\"a.b\":\"\"}}|{\"a\":{\"c\":2}}",
            "{}|{\"$unset\":{\"a.b\":\"\"}}|{}",
            "{\"n\":9223372036854775807}|{\"$inc\":{\"n\":1}}|{\"n\":9.223372036854776E18}",
            "{\"n\":1.5}|{\"$inc\":{\"n\":1}}|{\"n\":2.5}",
            "{}|{\"$mul\":{\"n\":5}}|{\"n\":0}",
            "{\"n\":\"b\"}|{\"$min\":{\"n\":\"a\"}}|{\"n\":\"a\"}",
            "{\"n\":3}|{\"$max\":{\"n\":\"a\"}}|{\"n\":\"a\"}",
            "{\"a\":1}|{\"$rename\":{\"b\":\"c\"}}|{\"a\":1}",
            "{\"a\":{\"x\":1}}|{\"$rename\":{\"a.x\":\"b.y\"}}|{\"a\":{},\"b\":{\"y\":1}}",
            "{}|{\"$currentDate\":{\"d\":{\"$type\":\"date\"},\"t\":{\"$type\":\"timestamp\"}}}|{\"d\":\"2026-01-02\",\"t\":\"2026-01-02T03:04:05.000006\"}",
            "{\"s\":[1]}|{\"$addToSet\":{\"s\":{\"$each\":[1.0,2,2]}}}|{\"s\":[1,2]}",
            "{\"s\":[1]}|{\"$push\":{\"s\":[2]}}|{\"s\":[1,[2]]}",
            "{\"s\":[1,5,7]}|{\"$pull\":{\"s\":{\"$gte\":5}}}|{\"s\":[1]}",
            "{\"s\":[{\"k\":1,\"v\":\"a\"},{\"k\":2}]}|{\"$pull\":{\"s\":{\"k\":1}}}|{\"s\":[{\"k\":2}]}",
            "{}|{\"$pull\":{\"s\":1}}|{}",
    })
    void applies(String record, String update, String expected) throws IOException {
        assertEquals(expected, apply(record, update));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\":1}",
            "{}",
            "{\"$set\":1}",
            "{\"$set\":{\"a\":1},\"$unset\":{\"a\":\"\"}}",
            "{\"$set\":{\"a\":1,\"a.b\":2}}",
            "{\"$set\":{\"a\":1},\"$rename\":{\"b\":\"a\"}}",
            "{\"$rename\":{\"a\":\"a\"}}",
            "{\"$rename\":{\"a\":\"id\"}}",
            "{\"$rename\":{\"id.x\":\"a\"}}",
            "{\"$rename\":{\"a\":5}}",
            "{\"$mul\":{\"a\":\"2\"}}",
            "{\"$currentDate\":{\"a\":false}}",
            "{\"$push\":{\"a\":{\"$each\":1}}}",
            "{\"$push\":{\"a\":{\"$each\":[1],\"$slice\":2}}}",
            "{\"$pull\":{\"a\":{\"$bogus\":1}}}",
            "{\"$set\":{\"1a\":1}}",
            "{\"$set\":{}}",
    })
    void refusesBadDocuments(String update) {
        assertThrows(QueryException.class, () -> UpdateOperators.parse(Json.parse(update), Set.of("id")));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\":\"x\"}|{\"$inc\":{\"a\":1}}",
            "{\"a\":\"x\"}|{\"$push\":{\"a\":1}}",
            "{\"a\":\"x\"}|{\"$pull\":{\"a\":1}}",
            "{\"a\":\"x\"}|{\"$set\":{\"a.b\":1}}",
            "{\"a\":[1]}|{\"$set\":{\"a.b\":1}}",
            "{\"a\":[]}|{\"$set\":{\"a.20000\":1}}",
    })
    void refusesOperatorsThatDoNotFitTheRecord(String record, String update) {
        assertThrows(QueryException.class, () -> apply(record, update));
    }

    @Test
    void listsPathsAndRenameTargets() throws IOException {
        UpdateOperators ops = UpdateOperators.parse(Json.parse("{\"$set\":{\"a.b\":1},\"$rename\":{\"c\":\"d.e\"}}"));
        assertEquals(java.util.List.of("a.b", "c", "d.e"), ops.paths());
        assertEquals(java.util.List.of("d.e"), ops.renameTargets());
        assertEquals("d", UpdateOperators.topField("d.e"));
    }
}
