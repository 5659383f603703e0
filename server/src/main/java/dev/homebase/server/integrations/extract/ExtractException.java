package dev.homebase.server.integrations.extract;

/**
 * A refused {@code ExtractDataFromUploadedFile} request, with the 4xx status the caller gets: a missing or
 * bad {@code file_url} or {@code json_schema} (400), a private file without its token (401), of another app
 * or behind an expired signature (403), no file at the URL (404). The message is safe to show.
 */
public final class ExtractException extends RuntimeException {
    private final int status;
    private final String code;

    ExtractException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ExtractException badRequest(String message) {
        return new ExtractException(400, "bad_request", message);
    }

    /** The HTTP status to answer. */
    public int status() {
        return status;
    }

    /** A stable snake_case code. */
    public String code() {
        return code;
    }
}
