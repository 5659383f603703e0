package dev.homebase.sdk;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An answer arrived (the call succeeded on the server) but does not fit the Java type it was to
 * be read as: {@link #field()} names the field (a path such as {@code items[3].due_date}) and
 * {@link #javaType()} the Java type it was to become. {@link #code()} is {@code INVALID_RESPONSE},
 * {@link #status()} the answer's status and {@link #body()} the JSON that was received.
 *
 * <p>For a write (create, update, bulk, upsert, import) the change <em>was made</em>: do not
 * repeat the call, fix the record type (or read the record as a {@code Map}). The SDK itself never
 * retries a request.
 */
public class MappingException extends Base44Exception {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String javaType;

    /**
     * Creates the exception.
     *
     * @param message  the description
     * @param status   the answer's status
     * @param field    the path of the field that failed, or {@code null} for the whole value
     * @param javaType the Java type that could not be built (a type name)
     * @param data     the JSON that was received
     * @param cause    the mapper's failure
     */
    public MappingException(String message, int status, String field, String javaType, JsonNode data,
                            Throwable cause) {
        super(message, status, "INVALID_RESPONSE", data, cause);
        this.field = field;
        this.javaType = javaType;
    }

    /**
     * Returns the path of the field that could not be mapped.
     *
     * @return a path such as {@code due_date} or {@code tags[2]}, or {@code null} when the whole
     *         value did not fit
     */
    public String field() {
        return field;
    }

    /**
     * Returns the Java type the value was to become.
     *
     * @return the type name, e.g. {@code java.time.LocalDate}
     */
    public String javaType() {
        return javaType;
    }
}
