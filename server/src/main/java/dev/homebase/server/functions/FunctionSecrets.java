package dev.homebase.server.functions;

import dev.homebase.server.entity.Timestamps;
import dev.homebase.server.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Per-app function secrets: environment variables of the app's function processes
 * ({@code Deno.env.get(name)}), kept in the store's {@code app_keys} table under the name
 * {@code env:<NAME>}. A process reads them when it starts, so a change reaches running functions
 * once their processes restart (after the idle timeout, a crash or a server restart). Thread-safe.
 * NB: values are never logged; {@code homebase secrets list} prints names only.
 */
public final class FunctionSecrets {
    /**
     * The event-bus topic on which a change of an app's secrets is announced (the message is the app id): every server
     * on the database restarts that app's function processes (the dashboard and {@code homebase secrets} send it).
     */
    public static final String CHANGES_TOPIC = "secrets";
    private static final String PREFIX = "env:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Variables the runtime sets itself. */
    private static final Set<String> RESERVED = Set.of("HOME", "PATH", "NO_COLOR", "TZ", "LANG");
    /** Largest value accepted, in characters. */
    static final int MAX_VALUE_CHARS = 64 * 1024;

    private final Database db;
    private final Clock clock;

    public FunctionSecrets(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Checks a secret's name: an environment variable name, not one the runtime sets itself.
     *
     * @throws IllegalArgumentException with the reason
     */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Secret names are letters, digits and _ (not starting with a digit), got \"" + name + "\"");
        }
        if (RESERVED.contains(name) || name.startsWith("DENO_") || name.startsWith("HOMEBASE_")) {
            throw new IllegalArgumentException("\"" + name + "\" is reserved by the function runtime");
        }
    }

    /** All secrets of {@code appId}, by name. */
    public Map<String, String> all(String appId) {
        return db.read(c -> {
            Map<String, String> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, secret FROM app_keys WHERE app_id = ? AND name LIKE 'env:%'")) {
                ps.setString(1, appId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1).substring(PREFIX.length()), rs.getString(2));
                }
            }
            return out;
        });
    }

    /** A secret's name and when it was last set (naive UTC, as the store keeps times); never its value. */
    public record Stored(String name, String updatedDate) {}

    /** The names of {@code appId}'s secrets, sorted, with when each was last set. Values are not read. */
    public java.util.List<Stored> names(String appId) {
        return db.read(c -> {
            java.util.List<Stored> out = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, created_date FROM app_keys WHERE app_id = ? AND name LIKE 'env:%'"
                    + " ORDER BY name")) {
                ps.setString(1, appId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Stored(rs.getString(1).substring(PREFIX.length()), rs.getString(2)));
                }
            }
            return out;
        });
    }

    /** One secret of {@code appId}, when set (custom integrations read their auth header's value here). */
    public java.util.Optional<String> find(String appId, String name) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT secret FROM app_keys WHERE app_id = ? AND name = ?")) {
                ps.setString(1, appId);
                ps.setString(2, PREFIX + name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.<String>empty();
                }
            }
        });
    }

    /** Sets (or replaces) a secret. @throws IllegalArgumentException for a bad name or value */
    public void set(String appId, String name, String value) {
        checkName(name);
        if (value == null || value.length() > MAX_VALUE_CHARS || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Secret values are at most " + MAX_VALUE_CHARS + " characters, without NUL");
        }
        db.useTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO app_keys (app_id, name, secret, created_date) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (app_id, name) DO UPDATE SET secret = excluded.secret, created_date = excluded.created_date")) {
                ps.setString(1, appId);
                ps.setString(2, PREFIX + name);
                ps.setString(3, value);
                ps.setString(4, Timestamps.format(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)));
                ps.executeUpdate();
            }
        });
    }

    /** Deletes a secret; returns whether it existed. */
    public boolean delete(String appId, String name) {
        checkName(name);
        return db.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM app_keys WHERE app_id = ? AND name = ?")) {
                ps.setString(1, appId);
                ps.setString(2, PREFIX + name);
                return ps.executeUpdate() > 0;
            }
        });
    }
}
