package dev.homebase.sdk.integrations;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters of {@code Core.SendEmail}.
 *
 * @param to       recipient (required)
 * @param subject  subject
 * @param body     plain text or HTML
 * @param fromName sender display name, or null for the app name
 */
public record SendEmailRequest(String to, String subject, String body, String fromName) {

    /**
     * Validates the recipient.
     *
     * @throws IllegalArgumentException when {@code to} is null or blank
     */
    public SendEmailRequest {
        if (to == null || to.isBlank()) {
            throw new IllegalArgumentException("to must not be null or blank");
        }
    }

    /**
     * Creates a request without a sender name.
     *
     * @param to      recipient
     * @param subject subject
     * @param body    body
     * @return the request
     */
    public static SendEmailRequest of(String to, String subject, String body) {
        return new SendEmailRequest(to, subject, body, null);
    }

    /**
     * Returns the wire body.
     *
     * @return the body
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("to", to);
        m.put("subject", subject);
        m.put("body", body);
        if (fromName != null) {
            m.put("from_name", fromName);
        }
        return m;
    }
}
