package dev.homebase.server.entity;

import dev.homebase.server.auth.Principal;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled {@link CallerAccess} of recent (rules, caller) pairs, so that a request does not parse and substitute its
 * entity's rules again: compiling them (the {@code {{user.*}}} templates, the filter parser's field-name checks) was a
 * few percent of a get by id's server CPU.
 *
 * <p>The key is the entity's {@link AccessRules} instance (by identity: an app's rules are built once when it loads and
 * replaced whole on reload, so a reloaded rule never meets an old entry) and the whole {@link Principal} by value: id,
 * email, role and every custom field of a user, or the service role's environment and acting user. So a caller whose
 * role or fields change is another key at once, and nothing has to be invalidated. What is cached is immutable (the
 * compiled filters and field rules). Bounded: past {@link #MAX_ENTRIES} the cache is emptied and fills again.
 *
 * <p>One instance per running server, created with its {@link RecordService} (which REST and realtime share), so two
 * servers in one JVM never answer from each other's entries. Thread-safe.
 */
public final class CallerAccessCache {
    /** Most (rules, caller) pairs kept; a few hundred bytes to a few KiB each. */
    static final int MAX_ENTRIES = 10_000;

    private record Key(AccessRules rules, Principal caller) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.rules == rules && k.caller.equals(caller);
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(rules) + caller.hashCode();
        }
    }

    private final ConcurrentHashMap<Key, CallerAccess> cache = new ConcurrentHashMap<>();

    /** An empty cache. */
    public CallerAccessCache() {}

    /** The rules compiled for {@code caller}, from the cache when the same pair was compiled before. */
    CallerAccess of(AccessRules rules, Principal caller) {
        Key key = new Key(rules, caller);
        CallerAccess access = cache.get(key);
        if (access != null) return access;
        access = CallerAccess.compiled(rules, caller);
        if (cache.size() >= MAX_ENTRIES) cache.clear();
        cache.put(key, access);
        return access;
    }

    /** How many pairs are kept (tests). */
    int size() {
        return cache.size();
    }
}
