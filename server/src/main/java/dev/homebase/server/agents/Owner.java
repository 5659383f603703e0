package dev.homebase.server.agents;

import dev.homebase.server.auth.Principal;
import java.util.Optional;

/**
 * Who a conversation belongs to: a signed-in user, or an anonymous visitor named by the browser's
 * {@code X-Base44-Anonymous-Id} (the socket's {@code anonymous_id}). Stored as {@code user:<id>} or
 * {@code anon:<visitor id>}.
 */
record Owner(String userId, String visitorId) {
    /** Longest visitor id accepted. */
    static final int MAX_VISITOR_ID = 200;

    /** The service role (a conversation it created runs as the service role). */
    static final Owner SERVICE = new Owner(null, null);

    static Owner user(String id) {
        return new Owner(id, null);
    }

    static Owner visitor(String id) {
        return new Owner(null, id);
    }

    /** The caller as an owner: a user, the service role, or a visitor with a usable id; empty for bare anonymous callers. */
    static Optional<Owner> of(Principal caller, String visitorId) {
        if (caller instanceof Principal.User u) return Optional.of(user(u.id()));
        if (caller instanceof Principal.Service) return Optional.of(SERVICE);
        if (caller instanceof Principal.Anonymous && usableVisitorId(visitorId)) return Optional.of(visitor(visitorId));
        return Optional.empty();
    }

    /** Whether a visitor id can name an owner: present, not blank, bounded, printable. */
    static boolean usableVisitorId(String id) {
        return id != null && !id.isBlank() && id.length() <= MAX_VISITOR_ID && id.chars().allMatch(ch -> ch > ' ' && ch < 127);
    }

    /** As stored. */
    String key() {
        if (isService()) return "service";
        return userId != null ? "user:" + userId : "anon:" + visitorId;
    }

    /** The owner of a stored key. */
    static Owner parse(String key) {
        if (key.equals("service")) return SERVICE;
        return key.startsWith("user:") ? user(key.substring(5)) : visitor(key.substring(5));
    }

    boolean isService() {
        return userId == null && visitorId == null;
    }

    boolean isVisitor() {
        return userId == null && visitorId != null;
    }
}
