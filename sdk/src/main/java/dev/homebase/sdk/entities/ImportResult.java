package dev.homebase.sdk.entities;

import java.util.List;

/**
 * Response of {@code importEntities(file)}: {@code {status, details, output}}.
 *
 * @param status  {@code "success"} or {@code "error"}
 * @param details a human-readable explanation, may be null
 * @param output  the created records; empty when the import failed
 * @param <T>     record type
 */
public record ImportResult<T>(String status, String details, List<T> output) {
    /** Copies the list. */
    public ImportResult {
        output = output == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(output));
    }

    /**
     * Returns whether the server reported success.
     *
     * @return true when status is {@code "success"}
     */
    public boolean isSuccess() {
        return "success".equals(status);
    }
}
