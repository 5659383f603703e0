package dev.homebase.server.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Homebase {@code "indexes"} schema key. */
class SchemaIndexDeclarationTest {
    private static final String SRC = "base44/entities/t.jsonc";
    private static final String PROPS = "properties:{status:{type:'string'}, meta:{type:'object'}}";

    @Test
    void readsFieldsPathsAndCompoundLists() {
        EntitySchema schema = SchemaParser.parse(RelaxedJson.parse(
                "{name:'T', " + PROPS + ", indexes:['status', 'meta.priority', ['status', '-created_date'], '-updated_date', 'status']}"), SRC);
        assertEquals(List.of(List.of("status"), List.of("meta.priority"), List.of("status", "-created_date"), List.of("-updated_date")),
                schema.indexes());
        assertEquals(List.of(), SchemaParser.parse(RelaxedJson.parse("{name:'T', " + PROPS + "}"), SRC).indexes());
        assertEquals(List.of(), SchemaParser.parse(RelaxedJson.parse("{name:'T', " + PROPS + ", indexes:null}"), SRC).indexes());
    }

    @Test
    void badDeclarationsNameTheFileAndTheEntry() {
        assertBad("indexes:'status'", "\"indexes\" must be an array of field names or arrays of field names");
        assertBad("indexes:[5]", "\"indexes\"[0] must be a field name or an array of field names, got 5");
        assertBad("indexes:[[]]", "\"indexes\"[0] must name at least one field");
        assertBad("indexes:[['status', 1]]", "\"indexes\"[0][1] must be a string, got 1");
        assertBad("indexes:['status', 'nope']", "\"indexes\"[1]: \"nope\" is not a property of this entity or an indexable built-in field");
        assertBad("indexes:[\"x'); DROP TABLE records; --\"]",
                "\"indexes\"[0]: \"x'); DROP TABLE records; --\" is not a valid field path (letters, digits, underscores, dots)");
        assertBad("indexes:['status.']", "\"indexes\"[0]: \"status.\" is not a valid field path (letters, digits, underscores, dots)");
        assertBad("indexes:['created_date.x']", "\"indexes\"[0]: built-in field \"created_date\" has no sub-fields");
        assertBad("indexes:['app_id']", "\"indexes\"[0]: \"app_id\" is not a property of this entity or an indexable built-in field");
        assertBad("indexes:[['status', '-status']]", "\"indexes\"[0] names \"-status\" twice");
        assertBad("indexes:[['status','status','status','status','status','status','status','status','status']]",
                "\"indexes\"[0] may have at most 8 fields");
    }

    private static void assertBad(String indexes, String problem) {
        SchemaException e = assertThrows(SchemaException.class,
                () -> SchemaParser.parse(RelaxedJson.parse("{name:'T', " + PROPS + ", " + indexes + "}"), SRC));
        assertEquals(SRC + ": " + problem, e.getMessage());
    }
}
