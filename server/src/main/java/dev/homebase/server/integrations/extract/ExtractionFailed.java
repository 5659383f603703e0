package dev.homebase.server.integrations.extract;

/**
 * The file was read but does not yield the data: a value that cannot be coerced (naming the row and
 * column), a damaged file, too many rows, a model answer that does not fit. Becomes
 * {@code {"status": "error", "details": <message>, "output": null}}, not an HTTP error.
 */
final class ExtractionFailed extends RuntimeException {
    ExtractionFailed(String details) {
        super(details, null, false, false);
    }
}
