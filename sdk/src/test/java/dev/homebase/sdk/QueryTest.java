package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.homebase.sdk.entities.Query;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryTest {
    @Test
    void equalityIsTheMongoShorthand() {
        assertEquals("{\"status\":\"open\"}", Query.where("status").eq("open").toJson());
        assertEquals("{\"owner\":null}", Query.where("owner").eq(null).toJson());
    }

    @Test
    void operatorsOnOneFieldAreMerged() {
        assertEquals("{\"n\":{\"$gt\":3,\"$lte\":9}}", Query.where("n").gt(3).and("n").lte(9).toJson());
        assertEquals("{\"n\":{\"$eq\":1,\"$ne\":2}}", Query.where("n").eq(1).and("n").ne(2).toJson());
    }

    @Test
    void everyOperator() {
        Query q = Query.where("a").gte(1)
                .and("b").lt(2)
                .and("c").in("x", "y")
                .and("d").nin(1)
                .and("e").exists(false)
                .and("f").regex("^ab", "i")
                .and("g").all("t1", "t2")
                .and("h").size(2)
                .and("i").elemMatch(Map.of("k", 1))
                .and("j").not(Map.of("$gt", 5))
                .and("k").in(List.of(1, 2));
        assertEquals("{\"a\":{\"$gte\":1},\"b\":{\"$lt\":2},\"c\":{\"$in\":[\"x\",\"y\"]},\"d\":{\"$nin\":[1]},"
                + "\"e\":{\"$exists\":false},\"f\":{\"$regex\":\"^ab\",\"$options\":\"i\"},\"g\":{\"$all\":[\"t1\",\"t2\"]},"
                + "\"h\":{\"$size\":2},\"i\":{\"$elemMatch\":{\"k\":1}},\"j\":{\"$not\":{\"$gt\":5}},"
                + "\"k\":{\"$in\":[1,2]}}", q.toJson());
    }

    @Test
    void logicalCombinatorsAcceptQueriesAndPlainMaps() {
        Query q = Query.anyOf(Query.where("owner").eq("ana"), Map.of("shared", true));
        assertEquals("{\"$or\":[{\"owner\":\"ana\"},{\"shared\":true}]}", q.toJson());
        assertEquals("{\"$and\":[{\"a\":1}],\"x\":2}", Query.allOf(Map.of("a", 1)).and("x").eq(2).toJson());
        assertEquals("{\"$nor\":[{\"a\":1}]}", Query.noneOf(Map.of("a", 1)).toJson());
        assertEquals("{}", Query.all().toJson());
        assertEquals("{\"a\":1,\"b\":2}", Query.where("a").eq(1).and(Map.of("b", 2)).toJson());
    }

    @Test
    void aQueryIsAnImmutableMap() {
        Query base = Query.where("a").eq(1);
        Query more = base.and("b").eq(2);
        assertEquals(Map.of("a", 1), base);
        assertEquals(Map.of("a", 1, "b", 2), more);
        assertEquals(Map.of("x", 1), Query.of(Map.of("x", 1)));
        assertThrows(UnsupportedOperationException.class, () -> base.put("c", 3));
        assertThrows(IllegalArgumentException.class, () -> Query.where(" "));
    }
}
