package dev.homebase.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * The server answered {@code 422}: the record does not satisfy the entity's schema.
 * {@link #fieldErrors()} lists each failing field with its problem, read from the body: an
 * {@code errors} array of {@code {field, message}}, a pydantic-style {@code detail} array of
 * {@code {loc, msg}}, or the platform's message {@code "Error in field price: Input should be a
 * valid number"} (one field).
 */
public class ValidationException extends Base44Exception {
    private static final long serialVersionUID = 1L;

    private final List<FieldError> fieldErrors;

    /**
     * One failing field.
     *
     * @param field   the field's path ({@code price}, {@code tags[2]}, {@code address.city}), or
     *                {@code null} when the server named none
     * @param message the problem, e.g. {@code Input should be a valid number}
     */
    public record FieldError(String field, String message) {
        /** Checks the message. */
        public FieldError {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Creates the exception.
     *
     * @param message     the server's message
     * @param code        the server's error code, may be {@code null}
     * @param data        the parsed body, may be {@code null}
     * @param fieldErrors the failing fields (copied)
     */
    public ValidationException(String message, String code, JsonNode data, List<FieldError> fieldErrors) {
        super(message, 422, code, data, null);
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    /**
     * Returns the failing fields.
     *
     * @return an unmodifiable list, empty when the body named no field
     */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
