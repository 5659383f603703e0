package dev.homebase.server.move;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.Emails;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.entity.EntitySchema;
import dev.homebase.server.entity.RecordValidator;
import dev.homebase.server.entity.Timestamps;
import dev.homebase.server.entity.ValidationException;
import dev.homebase.server.internal.JsonValues;
import dev.homebase.server.store.StoredRecord;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a record read from the source into what this server stores, keeping its system fields ({@code id},
 * {@code created_date}, {@code updated_date}, {@code created_by}, {@code created_by_id}, {@code is_sample}) and
 * validating its own fields with the same {@link RecordValidator} the API uses. A record that cannot be kept throws
 * {@link Invalid} with a message naming the problem (never the record's content).
 */
final class MovedRecords {
    /** A source record this server cannot keep. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private static final Pattern ID = Pattern.compile("[0-9a-f]{24}");
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private MovedRecords() {}

    /** The stored form of an entity record. */
    static StoredRecord record(JsonNode item, EntitySchema schema, RecordValidator validator) throws Invalid {
        if (!item.isObject()) throw new Invalid("not a JSON object");
        String id = id(item);
        String created = date(item, "created_date");
        String updated = item.hasNonNull("updated_date") ? date(item, "updated_date") : created;
        ObjectNode data;
        try {
            data = validator.forCreate(schema, (ObjectNode) item);
        } catch (ValidationException e) {
            throw new Invalid(e.getMessage());
        }
        Optional<JsonValues.Problem> problem = JsonValues.problem(data);
        if (problem.isPresent()) throw new Invalid(problem.get().message());
        return new StoredRecord(id, data, created, updated, text(item, "created_by"), text(item, "created_by_id"),
                item.path("is_sample").asBoolean(false));
    }

    /** The stored form of a User record: id, email, full name, role, custom fields; no password (none can be read). */
    static UserRecord user(String appId, JsonNode item, Optional<EntitySchema> schema, RecordValidator validator) throws Invalid {
        if (!item.isObject()) throw new Invalid("not a JSON object");
        String id = id(item);
        String email = Emails.normalize(item.path("email").asText(null)).orElseThrow(() -> new Invalid("no valid email"));
        String role = item.path("role").asText("user");
        if (!ROLE.matcher(role).matches()) throw new Invalid("role is not a valid role name");
        String created = date(item, "created_date");
        String updated = item.hasNonNull("updated_date") ? date(item, "updated_date") : created;
        ObjectNode data;
        try {
            data = schema.isPresent() ? validator.forUpdate(schema.get(), (ObjectNode) item) : custom((ObjectNode) item);
        } catch (ValidationException e) {
            throw new Invalid(e.getMessage());
        }
        String fullName = item.path("full_name").isTextual() ? item.get("full_name").asText() : null;
        Boolean disabled = item.path("disabled").isBoolean() ? item.get("disabled").asBoolean() : null;
        // Verified: the hosted platform verified the address; the first password still needs the mailed link.
        return new UserRecord(appId, id, email, fullName, role, null, true, disabled, data, 0, created, updated);
    }

    private static ObjectNode custom(ObjectNode item) {
        ObjectNode out = item.deepCopy();
        out.remove(UserRecord.BUILT_IN);
        return out;
    }

    private static String id(JsonNode item) throws Invalid {
        String id = item.path("id").asText("");
        if (!ID.matcher(id).matches()) throw new Invalid("id is not 24 lowercase hex characters");
        return id;
    }

    private static String text(JsonNode item, String field) {
        JsonNode v = item.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A date as this server stores it: naive UTC with microseconds (an offset or {@code Z} is converted to UTC). */
    static String date(JsonNode item, String field) throws Invalid {
        String raw = item.path(field).asText("");
        if (raw.isEmpty()) throw new Invalid(field + " is missing");
        try {
            return Timestamps.format(LocalDateTime.parse(raw));
        } catch (RuntimeException e) {
            try {
                return Timestamps.format(OffsetDateTime.parse(raw).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
            } catch (RuntimeException e2) {
                throw new Invalid(field + " is not a date");
            }
        }
    }
}
