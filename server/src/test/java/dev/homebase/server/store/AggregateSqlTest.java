package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homebase.server.query.AggregateParser;
import dev.homebase.server.query.AggregateQuery;
import dev.homebase.server.query.Filter;
import dev.homebase.server.store.postgres.PostgresDialect;
import dev.homebase.server.store.sqlite.SqliteDialect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shape of aggregate SQL: literal paths, type guards, values only as parameters, in order. */
class AggregateSqlTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SqlFragment RECORDS = SqlFragment.of("r.app_id = ?", "app");
    private static final String SPEC = "{\"query\":{\"region\":\"north\"},\"groupBy\":\"agent\",\"sum\":\"amount\","
            + "\"dateBucket\":{\"field\":\"created_date\",\"unit\":\"week\"},\"having\":{\"sum_amount\":{\"$gt\":10}},\"sort\":\"-count\",\"limit\":5}";

    private static AggregateQuery compile(QueryRenderer renderer, Map<String, Filter> visibleWhen) throws Exception {
        return renderer.aggregate(AggregateParser.parse(JSON.readTree(SPEC)), visibleWhen, RECORDS);
    }

    @Test
    void sqlite() throws Exception {
        AggregateQuery q = compile(new SqliteDialect().queries(), Map.of());
        String sql = q.sql().sql();
        assertTrue(sql.contains("NULLIF(r.data -> '$.agent', 'null') AS v0"), sql);
        assertTrue(sql.contains("strftime('%w', substr(r.created_date, 1, 10))"), sql);
        assertTrue(sql.contains("CASE WHEN json_type(r.data, '$.amount') IN ('integer', 'real') THEN json_extract(r.data, '$.amount') END AS v2"), sql);
        assertTrue(sql.contains("json_object('k0', json(v.v0), 'k1', v.v1, 'k2', COUNT(*), 'k3', TOTAL(v.v2))"), sql);
        assertTrue(sql.contains("GROUP BY v.v0, v.v1"), sql);
        assertTrue(sql.endsWith(" LIMIT ?"), sql);
        assertEquals(List.of("app", 10L, 10L), q.sql().params(), "records, then having (value or element); the caller binds the LIMIT");
        assertEquals(6, q.fetch(), "one more than the limit");
        assertEquals(List.of("agent", "created_date", "count", "sum_amount"), q.rowKeys());
    }

    @Test
    void postgres() throws Exception {
        AggregateQuery q = compile(new PostgresDialect().queries(), Map.of("amount", new Filter.Eq("team", TextNode.valueOf("red"))));
        String sql = q.sql().sql();
        assertTrue(sql.contains("NULLIF((r.data -> 'agent'), 'null'::jsonb) AS v0"), sql);
        assertTrue(sql.contains("to_char(date_trunc('week', CAST(r.created_date AS timestamp)), 'YYYY-MM-DD')"), sql);
        assertTrue(sql.contains("CASE WHEN (") && sql.contains("THEN CASE WHEN jsonb_typeof((r.data -> 'amount')) = 'number'"
                + " THEN CAST((r.data -> 'amount') AS numeric) END END AS v2"), "the field rule guards the value: " + sql);
        assertTrue(sql.contains("jsonb_build_object('k0', v.v0, 'k1', v.v1, 'k2', COUNT(*), 'k3', COALESCE(SUM(v.v2), 0))"), sql);
        assertEquals(List.of("\"red\"", "\"red\"", "app", "10", "10"), q.sql().params(), "the guard's values come first: they sit in the inner SELECT");
        assertFalse(sql.contains("red") || sql.contains("north"), "no value in the SQL text");
    }
}
