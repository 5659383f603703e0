package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.Sort;
import dev.homebase.server.store.postgres.PostgresDialect;
import dev.homebase.server.store.sqlite.SqliteDialect;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shape of the generated SQL: literal index-friendly paths, values only as parameters. */
class QueryRendererSqlTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final QueryRenderer SQLITE = new SqliteDialect().queries();
    private static final QueryRenderer POSTGRES = new PostgresDialect().queries();

    private static SqlFragment where(QueryRenderer renderer, String filter) throws Exception {
        return renderer.where(FilterParser.parse(JSON.readTree(filter)));
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
            // filter, renderer, SQL fragment that must appear, expected params
            Arguments.of("{}", SQLITE, "1=1", List.of()),
            Arguments.of("{\"status\":\"open\"}", SQLITE, "(json_extract(r.data, '$.status') = ? AND json_type(r.data, '$.status') = 'text')",
                    List.of("open", "open")),
            Arguments.of("{\"status\":\"open\"}", POSTGRES, "((r.data -> 'status') = CAST(? AS jsonb) OR ((r.data -> 'status') > 'true'::jsonb"
                    + " AND (r.data -> 'status') < '{}'::jsonb AND (r.data -> 'status') @> CAST(? AS jsonb)))", List.of("\"open\"", "\"open\"")),
            Arguments.of("{\"status\":\"open\"}", SQLITE, "json_extract(r.data, '$.status') >= '[' AND json_extract(r.data, '$.status') < '\\'",
                    List.of("open", "open")),
            Arguments.of("{\"metadata.priority\":2}", SQLITE, "json_extract(r.data, '$.metadata.priority') = ?",
                    List.of(2L, 2L, 2L, 2L)), // then the same through an array (metadata.priority of each element)
            Arguments.of("{\"metadata.priority\":2}", POSTGRES, "(r.data #> '{metadata,priority}') = CAST(? AS jsonb)",
                    List.of("2", "2", "2", "2")),
            Arguments.of("{\"tags.0\":\"a\"}", SQLITE, "json_extract(r.data, '$.tags[0]')", List.of("a", "a")),
            Arguments.of("{\"tags.0\":\"a\"}", POSTGRES, "(r.data #> '{tags,0}')", List.of("\"a\"", "\"a\"")),
            Arguments.of("{\"n\":{\"$gt\":1.5}}", POSTGRES, "(jsonb_typeof((r.data -> 'n')) NOT IN ('object', 'array', 'string', 'boolean', 'null')"
                    + " AND (r.data -> 'n') > CAST(? AS jsonb))",
                    List.of("1.5", "1.5")),
            Arguments.of("{\"s\":{\"$lt\":\"m\"}}", POSTGRES, "((r.data -> 's') #>> '{}') COLLATE \"C\" < ?", List.of("m", "m")),
            Arguments.of("{\"b\":{\"$gt\":false}}", SQLITE, "json_type(r.data, '$.b') IN ('true', 'false') AND json_extract(r.data, '$.b') > ?",
                    List.of(0L, 0L)),
            Arguments.of("{\"created_by\":{\"$gt\":\"a\"}}", POSTGRES, "r.created_by COLLATE \"C\" > ?", List.of("a")),
            Arguments.of("{\"created_date\":{\"$gte\":\"2025\"}}", POSTGRES, "r.created_date >= ?", List.of("2025")),
            Arguments.of("{\"id\":\"x\"}", SQLITE, "r.id = ?", List.of("x")),
            // entity_name, app_id and environment are ordinary fields; access rules use the internal names (RuleCompiler)
            Arguments.of("{\"environment\":\"dev\"}", SQLITE, "json_extract(r.data, '$.environment') = ?", List.of("dev", "dev")),
            Arguments.of("{\"entity_name\":\"Task\"}", POSTGRES, "(r.data -> 'entity_name') = CAST(? AS jsonb)", List.of("\"Task\"", "\"Task\"")),
            Arguments.of("{\"is_sample\":true}", POSTGRES, "r.is_sample = TRUE", List.of()),
            Arguments.of("{\"is_sample\":true}", SQLITE, "r.is_sample = 1", List.of()),
            Arguments.of("{\"a\":{\"$ne\":1}}", SQLITE, ") IS NOT TRUE", List.of(1L, 1L)),
            Arguments.of("{\"a\":{\"$regex\":\"^x\",\"$options\":\"i\"}}", POSTGRES, "~ ?", List.of("(?ip)^x", "(?ip)^x")),
            Arguments.of("{\"a\":{\"$regex\":\"^x\",\"$options\":\"ms\"}}", SQLITE, "hb_regex(json_extract(r.data, '$.a'), ?, ?)",
                    List.of("^x", "ms", "^x", "ms")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void rendersIndexFriendlySql(String filter, QueryRenderer renderer, String fragment, List<Object> params) throws Exception {
        SqlFragment sql = where(renderer, filter);
        assertTrue(sql.sql().contains(fragment), sql.sql());
        assertEquals(params, sql.params());
    }

    @Test
    void valuesNeverEnterSqlText() throws Exception {
        String evil = "x' OR '1'='1'; DROP TABLE records; --";
        String filter = "{\"a\":\"" + evil + "\",\"b\":{\"$in\":[\"" + evil + "\"]},\"c\":{\"$regex\":\"" + evil + "\"},"
                + "\"d\":{\"$gt\":\"" + evil + "\"},\"id\":\"" + evil + "\",\"e\":{\"$elemMatch\":{\"f\":\"" + evil + "\"}}}";
        for (QueryRenderer renderer : List.of(SQLITE, POSTGRES)) {
            SqlFragment sql = where(renderer, filter);
            assertFalse(sql.sql().contains("DROP"), sql.sql());
            assertFalse(sql.sql().contains("'1'"), sql.sql());
        }
    }

    @Test
    void orderBy() {
        for (QueryRenderer renderer : List.of(SQLITE, POSTGRES)) {
            assertEquals("r.created_date DESC, r.id DESC", renderer.orderBy(Sort.DEFAULT).sql());
            assertEquals("r.updated_date ASC, r.id ASC", renderer.orderBy(Sort.parse("updated_date")).sql());
            assertEquals("r.id DESC", renderer.orderBy(Sort.parse("-id")).sql());
            assertEquals(renderer.orderBy(Sort.DEFAULT), renderer.orderBy(Sort.parse("bad name")));
            assertEquals(renderer.orderBy(Sort.DEFAULT), renderer.orderBy(null));
        }
        assertEquals("r.created_by COLLATE \"C\" ASC NULLS FIRST, r.id ASC", POSTGRES.orderBy(Sort.parse("created_by")).sql());
        assertTrue(SQLITE.orderBy(Sort.parse("-data.metadata.priority")).sql().startsWith(
                "CASE json_type(r.data, '$.metadata.priority') WHEN 'integer' THEN 1"));
        assertTrue(POSTGRES.orderBy(Sort.parse("metadata.priority")).sql().endsWith(", r.id ASC"));
    }

    @Test
    void keysetConditionFollowsTheRenderedOrder() {
        for (QueryRenderer renderer : List.of(SQLITE, POSTGRES)) {
            SqlFragment after = renderer.after(renderer.sortKeys(Sort.DEFAULT), List.of("2026-01-01", "abc"));
            assertEquals("(r.created_date <= ? AND (r.created_date < ? OR (r.created_date = ? AND r.id < ?)))", after.sql(),
                    "a leading range an index can serve, then the first differing key decides");
            assertEquals(List.of("2026-01-01", "2026-01-01", "2026-01-01", "abc"), after.params());
            assertEquals("r.id > ?", renderer.after(renderer.sortKeys(Sort.parse("id")), List.of("abc")).sql());
        }
        // created_by ascending puts NULLs first: after a NULL come the non-NULLs, then NULLs with a greater id.
        SqlFragment afterNull = POSTGRES.after(POSTGRES.sortKeys(Sort.parse("created_by")), java.util.Arrays.asList(null, "abc"));
        assertEquals("(r.created_by COLLATE \"C\" IS NOT NULL OR (r.created_by COLLATE \"C\" IS NULL AND r.id > ?))", afterNull.sql());
        // Descending, NULLs come last: after a value come smaller values, then every NULL.
        SqlFragment afterValue = SQLITE.after(SQLITE.sortKeys(Sort.parse("-created_by")), List.of("b@x", "abc"));
        assertEquals("((r.created_by < ? OR r.created_by IS NULL) OR (r.created_by = ? AND r.id < ?))", afterValue.sql());
        // Data fields: rank, then the typed value keys, as many as the dialect orders by.
        assertEquals(3, SQLITE.sortKeys(Sort.parse("title")).size());
        assertEquals(4, POSTGRES.sortKeys(Sort.parse("title")).size());
        assertEquals(POSTGRES.orderBy(Sort.parse("title")).sql(),
                String.join(", ", POSTGRES.sortKeys(Sort.parse("title")).stream().map(dev.homebase.server.query.SortKey::ordering).toList()));
    }
}
