package dev.homebase.server.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class RecordValidatorTest {
    private static final EntitySchema TASK = SchemaParser.parse(RelaxedJson.parse("""
            { name: 'Task', properties: {
                title:  { type: 'string' },
                status: { type: 'string', enum: ['todo', 'doing', 'done'], default: 'todo' },
                count:  { type: 'integer', minimum: 0, maximum: 10 },
                price:  { type: 'number' },
                ratio:  { type: 'number', minimum: 0.5, maximum: 1.5 },
                done:   { type: 'boolean' },
                note:   { type: ['string', 'null'] },
                mixed:  { type: ['string', 'number'] },
                either: { type: ['integer', 'boolean', 'null'] },
                code:   { type: 'string', minLength: 2, maxLength: 4, pattern: '^[A-Z]+$' },
                initial:{ type: 'string', minLength: 1, maxLength: 1 },
                word:   { type: 'string', pattern: '[a-z]' },
                tags:   { type: 'array', items: { type: 'string' } },
                any:    { type: 'array' },
                matrix: { type: 'array', items: { type: 'array', items: { type: 'integer' } } },
                addr:   { type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string' } }, required: ['city'] },
                people: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
                meta:   { type: 'object' },
                blob:   { type: 'binary' },
                labels: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
                multi:  { type: 'array', enum: ['x', 'y'] },
                level:  { type: 'integer', enum: [1, 2, 3] },
                flag:   { type: 'boolean', enum: [true] },
                due:    { type: 'string', format: 'date' },
                at:     { type: 'string', format: 'date-time' },
                clock:  { type: 'string', format: 'time' },
                email:  { type: 'string', format: 'email' },
                site:   { type: 'string', format: 'uri' },
                uid:    { type: 'string', format: 'uuid' },
                ip4:    { type: 'string', format: 'ipv4' },
                ip6:    { type: 'string', format: 'ipv6' },
                host:   { type: 'string', format: 'hostname' },
                rx:     { type: 'string', format: 'regex' },
                rich:   { type: 'string', format: 'richtext' },
                shade:  { type: 'string', format: 'color' },
                size:   { type: 'integer', default: 3 },
                opts:   { type: 'object', default: { dark: true } } },
              required: ['title'] }
            """), "task.jsonc");

    /** The fields every successful create of {@code {title:'a'}} gets from defaults. */
    private static final String DEFAULTS = "status:'todo', size:3, opts:{dark:true}";

    private enum Mode { CREATE, UPDATE }

    /** {@code expected} is the stored JSON, or the exact 422 message when it starts with "Error". */
    private record Case(String name, boolean strict, Mode mode, String body, String expected) {}

    private static final List<Case> CASES = new ArrayList<>();

    private static void lax(String name, Mode mode, String body, String expected) {
        CASES.add(new Case("lax: " + name, false, mode, body, expected));
    }

    private static void strict(String name, Mode mode, String body, String expected) {
        CASES.add(new Case("strict: " + name, true, mode, body, expected));
    }

    private static void both(String name, Mode mode, String body, String expected) {
        lax(name, mode, body, expected);
        strict(name, mode, body, expected);
    }

    static {
        Mode c = Mode.CREATE;
        Mode u = Mode.UPDATE;
        // create processing: drops, defaults, required
        both("minimal body gets defaults", c, "{title:'a'}", "{title:'a', " + DEFAULTS + "}");
        both("drops _id, id, system fields and unknown keys", c,
                "{_id:'x', id:'y', created_date:'2020', created_by:'e', created_by_id:'u', updated_date:'z', is_deleted:true, app_id:'q', bogus:1, title:'a'}",
                "{title:'a', " + DEFAULTS + "}");
        both("given values beat defaults", c, "{title:'a', status:'done', size:7, opts:{}}", "{title:'a', status:'done', size:7, opts:{}}");
        both("explicit null is kept, not defaulted", c, "{title:'a', status:null}", "{title:'a', status:null, size:3, opts:{dark:true}}");
        both("required missing", c, "{status:'todo'}", "Error in field title: Field required");
        both("required null", c, "{title:null}", "Error in field title: Field required");
        both("empty body", c, "{}", "Error in field title: Field required");
        both("fields are checked in schema order", c, "{done:'maybe', price:'x'}", "Error in field title: Field required");
        both("first failure in schema order wins", c, "{title:'a', done:'maybe', price:'x'}", "Error in field price: Input should be a valid number");
        // types and lax coercion
        both("string rejects numbers", c, "{title:5}", "Error in field title: Input should be a valid string");
        both("string rejects booleans", c, "{title:true}", "Error in field title: Input should be a valid string");
        both("string rejects objects", c, "{title:{a:1}}", "Error in field title: Input should be a valid string");
        both("number from string", c, "{title:'a', price:'5'}", "{title:'a', price:5, " + DEFAULTS + "}");
        both("number from decimal string", c, "{title:'a', price:' 5.25 '}", "{title:'a', price:5.25, " + DEFAULTS + "}");
        both("number from exponent string", c, "{title:'a', price:'1e3'}", "{title:'a', price:1000.0, " + DEFAULTS + "}");
        both("number keeps floats", c, "{title:'a', price:5.0}", "{title:'a', price:5.0, " + DEFAULTS + "}");
        both("number rejects words", c, "{title:'a', price:'abc'}", "Error in field price: Input should be a valid number");
        both("number rejects booleans", c, "{title:'a', price:true}", "Error in field price: Input should be a valid number");
        both("number rejects NaN text", c, "{title:'a', price:'NaN'}", "Error in field price: Input should be a valid number");
        both("number rejects empty string", c, "{title:'a', price:''}", "Error in field price: Input should be a valid number");
        both("number rejects arrays", c, "{title:'a', price:[1]}", "Error in field price: Input should be a valid number");
        both("integer from string", c, "{title:'a', count:'5'}", "{title:'a', count:5, " + DEFAULTS + "}");
        both("integer from 5.0", c, "{title:'a', count:5.0}", "{title:'a', count:5, " + DEFAULTS + "}");
        both("integer from '5.0'", c, "{title:'a', count:'5.0'}", "{title:'a', count:5, " + DEFAULTS + "}");
        both("integer rejects fractions", c, "{title:'a', count:5.5}", "Error in field count: Input should be a valid integer");
        both("integer rejects fractional strings", c, "{title:'a', count:'5.5'}", "Error in field count: Input should be a valid integer");
        both("integer rejects words", c, "{title:'a', count:'five'}", "Error in field count: Input should be a valid integer");
        both("integer rejects booleans", c, "{title:'a', count:true}", "Error in field count: Input should be a valid integer");
        both("boolean from 'true'", c, "{title:'a', done:'true'}", "{title:'a', done:true, " + DEFAULTS + "}");
        both("boolean from 'No'", c, "{title:'a', done:'No'}", "{title:'a', done:false, " + DEFAULTS + "}");
        both("boolean from '1'", c, "{title:'a', done:'1'}", "{title:'a', done:true, " + DEFAULTS + "}");
        both("boolean from 'off'", c, "{title:'a', done:'off'}", "{title:'a', done:false, " + DEFAULTS + "}");
        both("boolean rejects other words", c, "{title:'a', done:'maybe'}", "Error in field done: Input should be a valid boolean");
        both("boolean rejects numbers", c, "{title:'a', done:1}", "Error in field done: Input should be a valid boolean");
        both("binary is a string", c, "{title:'a', blob:'aGVsbG8='}", "{title:'a', blob:'aGVsbG8=', " + DEFAULTS + "}");
        both("binary rejects numbers", c, "{title:'a', blob:5}", "Error in field blob: Input should be a valid string");
        // null
        both("null on optional fields", c, "{title:'a', price:null, tags:null, addr:null, code:null, status:null}",
                "{title:'a', price:null, tags:null, addr:null, code:null, status:null, size:3, opts:{dark:true}}");
        both("nullable union takes null", c, "{title:'a', note:null}", "{title:'a', note:null, " + DEFAULTS + "}");
        both("nullable union message", c, "{title:'a', note:5}", "Error in field note: Input should be a valid string or null");
        both("three-way union message", c, "{title:'a', either:'x'}", "Error in field either: Input should be a valid integer, boolean or null");
        both("union prefers exact type", c, "{title:'a', mixed:'5'}", "{title:'a', mixed:'5', " + DEFAULTS + "}");
        both("union takes numbers", c, "{title:'a', mixed:5}", "{title:'a', mixed:5, " + DEFAULTS + "}");
        both("union coerces in order", c, "{title:'a', either:'true'}", "{title:'a', either:true, " + DEFAULTS + "}");
        both("union coerces numbers first when listed first", c, "{title:'a', either:'1'}", "{title:'a', either:1, " + DEFAULTS + "}");
        both("union message", c, "{title:'a', mixed:true}", "Error in field mixed: Input should be a valid string or number");
        // arrays
        both("array of strings", c, "{title:'a', tags:['x', 'y']}", "{title:'a', tags:['x', 'y'], " + DEFAULTS + "}");
        both("array element path", c, "{title:'a', tags:['x', 2]}", "Error in field tags[1]: Input should be a valid string");
        both("array element null", c, "{title:'a', tags:[null]}", "Error in field tags[0]: Input should be a valid string");
        both("array rejects a string", c, "{title:'a', tags:'x'}", "Error in field tags: Input should be a valid array");
        both("array without items takes anything", c, "{title:'a', any:[1, 'x', null, {a:1}]}", "{title:'a', any:[1, 'x', null, {a:1}], " + DEFAULTS + "}");
        both("nested arrays coerce", c, "{title:'a', matrix:[[1], ['2', 3.0]]}", "{title:'a', matrix:[[1], [2, 3]], " + DEFAULTS + "}");
        both("nested array path", c, "{title:'a', matrix:[[1], [2, 'x']]}", "Error in field matrix[1][1]: Input should be a valid integer");
        both("array of objects required", c, "{title:'a', people:[{name:'p'}, {}]}", "Error in field people[1].name: Field required");
        both("array of objects type", c, "{title:'a', people:[{name:7}]}", "Error in field people[0].name: Input should be a valid string");
        both("array of objects", c, "{title:'a', people:[{name:'p', extra:1}]}", "{title:'a', people:[{name:'p', extra:1}], " + DEFAULTS + "}");
        // objects
        both("object nested required", c, "{title:'a', addr:{zip:'1'}}", "Error in field addr.city: Field required");
        both("object nested required null", c, "{title:'a', addr:{city:null}}", "Error in field addr.city: Field required");
        both("object nested type", c, "{title:'a', addr:{city:5}}", "Error in field addr.city: Input should be a valid string");
        both("object nested optional null", c, "{title:'a', addr:{city:'c', zip:null}}", "{title:'a', addr:{city:'c', zip:null}, " + DEFAULTS + "}");
        both("object keeps undeclared members", c, "{title:'a', addr:{city:'c', extra:[1]}}", "{title:'a', addr:{city:'c', extra:[1]}, " + DEFAULTS + "}");
        both("object rejects a string", c, "{title:'a', addr:'x'}", "Error in field addr: Input should be a valid object");
        both("object rejects an array", c, "{title:'a', meta:[]}", "Error in field meta: Input should be a valid object");
        both("free-form object", c, "{title:'a', meta:{deep:{x:[1]}}}", "{title:'a', meta:{deep:{x:[1]}}, " + DEFAULTS + "}");
        // lax mode ignores the strict keywords
        lax("enum not enforced", c, "{title:'a', status:'weird'}", "{title:'a', status:'weird', size:3, opts:{dark:true}}");
        lax("range not enforced", c, "{title:'a', count:99, ratio:0}", "{title:'a', count:99, ratio:0, " + DEFAULTS + "}");
        lax("lengths and pattern not enforced", c, "{title:'a', code:'toolong', initial:''}", "{title:'a', code:'toolong', initial:'', " + DEFAULTS + "}");
        lax("formats not enforced", c, "{title:'a', due:'soon', email:'nope'}", "{title:'a', due:'soon', email:'nope', " + DEFAULTS + "}");
        // strict mode
        strict("enum", c, "{title:'a', status:'weird'}", "Error in field status: Input should be 'todo', 'doing' or 'done'");
        strict("enum accepts members", c, "{title:'a', status:'doing'}", "{title:'a', status:'doing', size:3, opts:{dark:true}}");
        strict("enum of numbers after coercion", c, "{title:'a', level:'2'}", "{title:'a', level:2, " + DEFAULTS + "}");
        strict("enum of numbers compares values", c, "{title:'a', level:3.0}", "{title:'a', level:3, " + DEFAULTS + "}");
        strict("enum of numbers message", c, "{title:'a', level:4}", "Error in field level: Input should be 1, 2 or 3");
        strict("enum with one value", c, "{title:'a', flag:false}", "Error in field flag: Input should be true");
        strict("enum on items", c, "{title:'a', labels:['a', 'c']}", "Error in field labels[1]: Input should be 'a' or 'b'");
        strict("enum on an array field checks elements", c, "{title:'a', multi:['x', 'z']}", "Error in field multi[1]: Input should be 'x' or 'y'");
        strict("enum on an array field passes", c, "{title:'a', multi:['y', 'x']}", "{title:'a', multi:['y', 'x'], " + DEFAULTS + "}");
        strict("null skips enum on optional fields", c, "{title:'a', status:null}", "{title:'a', status:null, size:3, opts:{dark:true}}");
        strict("minimum", c, "{title:'a', count:-1}", "Error in field count: Input should be greater than or equal to 0");
        strict("maximum", c, "{title:'a', count:11}", "Error in field count: Input should be less than or equal to 10");
        strict("maximum after coercion", c, "{title:'a', count:'11'}", "Error in field count: Input should be less than or equal to 10");
        strict("decimal minimum", c, "{title:'a', ratio:0.4}", "Error in field ratio: Input should be greater than or equal to 0.5");
        strict("decimal maximum", c, "{title:'a', ratio:'1.6'}", "Error in field ratio: Input should be less than or equal to 1.5");
        strict("range bounds are inclusive", c, "{title:'a', count:10, ratio:0.5}", "{title:'a', count:10, ratio:0.5, " + DEFAULTS + "}");
        strict("minLength", c, "{title:'a', code:'A'}", "Error in field code: String should have at least 2 characters");
        strict("maxLength", c, "{title:'a', code:'ABCDE'}", "Error in field code: String should have at most 4 characters");
        strict("minLength of one", c, "{title:'a', initial:''}", "Error in field initial: String should have at least 1 character");
        strict("maxLength of one", c, "{title:'a', initial:'ab'}", "Error in field initial: String should have at most 1 character");
        strict("lengths count code points", c, "{title:'a', initial:'\uD83D\uDE00'}", "{title:'a', initial:'\uD83D\uDE00', " + DEFAULTS + "}");
        strict("pattern", c, "{title:'a', code:'ab'}", "Error in field code: String should match pattern '^[A-Z]+$'");
        strict("pattern is searched, not anchored", c, "{title:'a', word:'ABc1'}", "{title:'a', word:'ABc1', " + DEFAULTS + "}");
        strict("unanchored pattern can fail", c, "{title:'a', word:'ABC'}", "Error in field word: String should match pattern '[a-z]'");
        strict("date", c, "{title:'a', due:'2025-13-01'}", "Error in field due: Input should be a valid date");
        strict("date-time", c, "{title:'a', at:'yesterday'}", "Error in field at: Input should be a valid datetime");
        strict("time", c, "{title:'a', clock:'25:00'}", "Error in field clock: Input should be a valid time");
        strict("email", c, "{title:'a', email:'a@b'}", "Error in field email: Input should be a valid email address");
        strict("uri", c, "{title:'a', site:'/relative/path'}", "Error in field site: Input should be a valid URL");
        strict("uuid", c, "{title:'a', uid:'1234'}", "Error in field uid: Input should be a valid UUID");
        strict("ipv4", c, "{title:'a', ip4:'256.1.1.1'}", "Error in field ip4: Input should be a valid IPv4 address");
        strict("ipv6", c, "{title:'a', ip6:'1::2::3'}", "Error in field ip6: Input should be a valid IPv6 address");
        strict("hostname", c, "{title:'a', host:'-bad-.com'}", "Error in field host: Input should be a valid hostname");
        strict("regex", c, "{title:'a', rx:'[a-'}", "Error in field rx: Input should be a valid regular expression");
        strict("valid formats", c,
                "{title:'a', due:'2025-01-15', at:'2025-01-15T10:30:00.123000', clock:'10:30', email:'ann@example.com', site:'https://x.io/a?b=1', "
                        + "uid:'123e4567-e89b-12d3-a456-426614174000', ip4:'10.0.0.1', ip6:'::1', host:'api.example.com', rx:'^a+$'}",
                "{title:'a', due:'2025-01-15', at:'2025-01-15T10:30:00.123000', clock:'10:30', email:'ann@example.com', site:'https://x.io/a?b=1', "
                        + "uid:'123e4567-e89b-12d3-a456-426614174000', ip4:'10.0.0.1', ip6:'::1', host:'api.example.com', rx:'^a+$', " + DEFAULTS + "}");
        strict("unknown formats are hints", c, "{title:'a', rich:'<b>hi</b>', shade:'not a colour'}",
                "{title:'a', rich:'<b>hi</b>', shade:'not a colour', " + DEFAULTS + "}");
        strict("type errors come before constraints", c, "{title:'a', count:'x'}", "Error in field count: Input should be a valid integer");
        // update
        both("update keeps only provided declared fields", u, "{price:'5', id:'x', created_date:'d', _id:'y', bogus:1}", "{price:5}");
        both("update applies no defaults and no required check", u, "{}", "{}");
        both("update validates types", u, "{tags:[1]}", "Error in field tags[0]: Input should be a valid string");
        both("update cannot null a required field", u, "{title:null}", "Error in field title: Input should be a valid string");
        both("update may null optional fields", u, "{price:null, note:null}", "{price:null, note:null}");
        both("update checks nested required in a replaced object", u, "{addr:{zip:'1'}}", "Error in field addr.city: Field required");
        lax("update ignores enum", u, "{status:'weird'}", "{status:'weird'}");
        strict("update enforces enum", u, "{status:'weird'}", "Error in field status: Input should be 'todo', 'doing' or 'done'");
        strict("update enforces range", u, "{count:100}", "Error in field count: Input should be less than or equal to 10");
    }

    @TestFactory
    Stream<DynamicTest> validatesInBothModes() {
        return CASES.stream().map(test -> DynamicTest.dynamicTest(test.name(), () -> {
            RecordValidator validator = new RecordValidator(test.strict());
            ObjectNode body = (ObjectNode) RelaxedJson.parse(test.body());
            ObjectNode before = body.deepCopy();
            if (test.expected().startsWith("Error")) {
                ValidationException e = assertThrows(ValidationException.class, () -> run(validator, test.mode(), body));
                assertEquals(test.expected(), e.getMessage());
            } else {
                assertEquals(RelaxedJson.parse(test.expected()), run(validator, test.mode(), body));
            }
            assertEquals(before, body, "input must not be mutated");
        }));
    }

    private static ObjectNode run(RecordValidator validator, Mode mode, ObjectNode body) {
        return mode == Mode.CREATE ? validator.forCreate(TASK, body) : validator.forUpdate(TASK, body);
    }

    @Test
    void exceptionCarriesFieldAndProblem() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> new RecordValidator(false).forCreate(TASK, (ObjectNode) RelaxedJson.parse("{title:'a', tags:[1]}")));
        assertEquals("tags[0]", e.field());
        assertEquals("Input should be a valid string", e.problem());
    }

    @Test
    void defaultsAreDeepCopies() {
        RecordValidator validator = new RecordValidator(false);
        ObjectNode first = validator.forCreate(TASK, (ObjectNode) RelaxedJson.parse("{title:'a'}"));
        ((ObjectNode) first.get("opts")).put("dark", false);
        ObjectNode second = validator.forCreate(TASK, (ObjectNode) RelaxedJson.parse("{title:'a'}"));
        assertTrue(second.get("opts").get("dark").booleanValue());
        assertTrue(TASK.field("opts").orElseThrow().defaultValue().get("dark").booleanValue());
    }

    @Test
    void outputSharesNoNodesWithTheInput() {
        ObjectNode body = (ObjectNode) RelaxedJson.parse("{title:'a', tags:['x'], meta:{k:[1]}, people:[{name:'p'}]}");
        ObjectNode out = new RecordValidator(true).forCreate(TASK, body);
        assertNotSame(body.get("tags"), out.get("tags"));
        assertNotSame(body.get("meta"), out.get("meta"));
        ((ArrayNode) out.get("meta").get("k")).add(2);
        ((ObjectNode) out.get("people").get(0)).put("name", "changed");
        assertEquals(1, body.get("meta").get("k").size());
        assertEquals("p", body.get("people").get(0).get("name").asText());
    }

    @Test
    void coercedNumbersHaveNumericNodeTypes() {
        ObjectNode out = new RecordValidator(false).forCreate(TASK,
                (ObjectNode) RelaxedJson.parse("{title:'a', count:'7', price:'7', ratio:'0.75', done:'yes'}"));
        JsonNode count = out.get("count");
        assertTrue(count.isIntegralNumber());
        assertTrue(out.get("price").isNumber());
        assertTrue(out.get("ratio").isDouble());
        assertTrue(out.get("done").isBoolean());
        assertFalse(out.has("id"));
    }

    @Test
    void bigIntegersStayExact() {
        ObjectNode out = new RecordValidator(false).forUpdate(TASK,
                (ObjectNode) RelaxedJson.parse("{count:'123456789012345678901234567890'}"));
        assertEquals("123456789012345678901234567890", out.get("count").bigIntegerValue().toString());
    }

    @Test
    void strictFlagIsReported() {
        assertTrue(new RecordValidator(true).strict());
        assertFalse(new RecordValidator(false).strict());
    }
}
