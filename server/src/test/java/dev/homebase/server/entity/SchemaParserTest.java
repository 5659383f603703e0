package dev.homebase.server.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SchemaParserTest {
    private static final String SRC = "base44/entities/t.jsonc";

    private record Bad(String name, String schema, String problem) {}

    /** Every schema error, with its exact message (without the "<source>: " prefix). */
    private static final List<Bad> ERRORS = List.of(
            new Bad("not an object", "[1]", "an entity schema must be a JSON object"),
            new Bad("name missing", "{properties:{}}", "\"name\" is required"),
            new Bad("name null", "{name:null}", "\"name\" is required"),
            new Bad("name not a string", "{name:5}", "\"name\" must be a string"),
            new Bad("name with dash", "{name:'my-task'}", "\"name\" must match ^\\w+$ (letters, digits, underscore), got \"my-task\""),
            new Bad("name empty", "{name:''}", "\"name\" must match ^\\w+$ (letters, digits, underscore), got \"\""),
            new Bad("type not object", "{name:'T', type:'array'}", "\"type\" must be \"object\", got \"array\""),
            new Bad("type not a string", "{name:'T', type:['object']}", "\"type\" must be \"object\", got [\"object\"]"),
            new Bad("wrapped in schema", "{name:'T', schema:{type:'object', properties:{}}}",
                    "\"properties\" must be at the top level, not wrapped in \"schema\""),
            new Bad("properties not an object", "{name:'T', properties:[]}", "\"properties\" must be an object"),
            new Bad("property not an object", "{name:'T', properties:{a:'string'}}", "property \"a\" must be an object (a property definition)"),
            new Bad("type missing", "{name:'T', properties:{a:{description:'x'}}}", "property \"a\": \"type\" is required"),
            new Bad("type a number", "{name:'T', properties:{a:{type:5}}}", "property \"a\": \"type\" must be a string or a non-empty array of strings"),
            new Bad("type empty union", "{name:'T', properties:{a:{type:[]}}}", "property \"a\": \"type\" must be a string or a non-empty array of strings"),
            new Bad("union with a number", "{name:'T', properties:{a:{type:['string',1]}}}",
                    "property \"a\": \"type\" must be a string or a non-empty array of strings"),
            new Bad("unsupported type", "{name:'T', properties:{a:{type:'date'}}}",
                    "property \"a\": unsupported type \"date\" (use string, number, integer, boolean, array, object, null or binary)"),
            new Bad("unsupported union member", "{name:'T', properties:{a:{type:['string','text']}}}",
                    "property \"a\": unsupported type \"text\" (use string, number, integer, boolean, array, object, null or binary)"),
            new Bad("type is case-sensitive", "{name:'T', properties:{a:{type:'String'}}}",
                    "property \"a\": unsupported type \"String\" (use string, number, integer, boolean, array, object, null or binary)"),
            new Bad("items not an object", "{name:'T', properties:{tags:{type:'array', items:'string'}}}",
                    "property \"tags\": \"items\" must be an object (a property definition)"),
            new Bad("bad items type", "{name:'T', properties:{tags:{type:'array', items:{type:'str'}}}}",
                    "property \"tags[]\": unsupported type \"str\" (use string, number, integer, boolean, array, object, null or binary)"),
            new Bad("nested properties not an object", "{name:'T', properties:{addr:{type:'object', properties:5}}}",
                    "property \"addr\": \"properties\" must be an object"),
            new Bad("bad nested property", "{name:'T', properties:{addr:{type:'object', properties:{city:{}}}}}",
                    "property \"addr.city\": \"type\" is required"),
            new Bad("deep path", "{name:'T', properties:{a:{type:'array', items:{type:'object', properties:{b:{type:'x'}}}}}}",
                    "property \"a[].b\": unsupported type \"x\" (use string, number, integer, boolean, array, object, null or binary)"),
            new Bad("required not an array", "{name:'T', properties:{a:{type:'string'}}, required:'a'}",
                    "\"required\" must be an array of strings"),
            new Bad("required with a number", "{name:'T', properties:{a:{type:'string'}}, required:[1]}",
                    "\"required\" must be an array of strings"),
            new Bad("required names unknown field", "{name:'T', properties:{a:{type:'string'}}, required:['b']}",
                    "\"required\" names undeclared property \"b\""),
            new Bad("nested required unknown", "{name:'T', properties:{addr:{type:'object', properties:{city:{type:'string'}}, required:['zip']}}}",
                    "property \"addr\": \"required\" names undeclared property \"zip\""),
            new Bad("nested required not an array", "{name:'T', properties:{addr:{type:'object', properties:{}, required:true}}}",
                    "property \"addr\": \"required\" must be an array of strings"),
            new Bad("nested required without properties", "{name:'T', properties:{addr:{type:'object', required:['zip']}}}",
                    "property \"addr\": \"required\" needs \"properties\" to name"),
            new Bad("enum not an array", "{name:'T', properties:{s:{type:'string', enum:'a'}}}", "property \"s\": \"enum\" must be an array"),
            new Bad("format not a string", "{name:'T', properties:{s:{type:'string', format:1}}}", "property \"s\": \"format\" must be a string"),
            new Bad("minLength negative", "{name:'T', properties:{s:{type:'string', minLength:-1}}}",
                    "property \"s\": \"minLength\" must be a non-negative integer"),
            new Bad("maxLength fractional", "{name:'T', properties:{s:{type:'string', maxLength:1.5}}}",
                    "property \"s\": \"maxLength\" must be a non-negative integer"),
            new Bad("maxLength a string", "{name:'T', properties:{s:{type:'string', maxLength:'5'}}}",
                    "property \"s\": \"maxLength\" must be a non-negative integer"),
            new Bad("pattern not a string", "{name:'T', properties:{s:{type:'string', pattern:5}}}", "property \"s\": \"pattern\" must be a string"),
            new Bad("pattern does not compile", "{name:'T', properties:{s:{type:'string', pattern:'[a-'}}}",
                    "property \"s\": \"pattern\" is not a valid regular expression: Illegal character range near index 3"),
            new Bad("minimum not a number", "{name:'T', properties:{n:{type:'number', minimum:'0'}}}", "property \"n\": \"minimum\" must be a number"),
            new Bad("maximum not a number", "{name:'T', properties:{n:{type:'number', maximum:true}}}", "property \"n\": \"maximum\" must be a number"),
            new Bad("field rls not an object", "{name:'T', properties:{n:{type:'number', rls:true}}}", "property \"n\": \"rls\" must be an object"),
            new Bad("entity rls not an object", "{name:'T', properties:{}, rls:'admins'}", "\"rls\" must be an object"),
            new Bad("entity rls an array", "{name:'T', rls:[]}", "\"rls\" must be an object"),
            new Bad("default of the wrong type", "{name:'T', properties:{n:{type:'integer', default:'many'}}}",
                    "property \"n\": \"default\" is not valid: Input should be a valid integer"),
            new Bad("default number for a string", "{name:'T', properties:{s:{type:'string', default:5}}}",
                    "property \"s\": \"default\" is not valid: Input should be a valid string"),
            new Bad("default with a bad element", "{name:'T', properties:{tags:{type:'array', items:{type:'string'}, default:['a', 1]}}}",
                    "property \"tags\": \"default\" is not valid at tags[1]: Input should be a valid string"),
            new Bad("default object missing nested required", "{name:'T', properties:{a:{type:'object', properties:{c:{type:'string'}}, required:['c'], default:{}}}}",
                    "property \"a\": \"default\" is not valid at a.c: Field required"),
            new Bad("null default on a required field", "{name:'T', properties:{s:{type:'string', default:null}}, required:['s']}",
                    "property \"s\": \"default\" is not valid: Input should be a valid string"),
            new Bad("nested default of the wrong type", "{name:'T', properties:{a:{type:'object', properties:{n:{type:'boolean', default:'perhaps'}}}}}",
                    "property \"a.n\": \"default\" is not valid: Input should be a valid boolean"));

    @TestFactory
    Stream<DynamicTest> everySchemaErrorHasItsMessage() {
        return ERRORS.stream().map(bad -> DynamicTest.dynamicTest(bad.name(), () -> {
            SchemaException e = assertThrows(SchemaException.class, () -> SchemaParser.parse(RelaxedJson.parse(bad.schema()), SRC));
            assertEquals(SRC + ": " + bad.problem(), e.getMessage());
        }));
    }

    @Test
    void strictProjectsAlsoCheckDefaultsAgainstConstraints() {
        JsonNode json = RelaxedJson.parse("{name:'T', properties:{s:{type:'string', enum:['todo','done'], default:'later'}}}");
        assertEquals("later", SchemaParser.parse(json, SRC).field("s").orElseThrow().defaultValue().asText());
        assertEquals("later", SchemaParser.parse(json, SRC, false).field("s").orElseThrow().defaultValue().asText());
        SchemaException e = assertThrows(SchemaException.class, () -> SchemaParser.parse(json, SRC, true));
        assertEquals(SRC + ": property \"s\": \"default\" is not valid: Input should be 'todo' or 'done'", e.getMessage());
        JsonNode range = RelaxedJson.parse("{name:'T', properties:{n:{type:'integer', minimum:1, default:0}}}");
        SchemaException low = assertThrows(SchemaException.class, () -> SchemaParser.parse(range, SRC, true));
        assertEquals(SRC + ": property \"n\": \"default\" is not valid: Input should be greater than or equal to 1", low.getMessage());
    }

    @Test
    void nullSchemaIsAnError() {
        SchemaException e = assertThrows(SchemaException.class, () -> SchemaParser.parse(null, SRC));
        assertEquals(SRC + ": an entity schema must be a JSON object", e.getMessage());
    }

    @Test
    void parsesTheContractExample() {
        EntitySchema task = SchemaParser.parse(RelaxedJson.parse("""
                { name: 'Task', type: 'object',
                  properties: {
                    title:    { type: 'string' },
                    status:   { type: 'string', enum: ['todo','done'], default: 'todo' },
                    due_date: { type: 'string', format: 'date' },
                    labels:   { type: 'array', items: { type: 'string' } },
                    salary:   { type: 'number', rls: { read: { user_condition: { role: 'hr' } } } } },
                  required: ['title'],
                  rls: { create: true, update: { created_by: '{{user.email}}' } } }
                """), SRC);
        assertEquals("Task", task.name());
        assertEquals(List.of("title", "status", "due_date", "labels", "salary"), List.copyOf(task.fields().keySet()));
        assertEquals(List.of("title"), task.required());
        assertTrue(task.isRequired("title"));
        assertFalse(task.isRequired("status"));
        assertTrue(task.hasField("labels"));
        assertFalse(task.hasField("id"));
        assertTrue(task.rls().path("create").asBoolean());
        FieldDef status = task.field("status").orElseThrow();
        assertEquals(List.of(FieldType.STRING), status.types());
        assertEquals("todo", status.defaultValue().asText());
        assertEquals(2, status.enumValues().size());
        assertNull(status.rls());
        assertEquals("date", task.field("due_date").orElseThrow().format());
        assertEquals(List.of(FieldType.STRING), task.field("labels").orElseThrow().items().types());
        assertEquals("hr", task.field("salary").orElseThrow().rls().path("read").path("user_condition").path("role").asText());
        assertTrue(task.field("nope").isEmpty());
    }

    @Test
    void readsConstraintsUnionsAndNestedObjects() {
        EntitySchema schema = SchemaParser.parse(RelaxedJson.parse("""
                { name: 'Thing_2',
                  properties: {
                    note: { type: ['string', 'null'], title: 'Note', custom: 'kept' },
                    code: { type: 'string', minLength: 2, maxLength: 4.0, pattern: '^[A-Z]+$' },
                    n:    { type: 'number', minimum: 0.5, maximum: 10 },
                    file: { type: 'binary' },
                    addr: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }
                """), SRC);
        FieldDef note = schema.field("note").orElseThrow();
        assertEquals(List.of(FieldType.STRING, FieldType.NULL), note.types());
        assertTrue(note.allows(FieldType.NULL));
        assertEquals("kept", note.definition().path("custom").asText());
        FieldDef code = schema.field("code").orElseThrow();
        assertEquals(2, code.minLength());
        assertEquals(4, code.maxLength());
        assertEquals("^[A-Z]+$", code.pattern().pattern());
        FieldDef n = schema.field("n").orElseThrow();
        assertEquals(new BigDecimal("0.5"), n.minimum());
        assertEquals(0, n.maximum().compareTo(BigDecimal.TEN));
        assertEquals(List.of(FieldType.BINARY), schema.field("file").orElseThrow().types());
        FieldDef addr = schema.field("addr").orElseThrow();
        assertEquals(List.of("city"), addr.required());
        assertTrue(addr.field("city").isPresent());
        assertTrue(schema.required().isEmpty());
        assertNull(schema.rls());
    }

    @Test
    void defaultsAreStoredCoercedAndNullDefaultsAreKept() {
        EntitySchema schema = SchemaParser.parse(RelaxedJson.parse("""
                { name: 'T', properties: {
                    n: { type: 'integer', default: '5' },
                    b: { type: 'boolean', default: 'yes' },
                    s: { type: 'string', default: null },
                    plain: { type: 'string' } } }
                """), SRC);
        JsonNode n = schema.field("n").orElseThrow().defaultValue();
        assertTrue(n.isInt());
        assertEquals(5, n.intValue());
        assertTrue(schema.field("b").orElseThrow().defaultValue().booleanValue());
        assertTrue(schema.field("s").orElseThrow().hasDefault());
        assertTrue(schema.field("s").orElseThrow().defaultValue().isNull());
        assertFalse(schema.field("plain").orElseThrow().hasDefault());
    }

    @Test
    void minimalSchemasAndNullKeysAreAccepted() {
        EntitySchema bare = SchemaParser.parse(RelaxedJson.parse("{name:'Note', title:'A note', extra:{any:1}}"), SRC);
        assertTrue(bare.fields().isEmpty());
        EntitySchema nulls = SchemaParser.parse(RelaxedJson.parse(
                "{name:'N', type:null, properties:{a:{type:'string', enum:null, format:null, rls:null, items:null}}, required:null, rls:null}"), SRC);
        FieldDef a = nulls.field("a").orElseThrow();
        assertTrue(a.enumValues().isEmpty());
        assertNull(a.format());
        assertNull(a.rls());
        assertNull(nulls.rls());
    }

    @Test
    void parsedSchemaDoesNotShareNodesWithTheInput() {
        JsonNode json = RelaxedJson.parse("{name:'T', properties:{a:{type:'string', rls:{read:true}}}, rls:{read:true}}");
        EntitySchema schema = SchemaParser.parse(json, SRC);
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("rls")).put("read", false);
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.path("properties").path("a").get("rls")).put("read", false);
        assertTrue(schema.rls().path("read").asBoolean());
        assertTrue(schema.field("a").orElseThrow().rls().path("read").asBoolean());
    }

    /**
     * Schemas synced from the hosted platform declare built-in fields (as five of a real app's did):
     * they load, the declarations are dropped with one WARN line naming the file, and names the
     * platform does not use for records' own metadata are ordinary fields.
     */
    @Test
    void declaredBuiltInFieldsAreIgnoredWithOneWarning() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(SchemaParser.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events = new ch.qos.logback.core.read.ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            EntitySchema schema = SchemaParser.parse(RelaxedJson.parse("""
                    { name: 'ActivityLog', type: 'object',
                      properties: {
                        entity_name: { type: 'string' }, app_id: { type: 'string' }, environment: { type: 'string' },
                        deleted_date: { type: 'string', format: 'date-time' }, action: { type: 'string' },
                        is_deleted: { type: 'boolean', default: false }, created_by: { type: 'string' },
                        id: { type: 'string' }, created_date: { type: 'string' }, created_by_id: { type: 'string' },
                        updated_date: { type: 'string' }, is_sample: { type: 'boolean' }, _id: { type: 'string' } },
                      required: ['entity_name', 'created_by', 'is_deleted'] }"""), SRC);
            assertEquals(List.of("entity_name", "app_id", "environment", "deleted_date", "action"), List.copyOf(schema.fields().keySet()));
            assertEquals(List.of("entity_name"), schema.required());
            List<String> warnings = events.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
            assertEquals(1, warnings.size(), warnings.toString());
            assertEquals(SRC + ": ignoring the declaration of built-in field(s) is_deleted, created_by, id, created_date, created_by_id,"
                    + " updated_date, is_sample, _id: the platform sets them", warnings.getFirst());
            assertEquals(ch.qos.logback.classic.Level.WARN, events.list.getFirst().getLevel());
        } finally {
            logger.detachAppender(events);
        }
    }
}
