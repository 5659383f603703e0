package dev.homebase.server.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.server.query.ScalarFields;
import org.junit.jupiter.api.Test;

/** Which fields take the scalar forms: declared with one scalar type and leading a declared index. */
class IndexedScalarsTest {

    @Test
    void scalarTypedFieldsThatLeadAnIndex() {
        EntitySchema schema = SchemaParser.parse(RelaxedJson.parse("{name:'T', properties:{"
                + "status:{type:'string', enum:['open','done']}, due:{type:'string', format:'date'}, n:{type:['integer','null']},"
                + "amount:{type:'number'}, ok:{type:'boolean'}, tags:{type:'array', items:{type:'string'}}, mixed:{type:['string','number']},"
                + "meta:{type:'object'}, other:{type:'string'}, second:{type:'number'}},"
                + " indexes:[['status','-created_date'], 'due', '-n', 'amount', 'ok', 'tags', 'mixed', 'meta.x', ['other','second'], 'created_date']}"),
                "base44/entities/t.jsonc");
        ScalarFields scalars = IndexedScalars.of(schema);
        for (String field : new String[] {"status", "due", "n", "amount", "ok", "other"}) assertTrue(scalars.contains(field), field);
        // arrays, unions of two scalar types, objects and their paths, fields that only follow in a compound index, built-ins
        for (String field : new String[] {"tags", "mixed", "meta", "meta.x", "second", "created_date"}) {
            assertFalse(scalars.contains(field), field);
        }
        assertEquals(ScalarFields.NONE, IndexedScalars.of(SchemaParser.parse(RelaxedJson.parse(
                "{name:'T', properties:{status:{type:'string'}}}"), "base44/entities/t.jsonc")));
    }
}
