package dev.homebase.sdk.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared JSON helpers around one Jackson mapper. Thread-safe. */
public final class Json {

    /** The SDK's own mapper: lenient on unknown properties, omits null POJO properties. */
    public static final ObjectMapper MAPPER = newDefaultMapper();

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
}
