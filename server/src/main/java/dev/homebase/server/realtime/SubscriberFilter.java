package dev.homebase.server.realtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Decides, per receiving connection, whether an entity event is delivered and in what shape.
 *
 * <p>This is the seam for §17.5: the access-rule engine plugs in here (resolve {@link Subscriber#token()} to a
 * principal once, caching it with {@link Subscriber#memo}, then apply RLS {@code read} and FLS to the record). It is
 * called on a dispatch thread (several may call it at once, for different groups), once per group of subscribers with an equal {@link #groupKey} per event (at worst
 * once per subscribed connection), so it should be quick (cache per
 * connection what can be cached); it must not modify {@code record}: return a copy to redact, and the record itself
 * when nothing is hidden (its encoded packet is then shared by every such subscriber). An exception counts as
 * "not visible".
 */
@FunctionalInterface
public interface SubscriberFilter {

    /**
     * The record as this subscriber may see it, or empty to skip this subscriber.
     *
     * @param type {@code create}, {@code update} or {@code delete}; for a delete, {@code record} is the last state and
     *     the question is whether the subscriber could read it just before deletion
     * @param record the record after the change; shared between subscribers, do not modify
     */
    Optional<ObjectNode> visible(Subscriber subscriber, String appId, String entity, String type, ObjectNode record);

    /**
     * What {@link #visible} depends on for this subscriber, as a value with {@code equals}/{@code hashCode}: two
     * subscribers of an app with equal keys must get the same answer from {@link #visible} for every event, so the
     * dispatcher asks once per distinct key (a group of subscribers) and sends each group's packet to all of its
     * members. The default, the subscriber itself, evaluates once per connection. Called on a dispatch thread;
     * cache it with {@link Subscriber#memo}.
     */
    default Object groupKey(Subscriber subscriber, String appId) {
        return subscriber;
    }

    /**
     * Whether a token sent at the handshake identifies a principal of the app (checked once per connection, before
     * it is accepted). A token that does not is dropped, so the connection is anonymous, or the connection is refused
     * ({@link RealtimeSettings#refuseInvalidTokens()}). Accepts every token unless overridden.
     */
    default boolean acceptsToken(String appId, String token) {
        return true;
    }

    /**
     * Whether the subscriber may join a room that is not an entity room: an agent conversation's
     * {@code /agent-conversations/{id}} (§17.3: its owner, by user or anonymous visitor id, or the service role).
     * Called once per join, on the connection's thread. Refuses unless overridden.
     */
    default boolean mayJoin(Subscriber subscriber, String appId, String room) {
        return false;
    }

    /** Every subscriber sees every record whole: the dev server's behaviour, until access rules are wired. */
    static SubscriberFilter everyone() {
        return new SubscriberFilter() {
            @Override
            public Optional<ObjectNode> visible(Subscriber subscriber, String appId, String entity, String type, ObjectNode record) {
                return Optional.of(record);
            }

            @Override
            public Object groupKey(Subscriber subscriber, String appId) {
                return Boolean.TRUE; // one group: everyone sees the same
            }
        };
    }

    /**
     * Whether {@code subscriber} acts for the user {@code userId} of its app as the filter last resolved it: a change
     * to that user (role, fields, disabled, deleted, password) makes the server {@link Subscriber#forget forget} what
     * was kept for the connection. Default: none does (nothing is kept per user).
     */
    default boolean actsFor(Subscriber subscriber, String userId) {
        return false;
    }
}
