package dev.homebase.sdk.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared JSON helpers around one Jackson mapper. Thread-safe. */
public final class Json {

    /** The SDK's own mapper: lenient on unknown properties, omits null POJO properties. */
    public static final ObjectMapper MAPPER = newDefaultMapper();

    /**
     * The default mapper for typed records and request bodies ({@link #newRecordMapper()}), used
     * when the configuration names none.
     */
    public static final ObjectMapper RECORDS = newRecordMapper();

    /**
     * The default mapper for bodies of the caller's own shape (function and integration inputs
     * and answers): {@link #RECORDS} without the snake_case naming.
     */
    public static final ObjectMapper FREEFORM = newRecordMapper().setPropertyNamingStrategy(null);

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private Json() {
    }

    /**
     * Creates the default mapper used for typed records when the caller configured none.
     *
     * @return a new mapper
     */
    public static ObjectMapper newDefaultMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
        // Null POJO properties (e.g. a record's unset id) are omitted; explicit nulls in maps
        // are kept, because apps clear fields by sending null.
        mapper.setDefaultPropertyInclusion(
                JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS));
        return mapper;
    }

    /**
     * Creates the mapper for typed records: the default mapper plus
     * <ul>
     *   <li>snake_case field names for camelCase properties and record components
     *       ({@code createdDate} is {@code created_date}; an explicit {@code @JsonProperty} name
     *       wins; map keys are never renamed);</li>
     *   <li>{@code java.time}: {@code Instant}, {@code OffsetDateTime}, {@code LocalDateTime},
     *       {@code LocalDate} and the rest of the Java time module, written as ISO-8601 text and
     *       read from the platform's naive-UTC timestamps (see {@link PlatformTimes});</li>
     *   <li>{@code Optional} and the other JDK 8 types (an empty {@code Optional} is left out of a
     *       request body, like null).</li>
     * </ul>
     *
     * @return a new mapper
     */
    public static ObjectMapper newRecordMapper() {
        ObjectMapper mapper = newDefaultMapper();
        mapper.registerModule(new Jdk8Module());
        mapper.registerModule(new JavaTimeModule());
        mapper.registerModule(PlatformTimes.module());
        mapper.configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false);
        mapper.configure(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS, false);
        mapper.configure(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE, false);
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.setDefaultPropertyInclusion(
                JsonInclude.Value.construct(JsonInclude.Include.NON_ABSENT, JsonInclude.Include.ALWAYS));
        return mapper;
    }

    /**
     * Serialises a value to a JSON string with the given mapper.
     *
     * @param mapper the mapper
     * @param value  the value
     * @return JSON text
     */
    public static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise " + value.getClass().getName() + " to JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Serialises a value with the SDK mapper.
     *
     * @param value the value
     * @return JSON text
     */
    public static String write(Object value) {
        return write(MAPPER, value);
    }

    /**
     * Converts a node to a {@code Map}; {@code null} for a missing or null node.
     *
     * @param node the node
     * @return the map or null
     */
    public static Map<String, Object> toMap(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            throw new dev.homebase.sdk.Base44Exception("Expected a JSON object in the response but got "
                    + node.getNodeType(), 200, "INVALID_RESPONSE", node, null);
        }
        return MAPPER.convertValue(node, MAP);
    }

    /**
     * Converts a JSON array node to a list of maps.
     *
     * @param node the array
     * @return a mutable list
     */
    public static List<Map<String, Object>> toMapList(JsonNode node) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> out.add(n.isObject() ? toMap(n) : new LinkedHashMap<>()));
        }
        return out;
    }

    /**
     * Converts a node to plain Java values (maps, lists, strings, numbers, booleans, null).
     *
     * @param node the node
     * @return the value
     */
    public static Object toPlain(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        return MAPPER.convertValue(node, Object.class);
    }

    /**
     * Converts any object to a JSON tree with the given mapper.
     *
     * @param mapper the mapper
     * @param value  the value
     * @return the tree ({@link NullNode} for null)
     */
    public static JsonNode toTree(ObjectMapper mapper, Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        return mapper.valueToTree(value);
    }

    /**
     * Converts a tree to a Java type.
     *
     * @param mapper the mapper
     * @param node   the tree
     * @param type   the target type
     * @param <T>    target type
     * @return the value, null for a null node
     */
    public static <T> T convert(ObjectMapper mapper, JsonNode node, JavaType type) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return mapper.convertValue(node, type);
    }

    /**
     * Describes a value that could not be converted to its Java type: the field path and the
     * Java type from the mapper's failure, and a reminder that the call itself succeeded.
     *
     * @param what   what was being read, e.g. {@code "Task record"}
     * @param status the answer's status
     * @param node   the JSON received
     * @param type   the type it was to become
     * @param e      the mapper's failure
     * @return the exception (not thrown)
     */
    public static dev.homebase.sdk.MappingException mappingFailure(String what, int status, JsonNode node,
                                                                   JavaType type, IllegalArgumentException e) {
        String field = null;
        String target = type.toCanonical();
        String detail = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.databind.JsonMappingException jm) {
                field = path(jm.getPath());
                detail = jm.getOriginalMessage();
                if (jm instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mi
                        && mi.getTargetType() != null) {
                    target = mi.getTargetType().getName();
                }
                break;
            }
        }
        String message = "Cannot map " + what + " to " + type.toCanonical()
                + (field == null ? "" : ": field '" + field + "' cannot become " + target)
                + (detail == null ? "" : " (" + firstLine(detail) + ")")
                + "; the request itself succeeded, do not repeat it";
        return new dev.homebase.sdk.MappingException(message, status, field, target, node, e);
    }

    private static String path(List<com.fasterxml.jackson.databind.JsonMappingException.Reference> refs) {
        StringBuilder out = new StringBuilder();
        for (var ref : refs) {
            if (ref.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.length() == 0 ? null : out.toString();
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
