package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.FilterMatcher;
import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.QueryException;
import dev.homebase.server.query.Sort;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The query contract: the same filters and sorts give the same ordered ids on SQLite and
 * PostgreSQL, over hand-made records with mixed types, nested objects, arrays, nulls and missing
 * fields.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "app1";
    private static final String ENTITY = "Task";

    /** Record data by id r01..r20; created_date is 2025-01-DD for rDD. */
    private static final String[] DATA = {
        "{\"status\":\"open\",\"priority\":1,\"tags\":[\"a\",\"b\"],\"metadata\":{\"priority\":\"high\",\"owner\":{\"name\":\"ann\"}},\"title\":\"Alpha\",\"done\":false}",
        "{\"status\":\"closed\",\"priority\":2.5,\"tags\":[\"b\",\"c\"],\"metadata\":{\"priority\":\"low\"},\"title\":\"beta\",\"done\":true}",
        "{\"status\":\"open\",\"priority\":10,\"tags\":[],\"title\":\"Gamma ray\",\"done\":true}",
        "{\"status\":null,\"priority\":\"10\",\"title\":\"delta\\nline2\"}",
        "{}",
        "{\"status\":\"Open\",\"priority\":true}",
        "{\"status\":[\"open\",\"archived\"],\"priority\":-3,\"tags\":[\"a\"],\"items\":[{\"sku\":\"x\",\"qty\":1},{\"sku\":\"y\",\"qty\":5}]}",
        "{\"status\":\"pending\",\"priority\":1.0,\"items\":[{\"sku\":\"x\",\"qty\":10}],\"tags\":[\"c\",5,true,null]}",
        "{\"status\":\"o'; DROP TABLE records; --\",\"priority\":0,\"title\":\"\u00dcn\u00efcode\"}",
        "{\"status\":\"open\",\"priority\":{\"level\":3},\"metadata\":{\"priority\":\"high\"}}",
        "{\"status\":\"open\",\"priority\":[3,4],\"scores\":[80,85,90]}",
        "{\"status\":\"closed\",\"priority\":false,\"scores\":[70,95]}",
        "{\"status\":\"zeta\",\"priority\":null,\"nested\":{\"a\":{\"b\":{\"c\":1}}}}",
        "{\"status\":\"open\",\"count\":1,\"flag\":true}",
        "{\"status\":\"open\",\"count\":\"1\",\"flag\":\"true\"}",
        "{\"status\":\"open\",\"count\":1.5,\"flag\":1}",
        "{\"status\":\"closed\",\"title\":\"alpha\",\"tags\":[\"x\",\"y\",\"z\"]}",
        "{\"status\":\"closed\",\"title\":\"ALPHA beta\",\"tags\":\"a\"}",
        "{\"status\":\"open\",\"title\":\"b\",\"matrix\":[[1,2],[3]]}",
        "{\"status\":\"open\",\"meta\":{\"a\":1,\"b\":2}}",
    };

    /**
     * Entity {@code Inventory}, ids i01..i11: the collection of MongoDB's "Query an Array of Embedded
     * Documents" page (i01..i05), then arrays of arrays of objects, an array inside an array, a
     * plain object, an empty array, a mixed array and a record without the field.
     */
    private static final String[] INVENTORY = {
        "{\"item\":\"journal\",\"instock\":[{\"warehouse\":\"A\",\"qty\":5},{\"warehouse\":\"C\",\"qty\":15}]}",
        "{\"item\":\"notebook\",\"instock\":[{\"warehouse\":\"C\",\"qty\":5}]}",
        "{\"item\":\"paper\",\"instock\":[{\"warehouse\":\"A\",\"qty\":60},{\"warehouse\":\"B\",\"qty\":15}]}",
        "{\"item\":\"planner\",\"instock\":[{\"warehouse\":\"A\",\"qty\":40},{\"warehouse\":\"B\",\"qty\":5}]}",
        "{\"item\":\"postcard\",\"instock\":[{\"warehouse\":\"B\",\"qty\":15},{\"warehouse\":\"C\",\"qty\":35}]}",
        "{\"item\":\"kit\",\"groups\":[{\"parts\":[{\"name\":\"bolt\",\"size\":3,\"tags\":[\"m3\",\"steel\"]},{\"name\":\"nut\"}]},"
                + "{\"parts\":[{\"name\":\"washer\",\"size\":1}]}]}",
        "{\"item\":\"grid\",\"instock\":[[{\"warehouse\":\"A\",\"qty\":5}]]}",
        "{\"item\":\"loose\",\"instock\":{\"warehouse\":\"D\",\"qty\":7}}",
        "{\"item\":\"empty\",\"instock\":[]}",
        "{\"item\":\"mixed\",\"instock\":[{\"warehouse\":\"A\"},{\"qty\":null},3]}",
        "{\"item\":\"none\"}",
    };

    private static final String INVENTORY_ALL = "i01 i02 i03 i04 i05 i06 i07 i08 i09 i10 i11";

    /**
     * Dotted paths through arrays, checked against MongoDB's documented results ("Query an Array
     * of Embedded Documents", "Query on Embedded/Nested Documents", {@code $elemMatch}), then
     * nested arrays, negations and the other operators on the reached values.
     */
    static List<Case> arrayCases() {
        return List.of(
            c("docs: field in any element", "{\"instock.qty\":{\"$lte\":20}}", "i01 i02 i03 i04 i05 i08"),
            c("docs: array position", "{\"instock.0.qty\":{\"$lte\":20}}", "i01 i02 i05 i07"),
            c("docs: $elemMatch both on one element", "{\"instock\":{\"$elemMatch\":{\"qty\":5,\"warehouse\":\"A\"}}}", "i01"),
            c("docs: $elemMatch range", "{\"instock\":{\"$elemMatch\":{\"qty\":{\"$gt\":10,\"$lte\":20}}}}", "i01 i03 i05"),
            c("docs: range over elements without $elemMatch", "{\"instock.qty\":{\"$gt\":10,\"$lte\":20}}", "i01 i03 i04 i05"),
            c("docs: conditions on different elements", "{\"instock.qty\":5,\"instock.warehouse\":\"A\"}", "i01 i04"),
            c("docs: whole element equality", "{\"instock\":{\"warehouse\":\"A\",\"qty\":5}}", "i01"),
            c("equality through an array", "{\"instock.warehouse\":\"A\"}", "i01 i03 i04 i10"),
            c("equality through a plain object too", "{\"instock.warehouse\":\"D\"}", "i08"),
            c("$ne: no element matches", "{\"instock.warehouse\":{\"$ne\":\"A\"}}", "i02 i05 i06 i07 i08 i09 i11"),
            c("$nin: no element matches", "{\"instock.warehouse\":{\"$nin\":[\"A\",\"B\"]}}", "i02 i06 i07 i08 i09 i11"),
            c("$in", "{\"instock.warehouse\":{\"$in\":[\"D\",\"B\"]}}", "i03 i04 i05 i08"),
            c("$all over elements", "{\"instock.warehouse\":{\"$all\":[\"A\",\"C\"]}}", "i01"),
            c("$regex", "{\"instock.warehouse\":{\"$regex\":\"^[BD]$\"}}", "i03 i04 i05 i08"),
            c("$exists: some element has it (null too)", "{\"instock.qty\":{\"$exists\":true}}", "i01 i02 i03 i04 i05 i08 i10"),
            c("$exists false: no element has it", "{\"instock.qty\":{\"$exists\":false}}", "i06 i07 i09 i11"),
            c("null: missing, or an element without it or with null", "{\"instock.qty\":null}", "i06 i07 i10 i11"),
            c("$ne null", "{\"instock.qty\":{\"$ne\":null}}", "i01 i02 i03 i04 i05 i08 i09"),
            c("a name does not enter an array inside an array", "{\"instock.qty\":5}", "i01 i02 i04"),
            c("a position then a name does", "{\"instock.0.warehouse\":\"A\"}", "i01 i03 i04 i07 i10"),
            c("arrays of arrays of objects", "{\"groups.parts.name\":\"bolt\"}", "i06"),
            c("arrays of arrays of objects, range", "{\"groups.parts.size\":{\"$gt\":2}}", "i06"),
            c("arrays of arrays of objects, $ne", "{\"groups.parts.name\":{\"$ne\":\"washer\"}}",
                    "i01 i02 i03 i04 i05 i07 i08 i09 i10 i11"),
            c("leaf array contains, through arrays", "{\"groups.parts.tags\":\"steel\"}", "i06"),
            c("$size on a reached value", "{\"groups.parts\":{\"$size\":1}}", "i06"),
            c("$size on a reached leaf", "{\"groups.parts.tags\":{\"$size\":2}}", "i06"),
            c("$elemMatch on a reached array", "{\"groups.parts\":{\"$elemMatch\":{\"name\":\"bolt\",\"size\":3}}}", "i06"),
            c("$elemMatch across elements does not match", "{\"groups.parts\":{\"$elemMatch\":{\"name\":\"nut\",\"size\":3}}}", ""),
            c("a dotted path inside $elemMatch", "{\"groups\":{\"$elemMatch\":{\"parts.name\":\"washer\"}}}", "i06"),
            c("$not through arrays", "{\"instock.qty\":{\"$not\":{\"$gt\":10}}}", "i02 i06 i07 i08 i09 i10 i11"),
            c("$or of paths through arrays", "{\"$or\":[{\"instock.warehouse\":\"D\"},{\"groups.parts.name\":\"nut\"}]}", "i06 i08"),
            c("$nor through arrays", "{\"$nor\":[{\"instock.warehouse\":\"C\"},{\"instock.qty\":{\"$gt\":30}}]}",
                    "i06 i07 i08 i09 i10 i11"),
            c("docs nested documents: plain path still works", "{\"item\":\"loose\",\"instock.qty\":7}", "i08"),
            s("docs sort: ascending by the least element", "{}", "instock.qty", "i06 i07 i09 i10 i11 i01 i02 i04 i08 i03 i05"),
            s("docs sort: descending by the greatest element", "{}", "-instock.qty", "i03 i04 i05 i01 i08 i02 i11 i10 i09 i07 i06"),
            s("sort through arrays of arrays", "{}", "-groups.parts.name", "i06 i11 i10 i09 i08 i07 i05 i04 i03 i02 i01"),
            s("sort through a position", "{\"instock.0.qty\":{\"$exists\":true}}", "-instock.0.qty", "i03 i04 i05 i07 i02 i01"));
    }

    private final Map<TestDatabases.Kind, Database> databases = new EnumMap<>(TestDatabases.Kind.class);

    /** One table row: a filter, a sort (null: by id ascending) and the expected ids in order. */
    record Case(String name, String filter, String sort, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, String filter, String expected) {
        return new Case(name, filter, "id", expected);
    }

    private static Case s(String name, String filter, String sort, String expected) {
        return new Case(name, filter, sort, expected);
    }

    private static final String ALL = "r01 r02 r03 r04 r05 r06 r07 r08 r09 r10 r11 r12 r13 r14 r15 r16 r17 r18 r19 r20";
    private static final String OPEN = "r01 r03 r07 r10 r11 r14 r15 r16 r19 r20";

    static List<Case> cases() {
        return List.of(
            c("match all", "{}", ALL),
            c("equality", "{\"status\":\"open\"}", OPEN),
            c("$eq", "{\"status\":{\"$eq\":\"open\"}}", OPEN),
            c("null matches null or missing", "{\"status\":null}", "r04 r05"),
            c("$ne matches missing too", "{\"status\":{\"$ne\":\"open\"}}", "r02 r04 r05 r06 r08 r09 r12 r13 r17 r18"),
            c("array shorthand is $in", "{\"status\":[\"closed\",\"pending\"]}", "r02 r08 r12 r17 r18"),
            c("$in with null", "{\"status\":{\"$in\":[\"zeta\",null]}}", "r04 r05 r13"),
            c("$nin", "{\"status\":{\"$nin\":[\"open\",\"closed\"]}}", "r04 r05 r06 r08 r09 r13"),
            c("$in empty", "{\"status\":{\"$in\":[]}}", ""),
            c("$nin empty", "{\"status\":{\"$nin\":[]}}", ALL),
            c("number equality is numeric, not boolean", "{\"priority\":1}", "r01 r08"),
            c("boolean true is not 1", "{\"priority\":true}", "r06"),
            c("boolean false is not 0", "{\"priority\":false}", "r12"),
            c("$gt number: numbers only, arrays by element", "{\"priority\":{\"$gt\":1}}", "r02 r03 r11"),
            c("range", "{\"priority\":{\"$gte\":1,\"$lt\":10}}", "r01 r02 r08 r11"),
            c("$lte", "{\"priority\":{\"$lte\":0}}", "r07 r09"),
            c("$gt string: strings only", "{\"priority\":{\"$gt\":\"1\"}}", "r04"),
            c("$gte boolean", "{\"priority\":{\"$gte\":false}}", "r06 r12"),
            c("$gt boolean", "{\"priority\":{\"$gt\":false}}", "r06"),
            c("strings by code point", "{\"title\":{\"$gt\":\"a\"}}", "r02 r04 r09 r17 r19"),
            c("uppercase before lowercase", "{\"title\":{\"$lt\":\"B\"}}", "r01 r18"),
            c("array contains", "{\"tags\":\"a\"}", "r01 r07 r18"),
            c("array contains number", "{\"tags\":5}", "r08"),
            c("array contains boolean", "{\"tags\":true}", "r08"),
            c("null: missing, null or array holding null", "{\"tags\":null}",
                    "r04 r05 r06 r08 r09 r10 r11 r12 r13 r14 r15 r16 r19 r20"),
            c("$all", "{\"tags\":{\"$all\":[\"a\",\"b\"]}}", "r01"),
            c("$all one", "{\"tags\":{\"$all\":[\"c\"]}}", "r02 r08"),
            c("$all empty", "{\"tags\":{\"$all\":[]}}", ""),
            c("$size 0", "{\"tags\":{\"$size\":0}}", "r03"),
            c("$size 2", "{\"tags\":{\"$size\":2}}", "r01 r02"),
            c("$exists true", "{\"tags\":{\"$exists\":true}}", "r01 r02 r03 r07 r08 r17 r18"),
            c("$exists false (null exists)", "{\"status\":{\"$exists\":false}}", "r05"),
            c("$elemMatch query", "{\"items\":{\"$elemMatch\":{\"sku\":\"x\",\"qty\":{\"$gte\":5}}}}", "r08"),
            c("$elemMatch operators", "{\"scores\":{\"$elemMatch\":{\"$gte\":80,\"$lt\":85}}}", "r11"),
            c("range over array without $elemMatch", "{\"scores\":{\"$gte\":80,\"$lt\":85}}", "r11 r12"),
            c("$elemMatch with $or", "{\"items\":{\"$elemMatch\":{\"$or\":[{\"qty\":5},{\"qty\":10}]}}}", "r07 r08"),
            c("nested $elemMatch on arrays of arrays", "{\"matrix\":{\"$elemMatch\":{\"$elemMatch\":{\"$eq\":3}}}}", "r19"),
            c("array element equals array", "{\"matrix\":{\"$eq\":[3]}}", "r19"),
            c("dotted path", "{\"metadata.priority\":\"high\"}", "r01 r10"),
            c("data. prefix", "{\"data.metadata.priority\":\"high\"}", "r01 r10"),
            c("deep path", "{\"metadata.owner.name\":\"ann\"}", "r01"),
            c("deeper path", "{\"nested.a.b.c\":1}", "r13"),
            c("object equality", "{\"nested.a\":{\"b\":{\"c\":1}}}", "r13"),
            c("object equality top", "{\"meta\":{\"a\":1,\"b\":2}}", "r20"),
            c("array position", "{\"tags.1\":\"b\"}", "r01"),
            c("$regex", "{\"status\":{\"$regex\":\"^op\"}}", OPEN),
            c("$regex i", "{\"status\":{\"$regex\":\"^op\",\"$options\":\"i\"}}", "r01 r03 r06 r07 r10 r11 r14 r15 r16 r19 r20"),
            c("$regex ^ is string start", "{\"title\":{\"$regex\":\"^line\"}}", ""),
            c("$regex m", "{\"title\":{\"$regex\":\"^line\",\"$options\":\"m\"}}", "r04"),
            c("$regex dot stops at newline", "{\"title\":{\"$regex\":\"delta.line\"}}", ""),
            c("$regex s", "{\"title\":{\"$regex\":\"delta.line\",\"$options\":\"s\"}}", "r04"),
            c("$regex i ascii", "{\"title\":{\"$regex\":\"alpha\",\"$options\":\"i\"}}", "r01 r17 r18"),
            c("$regex inline flag", "{\"title\":{\"$regex\":\"(?i)^alpha$\"}}", "r01 r17"),
            c("$regex classes", "{\"title\":{\"$regex\":\"^[a-z]+\\\\s?[a-z]*$\"}}", "r02 r17 r19"),
            c("$not", "{\"title\":{\"$not\":{\"$regex\":\"^a\",\"$options\":\"i\"}}}",
                    "r02 r03 r04 r05 r06 r07 r08 r09 r10 r11 r12 r13 r14 r15 r16 r19 r20"),
            c("$not range", "{\"priority\":{\"$not\":{\"$gte\":1}}}", "r04 r05 r06 r07 r09 r10 r12 r13 r14 r15 r16 r17 r18 r19 r20"),
            c("$or", "{\"$or\":[{\"status\":\"pending\"},{\"priority\":{\"$lt\":0}}]}", "r07 r08"),
            c("$and", "{\"$and\":[{\"status\":\"open\"},{\"tags\":{\"$exists\":true}}]}", "r01 r03 r07"),
            c("$nor", "{\"$nor\":[{\"status\":\"open\"},{\"status\":\"closed\"}]}", "r04 r05 r06 r08 r09 r13"),
            c("nested logic", "{\"$or\":[{\"$and\":[{\"status\":\"closed\"},{\"tags\":\"c\"}]},{\"$nor\":[{\"status\":{\"$exists\":true}}]}]}",
                    "r02 r05"),
            c("fields and logic together", "{\"status\":\"open\",\"$or\":[{\"done\":true},{\"flag\":true}]}", "r03 r14"),
            c("1 is not \"1\"", "{\"count\":1}", "r14"),
            c("\"1\" is not 1", "{\"count\":\"1\"}", "r15"),
            c("true is not 1 or \"true\"", "{\"flag\":true}", "r14"),
            c("1 is not true", "{\"flag\":1}", "r16"),
            c("mixed $in", "{\"count\":{\"$in\":[1,\"1\"]}}", "r14 r15"),
            c("injection-looking value is a value", "{\"status\":\"o'; DROP TABLE records; --\"}", "r09"),
            c("injection-looking value matches nothing", "{\"title\":\"x' OR '1'='1\"}", ""),
            c("injection-looking regex", "{\"title\":{\"$regex\":\"' OR 1=1 --\"}}", ""),
            c("$ne null means present and not null", "{\"status\":{\"$ne\":null}}",
                    "r01 r02 r03 r06 r07 r08 r09 r10 r11 r12 r13 r14 r15 r16 r17 r18 r19 r20"),
            c("$ne on arrays", "{\"tags\":{\"$ne\":\"a\"}}",
                    "r02 r03 r04 r05 r06 r08 r09 r10 r11 r12 r13 r14 r15 r16 r17 r19 r20"),
            c("$nin on arrays", "{\"tags\":{\"$nin\":[\"a\",\"c\"]}}",
                    "r03 r04 r05 r06 r09 r10 r11 r12 r13 r14 r15 r16 r17 r19 r20"),
            c("$in on arrays, mixed types", "{\"tags\":{\"$in\":[\"z\",5]}}", "r08 r17"),
            c("$in with an object", "{\"meta\":{\"$in\":[{\"a\":1,\"b\":2},\"x\"]}}", "r20"),
            c("$in with an array is exact", "{\"priority\":{\"$in\":[[3,4]]}}", "r11"),
            c("$exists nested", "{\"metadata.owner\":{\"$exists\":true}}", "r01"),
            c("$exists false nested", "{\"metadata.priority\":{\"$exists\":false}}",
                    "r03 r04 r05 r06 r07 r08 r09 r11 r12 r13 r14 r15 r16 r17 r18 r19 r20"),
            c("$size 3", "{\"scores\":{\"$size\":3}}", "r11"),
            c("$size on a mixed field", "{\"status\":{\"$size\":2}}", "r07"),
            c("$size of objects", "{\"items\":{\"$size\":1}}", "r08"),
            c("$regex on array elements", "{\"tags\":{\"$regex\":\"^[xyz]$\"}}", "r17"),
            c("$regex digit class", "{\"title\":{\"$regex\":\"\\\\d$\"}}", "r04"),
            c("$regex unicode case-insensitive", "{\"title\":{\"$regex\":\"^\u00fcn\u00ef\",\"$options\":\"i\"}}", "r09"),
            c("$gt string over arrays", "{\"status\":{\"$gt\":\"o\"}}",
                    "r01 r03 r07 r08 r09 r10 r11 r13 r14 r15 r16 r19 r20"),
            c("$elemMatch with $ne", "{\"items\":{\"$elemMatch\":{\"sku\":{\"$ne\":\"x\"}}}}", "r07"),
            c("$elemMatch with $exists and $in", "{\"items\":{\"$elemMatch\":{\"qty\":{\"$exists\":true},\"sku\":{\"$in\":[\"y\"]}}}}", "r07"),
            c("$elemMatch on a non-array", "{\"status\":{\"$elemMatch\":{\"$eq\":\"open\"}}}", "r07"),
            c("system created_date $lt", "{\"created_date\":{\"$lt\":\"2025-01-03\"}}", "r01 r02"),
            c("$gte boolean over array elements", "{\"tags\":{\"$gte\":true}}", "r08"),
            c("$gt number over array elements", "{\"tags\":{\"$gt\":4}}", "r08"),
            c("$lt over number arrays", "{\"scores\":{\"$lt\":75}}", "r12"),
            c("system id", "{\"id\":\"r03\"}", "r03"),
            c("system id $in", "{\"id\":{\"$in\":[\"r01\",\"r05\",\"nope\"]}}", "r01 r05"),
            c("system created_date range", "{\"created_date\":{\"$gte\":\"2025-01-18\"}}", "r18 r19 r20"),
            c("system null", "{\"created_by\":null}", "r11 r12 r13 r14 r15"),
            c("system $exists false", "{\"created_by\":{\"$exists\":false}}", "r11 r12 r13 r14 r15"),
            c("system code point order", "{\"created_by\":{\"$gt\":\"a\"}}", "r01 r02 r03 r04 r05 r06 r07 r08 r09 r10"),
            c("system $ne matches null", "{\"created_by\":{\"$ne\":\"ann@x.io\"}}",
                    "r06 r07 r08 r09 r10 r11 r12 r13 r14 r15 r16 r17 r18 r19 r20"),
            c("system regex", "{\"created_by\":{\"$regex\":\"^z\",\"$options\":\"i\"}}", "r16 r17 r18 r19 r20"),
            c("system boolean", "{\"is_sample\":true}", "r05 r06"),
            c("system boolean type-bracketed", "{\"is_sample\":\"true\"}", ""),
            c("data.id is the id", "{\"data.id\":\"r02\"}", "r02"),
            c("system field number never equals", "{\"id\":3}", ""),

            s("sort mixed types ascending", "{}", "priority",
                    "r05 r13 r14 r15 r16 r17 r18 r19 r20 r07 r09 r01 r08 r02 r03 r04 r10 r11 r12 r06"),
            s("sort mixed types descending", "{}", "-priority",
                    "r06 r12 r11 r10 r04 r03 r02 r08 r01 r09 r07 r20 r19 r18 r17 r16 r15 r14 r13 r05"),
            s("sort data. alias", "{}", "+data.priority",
                    "r05 r13 r14 r15 r16 r17 r18 r19 r20 r07 r09 r01 r08 r02 r03 r04 r10 r11 r12 r06"),
            s("sort strings by code point", "{\"title\":{\"$exists\":true}}", "title", "r18 r01 r03 r17 r19 r02 r04 r09"),
            s("sort strings descending", "{\"title\":{\"$exists\":true}}", "-title", "r09 r04 r02 r19 r17 r03 r01 r18"),
            s("sort nested path", "{}", "metadata.priority",
                    "r03 r04 r05 r06 r07 r08 r09 r11 r12 r13 r14 r15 r16 r17 r18 r19 r20 r01 r10 r02"),
            s("sort numbers and strings descending", "{}", "-count",
                    "r15 r16 r14 r20 r19 r18 r17 r13 r12 r11 r10 r09 r08 r07 r06 r05 r04 r03 r02 r01"),
            s("sort booleans after everything", "{}", "done",
                    "r04 r05 r06 r07 r08 r09 r10 r11 r12 r13 r14 r15 r16 r17 r18 r19 r20 r01 r02 r03"),
            s("sort boolean column descending", "{}", "-is_sample",
                    "r06 r05 r20 r19 r18 r17 r16 r15 r14 r13 r12 r11 r10 r09 r08 r07 r04 r03 r02 r01"),
            s("default sort", "{}", null, "r20 r19 r18 r17 r16 r15 r14 r13 r12 r11 r10 r09 r08 r07 r06 r05 r04 r03 r02 r01"),
            s("sort created_date ascending", "{\"status\":\"closed\"}", "created_date", "r02 r12 r17 r18"),
            s("sort nullable column ascending", "{}", "created_by",
                    "r11 r12 r13 r14 r15 r16 r17 r18 r19 r20 r01 r02 r03 r04 r05 r06 r07 r08 r09 r10"),
            s("sort nullable column descending", "{}", "-created_by",
                    "r10 r09 r08 r07 r06 r05 r04 r03 r02 r01 r20 r19 r18 r17 r16 r15 r14 r13 r12 r11"),
            s("sort id descending", "{\"status\":\"closed\"}", "-id", "r18 r17 r12 r02"),
            s("invalid sort falls back to default", "{\"status\":\"closed\"}", "10", "r18 r17 r12 r02"),
            s("injection-looking sort falls back", "{\"status\":\"closed\"}", "-title;DROP TABLE records", "r18 r17 r12 r02"));
    }

    Stream<Arguments> table() {
        return Arrays.stream(TestDatabases.Kind.values()).flatMap(kind -> cases().stream().map(c -> Arguments.of(kind, c)));
    }

    @BeforeAll
    void seed() {
        for (TestDatabases.Kind kind : TestDatabases.Kind.values()) {
            Database db = Database.open(TestDatabases.freshUrl(kind));
            databases.put(kind, db);
            String sql = "INSERT INTO records (app_id, entity, env, id, data, created_date, updated_date, created_by, is_sample)"
                    + " VALUES (?, ?, 'prod', ?, " + db.dialect().jsonParam() + ", ?, ?, ?, " + "?" + ")";
            db.useTx(connection -> {
                for (int i = 1; i <= DATA.length; i++) {
                    insert(connection, sql, APP, ENTITY, "r%02d".formatted(i), DATA[i - 1], i, createdBy(i), i == 5 || i == 6);
                }
                for (int i = 1; i <= INVENTORY.length; i++) {
                    insert(connection, sql, APP, "Inventory", "i%02d".formatted(i), INVENTORY[i - 1], i, null, false);
                }
                // Same data in another entity and another app: the caller's conditions keep them out.
                insert(connection, sql, APP, "Other", "r99", DATA[0], 21, null, false);
                insert(connection, sql, "app2", ENTITY, "r98", DATA[0], 22, null, false);
            });
        }
    }

    private static void insert(Connection connection, String sql, String app, String entity, String id, String data,
                               int day, String createdBy, boolean sample) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            String date = "2025-01-%02dT10:00:00.000000".formatted(day);
            ps.setString(1, app);
            ps.setString(2, entity);
            ps.setString(3, id);
            ps.setString(4, data);
            ps.setString(5, date);
            ps.setString(6, date);
            ps.setString(7, createdBy);
            ps.setBoolean(8, sample);
            ps.executeUpdate();
        }
    }

    @AfterAll
    void close() {
        databases.values().forEach(Database::close);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("table")
    void query(TestDatabases.Kind kind, Case testCase) throws Exception {
        Filter filter = FilterParser.parse(JSON.readTree(testCase.filter()));
        Sort sort = testCase.sort() == null ? Sort.parse(null) : Sort.parse(testCase.sort());
        List<String> ids = run(kind, filter, sort);
        assertEquals(testCase.expected(), String.join(" ", ids), testCase.filter());
        assertEquals(ids.stream().sorted().toList(), matching(filter), "in-memory matcher: " + testCase.filter());
    }

    Stream<Arguments> arrayTable() {
        return Arrays.stream(TestDatabases.Kind.values()).flatMap(kind -> arrayCases().stream().map(c -> Arguments.of(kind, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("arrayTable")
    void pathsThroughArrays(TestDatabases.Kind kind, Case testCase) throws Exception {
        Filter filter = FilterParser.parse(JSON.readTree(testCase.filter()));
        List<String> ids = run(kind, "Inventory", filter, Sort.parse(testCase.sort()).throughArrays(true));
        assertEquals(testCase.expected(), String.join(" ", ids), testCase.filter());
        List<String> matched = new ArrayList<>();
        for (int i = 1; i <= INVENTORY.length; i++) {
            if (FilterMatcher.matches(filter, JSON.readTree(INVENTORY[i - 1]))) matched.add("i%02d".formatted(i));
        }
        assertEquals(ids.stream().sorted().toList(), matched, "in-memory matcher: " + testCase.filter());
    }

    /** Distinct values of a dotted path collect every value reached through arrays, in pages. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void distinctThroughArrays(TestDatabases.Kind kind) {
        assertEquals(List.of("\"A\"", "\"B\"", "\"C\"", "\"D\""), distinct(kind, "instock.warehouse"));
        assertEquals(List.of("5", "7", "15", "35", "40", "60"), distinct(kind, "instock.qty"));
        assertEquals(List.of("\"bolt\"", "\"nut\"", "\"washer\""), distinct(kind, "groups.parts.name"));
        assertEquals(List.of("\"m3\"", "\"steel\""), distinct(kind, "groups.parts.tags"));
        assertEquals(List.of("\"A\"", "\"B\"", "\"C\""), distinct(kind, "instock.0.warehouse"));
        Database db = databases.get(kind);
        RecordStore store = new RecordStore(db.dialect());
        EntityScope scope = new EntityScope(APP, "Inventory", "prod");
        List<RecordStore.KeyedValue> first = db.read(c -> store.distinctAfter(c, scope, new Filter.All(), "instock.warehouse", null, 2));
        List<RecordStore.KeyedValue> next = db.read(c -> store.distinctAfter(c, scope, new Filter.All(), "instock.warehouse",
                first.getLast().keys(), 2));
        assertEquals(List.of("\"C\"", "\"D\""), next.stream().map(v -> v.value().toString()).toList());
    }

    private List<String> distinct(TestDatabases.Kind kind, String field) {
        Database db = databases.get(kind);
        RecordStore store = new RecordStore(db.dialect());
        EntityScope scope = new EntityScope(APP, "Inventory", "prod");
        return db.read(c -> store.distinctAfter(c, scope, new Filter.All(), field, null, 100)).stream()
                .map(v -> v.value().toString()).toList();
    }

    /** The ids of the records {@link FilterMatcher} accepts, in id order. */
    private static List<String> matching(Filter filter) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= DATA.length; i++) {
            if (FilterMatcher.matches(filter, apiRecord(i))) ids.add("r%02d".formatted(i));
        }
        return ids;
    }

    /** Record rNN in the API shape: system fields next to the data fields. */
    private static com.fasterxml.jackson.databind.node.ObjectNode apiRecord(int i) {
        try {
            var record = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(DATA[i - 1]);
            String date = "2025-01-%02dT10:00:00.000000".formatted(i);
            record.put("id", "r%02d".formatted(i)).put("created_date", date).put("updated_date", date)
                    .put("created_by", createdBy(i)).put("is_sample", i == 5 || i == 6);
            return record;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String createdBy(int i) {
        return i <= 5 ? "ann@x.io" : i <= 10 ? "bob@x.io" : i <= 15 ? null : "Zed@x.io";
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void recordsSurviveInjectionLookingValues(TestDatabases.Kind kind) throws Exception {
        run(kind, FilterParser.parse(JSON.readTree("{\"status\":\"x'); DELETE FROM records; --\"}")), Sort.DEFAULT);
        assertEquals(20, run(kind, new Filter.All(), Sort.DEFAULT).size());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void badFieldNamesNeverReachSql(TestDatabases.Kind kind) {
        QueryRenderer renderer = databases.get(kind).dialect().queries();
        for (String field : List.of("a'b", "a;DROP TABLE records", "a b", "a)", "$where", "")) {
            assertThrows(QueryException.class, () -> renderer.where(new Filter.Eq(field, JSON.nullNode())), field);
        }
        SqlFragment order = renderer.orderBy(new Sort("x') DESC; DROP TABLE records; --", false));
        assertEquals(renderer.orderBy(Sort.DEFAULT), order);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void largeInListAndDeepNesting(TestDatabases.Kind kind) throws Exception {
        List<String> values = new ArrayList<>(IntStream.range(0, 990).mapToObj(i -> "\"v" + i + "\"").toList());
        values.add("\"pending\"");
        List<String> ids = run(kind, FilterParser.parse(JSON.readTree("{\"status\":{\"$in\":[" + String.join(",", values) + "]}}")),
                new Sort("id", false));
        assertEquals(List.of("r08"), ids);
        String nested = "{\"status\":\"pending\"}";
        for (int i = 0; i < 14; i++) nested = "{\"$or\":[" + nested + ",{\"status\":\"none\"}]}";
        assertEquals(List.of("r08"), run(kind, FilterParser.parse(JSON.readTree(nested)), Sort.DEFAULT));
        StringBuilder wide = new StringBuilder("{\"$or\":[");
        for (int i = 0; i < 990; i++) wide.append("{\"status\":\"v").append(i).append("\"},");
        wide.append("{\"status\":\"pending\"}]}");
        assertEquals(List.of("r08"), run(kind, FilterParser.parse(JSON.readTree(wide.toString())), Sort.DEFAULT));
        String thousand = IntStream.range(0, 999).mapToObj(i -> "\"w" + i + "\",").reduce("", String::concat);
        StringBuilder most = new StringBuilder("{\"$or\":[");
        for (int i = 0; i < 4; i++) most.append("{\"f").append(i).append("\":{\"$in\":[").append(thousand).append("1]}},");
        most.append("{\"status\":{\"$in\":[").append(thousand).append("\"pending\"]}}]}");
        assertEquals(List.of("r08"), run(kind, FilterParser.parse(JSON.readTree(most.toString())), Sort.DEFAULT));
    }

    /**
     * Differential check: random filters and sorts over the same records give the same ordered
     * ids on SQLite and PostgreSQL (sort fields avoid ties among objects or among arrays, whose
     * order is a documented dialect difference).
     */
    @org.junit.jupiter.api.Test
    void randomFiltersAgreeOnBothDatabases() throws Exception {
        java.util.Random random = new java.util.Random(44);
        RandomFilters generator = new RandomFilters(random);
        String[] sorts = {"status", "priority", "title", "count", "flag", "created_by", "metadata.priority", "done", "id",
                "created_date", "missing"};
        for (int i = 0; i < 1000; i++) {
            String filter = generator.document(0);
            Sort sort = new Sort(sorts[random.nextInt(sorts.length)], random.nextBoolean());
            Filter parsed = FilterParser.parse(JSON.readTree(filter));
            List<String> sqlite = run(TestDatabases.Kind.SQLITE, parsed, sort);
            List<String> postgres = run(TestDatabases.Kind.POSTGRES, parsed, sort);
            assertEquals(sqlite, postgres, "filter " + filter + " sort " + sort);
            assertEquals(sqlite.stream().sorted().toList(), matching(parsed), "in-memory matcher: " + filter);
        }
    }

    /** Random filters over the fields and values of {@link #DATA}. */
    private record RandomFilters(java.util.Random random) {
        private static final String[] FIELDS = {"status", "priority", "tags", "title", "count", "flag", "metadata.priority",
                "metadata.owner.name", "scores", "items", "meta", "nested.a.b.c", "done", "matrix", "created_by", "id",
                "missing", "data.status", "tags.0", "is_sample", "items.sku", "items.qty", "items.0.qty"};
        private static final String[] VALUES = {"\"open\"", "\"closed\"", "\"Open\"", "\"a\"", "\"b\"", "\"x\"", "\"10\"",
                "\"1\"", "\"high\"", "\"ann@x.io\"", "\"r03\"", "\"\"", "1", "1.0", "2.5", "0", "-3", "10", "5", "80", "3", "true",
                "false", "null", "{\"a\":1,\"b\":2}", "[3]", "{\"level\":3}"};
        private static final String[] SCALARS = {"\"open\"", "\"b\"", "\"m\"", "\"10\"", "\"Z\"", "\"ann\"", "1", "1.5", "0", "-3",
                "10", "80", "true", "false", "\"2025-01-10\""};
        private static final String[] PATTERNS = {"^o", "a", "^[a-c]", "\\\\d", "e$", "^.*$", "l.n", "^$", "x|y"};

        private <T> T pick(T[] items) {
            return items[random.nextInt(items.length)];
        }

        String document(int depth) {
            int keys = 1 + (random.nextInt(4) == 0 ? 1 : 0);
            List<String> parts = new ArrayList<>();
            java.util.Set<String> used = new java.util.HashSet<>();
            for (int i = 0; i < keys; i++) {
                if (depth < 3 && random.nextInt(5) == 0) {
                    String op = pick(new String[] {"$and", "$or", "$nor"});
                    if (!used.add(op)) continue;
                    List<String> items = new ArrayList<>();
                    for (int j = 0, n = 1 + random.nextInt(3); j < n; j++) items.add(document(depth + 1));
                    parts.add("\"" + op + "\":[" + String.join(",", items) + "]");
                } else {
                    String field = pick(FIELDS);
                    if (!used.add(field)) continue;
                    parts.add("\"" + field + "\":" + condition(depth));
                }
            }
            return "{" + String.join(",", parts) + "}";
        }

        private String list() {
            List<String> items = new ArrayList<>();
            for (int j = 0, n = random.nextInt(4); j < n; j++) items.add(pick(VALUES));
            return "[" + String.join(",", items) + "]";
        }

        String condition(int depth) {
            return switch (random.nextInt(14)) {
                case 0, 1 -> pick(VALUES);
                case 2 -> list();
                case 3 -> "{\"$ne\":" + pick(VALUES) + "}";
                case 4 -> "{\"" + pick(new String[] {"$gt", "$gte", "$lt", "$lte"}) + "\":" + pick(SCALARS) + "}";
                case 5 -> "{\"$gte\":" + pick(SCALARS) + ",\"$lt\":" + pick(SCALARS) + "}";
                case 6 -> "{\"" + pick(new String[] {"$in", "$nin", "$all"}) + "\":" + list() + "}";
                case 7 -> "{\"$exists\":" + random.nextBoolean() + "}";
                case 8 -> "{\"$regex\":\"" + pick(PATTERNS) + "\",\"$options\":\"" + pick(new String[] {"", "i", "m", "s", "is"}) + "\"}";
                case 9 -> "{\"$size\":" + random.nextInt(4) + "}";
                case 10 -> "{\"$elemMatch\":{\"" + pick(new String[] {"$gt", "$gte", "$lt", "$eq", "$ne"}) + "\":" + pick(SCALARS) + "}}";
                case 11 -> "{\"$elemMatch\":{\"" + pick(new String[] {"sku", "qty"}) + "\":" + pick(new String[] {"\"x\"", "\"y\"", "1", "5",
                        "{\"$gt\":2}", "{\"$exists\":true}", "{\"$in\":[\"y\",10]}"}) + "}}";
                case 12 -> "{\"$not\":{\"" + pick(new String[] {"$gt", "$lte", "$eq"}) + "\":" + pick(SCALARS) + "}}";
                default -> "{\"$eq\":" + pick(VALUES) + "}";
            };
        }
    }

    private List<String> run(TestDatabases.Kind kind, Filter filter, Sort sort) {
        return run(kind, ENTITY, filter, sort);
    }

    private List<String> run(TestDatabases.Kind kind, String entity, Filter filter, Sort sort) {
        Database db = databases.get(kind);
        QueryRenderer renderer = db.dialect().queries();
        SqlFragment where = renderer.where(filter);
        SqlFragment order = renderer.orderBy(sort);
        String sql = "SELECT r.id FROM records r WHERE r.app_id = ? AND r.entity = ? AND " + where.sql() + " ORDER BY " + order.sql();
        List<Object> params = new ArrayList<>(List.of(APP, entity));
        params.addAll(where.params());
        params.addAll(order.params());
        return db.read(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.add(rs.getString(1));
                }
                return ids;
            } catch (SQLException e) {
                String shown = sql.length() > 1500 ? sql.substring(0, 1500) + "..." : sql;
                throw new SQLException(e.getMessage() + "\nSQL: " + shown + "\nparams: " + params.subList(0, Math.min(20, params.size())), e);
            }
        });
    }
}
