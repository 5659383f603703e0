package dev.homebase.server.realtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.AuthException;
import dev.homebase.server.auth.Authenticator;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.entity.EntityContext;
import dev.homebase.server.entity.EntitySchema;
import dev.homebase.server.entity.FieldReadRules;
import dev.homebase.server.entity.RecordService;
import dev.homebase.server.project.Apps;
import dev.homebase.server.store.EntityScope;
import java.util.Optional;

/**
 * Realtime delivery under the access rules: each subscriber gets an event only if its read rule
 * lets it see the record (for a delete: the record just before deletion), with the fields its
 * field rules hide removed. The same rule engine as REST ({@link RecordService#visibleTo}).
 *
 * <p>The built-in User entity has fixed rules instead, as through REST (api-contract §3.2): a user
 * sees only their own record, admins and the service role see every user, anonymous subscribers none.
 * Its events carry the public User record, which never holds a password hash, without the custom
 * fields the User schema's field read rules hide from the subscriber.
 */
public final class RuleFilter implements SubscriberFilter {
    private static final Object PRINCIPAL = new Object();
    private static final Object GROUP = new Object();
    /** The built-in entity served from the users table. */
    static final String USER = "User";

    private final Authenticator authenticator;
    private final Apps apps;
    private final RecordService records;

    private final RoomAccess roomAccess;

    /**
     * Who may join a conversation room (§17.3), given the subscriber's principal (resolved from its token once per
     * connection) and its anonymous visitor id.
     */
    @FunctionalInterface
    public interface RoomAccess {
        /** Whether {@code caller} (with the handshake's {@code anonymous_id}, if any) may join {@code room} of {@code appId}. */
        boolean mayJoin(String appId, Principal caller, Optional<String> anonymousId, String room);
    }

    /** Rules for entity rooms; conversation rooms are refused. */
    public RuleFilter(Authenticator authenticator, Apps apps, RecordService records) {
        this(authenticator, apps, records, (appId, caller, anonymousId, room) -> false);
    }

    /** Rules for entity rooms, and {@code roomAccess} for conversation rooms. */
    public RuleFilter(Authenticator authenticator, Apps apps, RecordService records, RoomAccess roomAccess) {
        this.authenticator = authenticator;
        this.apps = apps;
        this.records = records;
        this.roomAccess = roomAccess;
    }

    @Override
    public boolean mayJoin(Subscriber subscriber, String appId, String room) {
        Principal caller = subscriber.memo(PRINCIPAL, s -> principal(appId, s));
        return roomAccess.mayJoin(appId, caller, subscriber.anonymousId(), room);
    }

    @Override
    public Optional<ObjectNode> visible(Subscriber subscriber, String appId, String entity, String type, ObjectNode record) {
        Optional<Apps.HostedApp> app = apps.find(appId);
        if (app.isEmpty()) return Optional.empty();
        Principal caller = subscriber.memo(PRINCIPAL, s -> principal(appId, s));
        if (USER.equalsIgnoreCase(entity)) {
            if (!seesUser(caller, record)) return Optional.empty();
            // The User schema's custom-field read rules, as through REST; built-in fields keep their own rules.
            Optional<EntitySchema> users = app.get().project().entity(USER);
            if (users.isEmpty()) return Optional.of(record);
            return Optional.of(FieldReadRules.of(app.get().rules(users.get()), caller, UserRecord.BUILT_IN).shown(record));
        }
        Optional<EntitySchema> schema = app.get().project().entity(entity);
        if (schema.isEmpty()) return Optional.empty();
        String env = caller instanceof Principal.Service svc && "dev".equals(svc.dataEnv()) ? "dev" : "prod";
        EntityContext ctx = new EntityContext(schema.get(), new EntityScope(appId, schema.get().name(), env), caller,
                app.get().validator(), app.get().rules(schema.get()));
        return records.visibleTo(ctx, record);
    }

    /**
     * The subscriber's principal: {@link #visible} reads nothing else of the subscriber (role, user id and email,
     * the user's custom fields, the service role's data environment, or anonymous), so subscribers with equal
     * principals get equal answers. Connections of one signed-in user form one group; all anonymous ones another.
     */
    @Override
    public Object groupKey(Subscriber subscriber, String appId) {
        Principal caller = subscriber.memo(PRINCIPAL, s -> principal(appId, s)); // not nested: one map, no recursive update
        return subscriber.memo(GROUP, s -> caller == Principal.ANONYMOUS ? ANONYMOUS_GROUP : new PrincipalGroup(caller));
    }

    /** The one group of every anonymous connection: one shared key, so the dispatcher compares it by identity. */
    private static final PrincipalGroup ANONYMOUS_GROUP = new PrincipalGroup(Principal.ANONYMOUS);

    /**
     * Whether the principal resolved for this connection (if any yet) is the user {@code userId}, or its token did not
     * verify when it was resolved (it may name this user, now enabled again; such connections are rare and a token
     * is checked without reading the database when its signature does not verify).
     */
    @Override
    public boolean actsFor(Subscriber subscriber, String userId) {
        Object resolved = subscriber.memoized(PRINCIPAL);
        if (resolved instanceof Principal.User u) return u.id().equals(userId);
        return resolved == Principal.ANONYMOUS && subscriber.token().isPresent();
    }

    /** A principal as a group key, its hash computed once (a user's custom fields would be hashed on every event). */
    private static final class PrincipalGroup {
        private final Principal principal;
        private final int hash;

        PrincipalGroup(Principal principal) {
            this.principal = principal;
            this.hash = principal.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof PrincipalGroup g && g.hash == hash && g.principal.equals(principal);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Override
    public boolean acceptsToken(String appId, String token) {
        try {
            authenticator.authenticate(appId, "Bearer " + token, null);
            return true;
        } catch (AuthException e) {
            return false;
        }
    }

    /** The User entity's fixed read rule: admins and the service role read every user, a user only themself. */
    private static boolean seesUser(Principal caller, ObjectNode record) {
        if (caller instanceof Principal.Service) return true;
        if (!(caller instanceof Principal.User u)) return false;
        return u.isAdmin() || u.id().equals(record.path("id").asText(null));
    }

    /**
     * The subscriber's principal, resolved once per connection and again after a change to its user (see
     * {@link #actsFor}); a token that does not verify (any more: a disabled or deleted user, a changed password) counts
     * as none.
     */
    private Principal principal(String appId, Subscriber subscriber) {
        Optional<String> token = subscriber.token();
        if (token.isEmpty()) return Principal.ANONYMOUS;
        try {
            return authenticator.authenticate(appId, "Bearer " + token.get(), null);
        } catch (AuthException e) {
            return Principal.ANONYMOUS;
        }
    }
}
