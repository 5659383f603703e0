package dev.homebase.server.mail;

import java.util.UUID;

/** Fresh {@code Message-ID} values (RFC 5322 §3.6.4). */
final class MessageIds {
    private MessageIds() {}

    static String fresh() {
        return "<" + UUID.randomUUID() + "@homebase>";
    }
}
