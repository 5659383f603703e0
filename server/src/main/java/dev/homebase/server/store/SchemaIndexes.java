package dev.homebase.server.store;

import dev.homebase.server.internal.Sha256;
import dev.homebase.server.query.FieldPath;
import dev.homebase.server.query.Sort;
import dev.homebase.server.query.SortKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps the indexes entity schemas declare ({@code "indexes"}) in the database.
 *
 * <p>Each declaration becomes indexes on {@code records} for the app and entity, leading with
 * {@code env}, on exactly the expressions the query compiler emits, so its filters, sorts and
 * cursor pages can use them. PostgreSQL indexes are partial
 * ({@code (env, ...) WHERE app_id = '<app>' AND entity = '<entity>'}); SQLite ones lead with the
 * scope columns instead ({@code (app_id, entity, env, ...)}, see {@link Dialect#partialScopedIndexes}).
 * Per declaration:
 * <ul>
 *   <li>a single data field {@code f}: a filter index {@code (env, <value of f>)} (equality,
 *       {@code $in}, number ranges), and a sort index {@code (env, <sort keys of f>, id)} (the
 *       type rank, the typed value keys, the id tie-break; scanned backwards for descending);</li>
 *   <li>a single built-in field: one index {@code (env, <sort keys>, id)}, which filters use too;</li>
 *   <li>a compound list {@code [f1, ..., fn]}: {@code (env, <value of f1>, ..., <sort keys of fn>, id)}
 *       in the given directions: equality on the leading fields, ordered by the last.</li>
 * </ul>
 * Names are {@code hb_idx_} plus 16 hex digits of a SHA-256 over app, entity and the index's
 * definition, so a changed definition is a new index. Every index created is listed in the table
 * {@code schema_indexes}; {@link #sync} drops only listed indexes, and only those of the apps it
 * is given.
 *
 * <p>Planner statistics: where the database keeps none for partial-index expressions (PostgreSQL,
 * see {@link Dialect#createStatistics}), each declaration's data fields also get a statistics
 * object ({@code hb_st_} plus the same kind of hash, listed in {@code schema_indexes} and dropped
 * like an index); a compound declaration of several data fields gets one over all of them (their
 * dependencies and combined common values, for filters on several fields). After creating anything,
 * {@link #sync} refreshes the statistics ({@link Dialect#analyze}), so the first queries are planned
 * with them. Thread-safe (stateless).
 */
public final class SchemaIndexes {

    /**
     * The indexes one entity of one app declares, and the fields that may get a typed slot column
     * (see {@link RecordSlots}): the top-level fields of its declarations whose schema type is a
     * plain string or number, in declaration order.
     */
    public record Declared(String appId, String entity, List<List<String>> indexes, Map<String, RecordSlots.Kind> slotFields) {
        public Declared {
            indexes = indexes.stream().map(List::copyOf).toList();
            slotFields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(slotFields));
        }

        /** Declared indexes without slots. */
        public Declared(String appId, String entity, List<List<String>> indexes) {
            this(appId, entity, indexes, Map.of());
        }

        /** The slot columns of this entity's fields. */
        public RecordSlots.Assignment slots() {
            return RecordSlots.assign(slotFields);
        }
    }

    /** One index to keep: its name, the app and entity it belongs to, and its CREATE statement. */
    public record Wanted(String name, String appId, String entity, String ddl) {}

    /** What {@link #sync} did. */
    public record Result(List<String> created, List<String> dropped) {}

    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern ENTITY = Pattern.compile("\\w{1,128}");
    /** {@code r.} as a table qualifier (not inside a JSON path literal such as {@code '$.r.x'}). */
    private static final Pattern QUALIFIER = Pattern.compile("(?<![\\w.$])r\\.");
    private static final Set<String> COLUMNS = Set.of("id", "created_date", "updated_date", "created_by",
            "created_by_id", "is_sample");

    private static final String INDEX_PREFIX = "hb_idx_";

    private SchemaIndexes() {}

    /**
     * Creates the declared indexes that are missing and drops the listed ones of {@code apps} that
     * are no longer declared, in one transaction.
     *
     * @param apps every app whose indexes are managed now (an app absent here keeps its indexes)
     */
    public static Result sync(Database db, Set<String> apps, Collection<Declared> declared) {
        return sync(db, apps, declared, null);
    }

    /**
     * Like {@link #sync(Database, Set, Collection)}, and tells the other nodes of the database through
     * {@code coherence} about every slot assignment it changes (in its transaction), then has the records they or
     * this node wrote meanwhile with the old one set right a little later (see {@link SlotCoherence}).
     *
     * @param coherence null for none (a single process that serves nothing, such as a test or a command)
     */
    public static Result sync(Database db, Set<String> apps, Collection<Declared> declared, SlotCoherence coherence) {
        List<Wanted> wanted = wanted(db.dialect(), declared);
        for (String app : apps) checkAppId(app);
        Map<String, RecordSlots.Assignment> refilled = new LinkedHashMap<>();
        List<EventBus.Acks> acks = new ArrayList<>();
        Result result;
        if (coherence != null) coherence.syncStarted();
        try {
            result = syncInTx(db, apps, declared, coherence, wanted, refilled, acks);
            if (!refilled.isEmpty()) {
                // As committed: another node's change read between this one's in-transaction load and its commit is undone.
                db.read(c -> {
                    db.dialect().slots().load(c);
                    return null;
                });
            }
        } finally {
            if (coherence != null) coherence.syncEnded();
        }
        if (coherence != null) coherence.committed(acks, refilled.keySet()); // the other nodes reloaded, or 2 s passed
        // A write that built its statement with the old assignment and committed after the refill: set right now
        // (and once more a little later, see SlotCoherence).
        for (String key : refilled.keySet()) {
            int cut = key.indexOf('\u0000');
            SlotRepair.run(db, key.substring(0, cut), key.substring(cut + 1));
        }
        return result;
    }

    /** The transaction of {@link #sync}; mirrors the slot table as committed, or as it stays after a rollback. */
    private static Result syncInTx(Database db, Set<String> apps, Collection<Declared> declared, SlotCoherence coherence,
                                   List<Wanted> wanted, Map<String, RecordSlots.Assignment> refilled, List<EventBus.Acks> acks) {
        try {
            return db.inMaintenanceTx(c -> { // building an index on a big table may rightly take long
                Map<String, String> existing = new LinkedHashMap<>(); // name -> app
                try (PreparedStatement ps = c.prepareStatement("SELECT name, app_id FROM schema_indexes ORDER BY name");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) existing.put(rs.getString(1), rs.getString(2));
                }
                Set<String> keep = new java.util.HashSet<>();
                for (Wanted w : wanted) keep.add(w.name());
                List<String> dropped = new ArrayList<>();
                for (Map.Entry<String, String> e : existing.entrySet()) {
                    if (apps.contains(e.getValue()) && !keep.contains(e.getKey())) {
                        drop(db.dialect(), c, e.getKey());
                        if (e.getKey().startsWith(INDEX_PREFIX)) dropped.add(e.getKey());
                    }
                }
                boolean changed = syncSlots(db.dialect(), c, apps, declared, refilled);
                if (coherence != null) {
                    for (String key : refilled.keySet()) {
                        int cut = key.indexOf('\u0000');
                        acks.add(coherence.announce(c, key.substring(0, cut), key.substring(cut + 1))); // heard at commit
                    }
                }
                List<String> created = new ArrayList<>();
                for (Wanted w : wanted) {
                    // IF NOT EXISTS: a no-op for a listed index, and recreates one dropped by hand
                    try (Statement s = c.createStatement()) {
                        s.execute(w.ddl());
                    }
                    if (existing.containsKey(w.name())) continue;
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO schema_indexes (name, app_id, entity, definition) VALUES (?, ?, ?, ?)")) {
                        ps.setString(1, w.name());
                        ps.setString(2, w.appId());
                        ps.setString(3, w.entity());
                        ps.setString(4, w.ddl());
                        ps.executeUpdate();
                    }
                    changed = true;
                    if (w.name().startsWith(INDEX_PREFIX)) created.add(w.name());
                }
                if (changed) {
                    try (Statement s = c.createStatement()) {
                        s.execute(db.dialect().analyze());
                    }
                }
                db.dialect().slots().load(c); // before commit: a write from now on fills the new slots
                return new Result(List.copyOf(created), List.copyOf(dropped));
            });
        } catch (RuntimeException e) {
            db.read(c -> { // the transaction rolled back: mirror the table as it is
                db.dialect().slots().load(c);
                return null;
            });
            throw e;
        }
    }

    /**
     * Brings {@code record_slots} to the assignments of {@code declared} for {@code apps}, and refills
     * the records of every entity whose assignment changed (all of its slots, from its data), before
     * the indexes on them are built. Returns whether anything changed.
     */
    private static boolean syncSlots(Dialect dialect, Connection c, Set<String> apps, Collection<Declared> declared,
                                     Map<String, RecordSlots.Assignment> refilled) throws SQLException {
        Map<String, Map<String, String>> existing = RecordSlots.read(c);
        Map<String, Declared> wantedByKey = new LinkedHashMap<>();
        for (Declared d : declared) wantedByKey.put(RecordSlots.key(d.appId(), d.entity()), d);
        Set<String> keys = new java.util.LinkedHashSet<>(wantedByKey.keySet());
        for (String key : existing.keySet()) {
            if (apps.contains(key.substring(0, key.indexOf('\u0000')))) keys.add(key);
        }
        boolean changed = false;
        for (String key : keys) {
            String appId = key.substring(0, key.indexOf('\u0000'));
            String entity = key.substring(key.indexOf('\u0000') + 1);
            Declared d = wantedByKey.get(key);
            RecordSlots.Assignment wanted = d == null ? RecordSlots.Assignment.NONE : d.slots();
            Map<String, String> had = existing.getOrDefault(key, Map.of());
            if (had.equals(wanted.columns())) {
                // Another node changed the assignment while this one wrote with its old one: set those records right.
                if (!dialect.slots().of(appId, entity).columns().equals(wanted.columns())) {
                    RecordSlots.repair(dialect, c, appId, entity, wanted);
                }
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM record_slots WHERE app_id = ? AND entity = ?")) {
                ps.setString(1, appId);
                ps.setString(2, entity);
                ps.executeUpdate();
            }
            for (Map.Entry<String, String> e : wanted.columns().entrySet()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO record_slots (app_id, entity, field, slot) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, appId);
                    ps.setString(2, entity);
                    ps.setString(3, e.getKey());
                    ps.setString(4, e.getValue());
                    ps.executeUpdate();
                }
            }
            RecordSlots.refill(dialect, c, appId, entity, wanted);
            refilled.put(key, wanted);
            changed = true;
        }
        return changed;
    }

    private static void drop(Dialect dialect, Connection c, String name) throws SQLException {
        if (!name.matches("hb_(idx|st)_[0-9a-f]{16}")) throw new IllegalArgumentException("Refusing to drop index " + name);
        try (Statement s = c.createStatement()) {
            s.execute(name.startsWith(INDEX_PREFIX) ? "DROP INDEX IF EXISTS " + name : dialect.dropStatistics(name));
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM schema_indexes WHERE name = ?")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
    }

    /** The indexes {@code declared} asks for on this dialect, without duplicates. */
    public static List<Wanted> wanted(Dialect dialect, Collection<Declared> declared) {
        Map<String, Wanted> out = new LinkedHashMap<>();
        for (Declared d : declared) {
            checkAppId(d.appId());
            if (!ENTITY.matcher(d.entity()).matches()) throw new IllegalArgumentException("Invalid entity name for an index: " + d.entity());
            Map<String, String> slots = d.slots().columns();
            for (List<String> spec : d.indexes()) {
                for (List<String> columns : columnLists(dialect.queries(), spec, slots, dialect.scalarPages(), dialect.jsonFilterIndexes())) {
                    String body;
                    if (dialect.partialScopedIndexes()) {
                        body = " ON records (" + String.join(", ", columns) + ") WHERE app_id = " + literal(d.appId())
                                + " AND entity = " + literal(d.entity());
                    } else {
                        body = " ON records (app_id, entity, " + String.join(", ", columns) + ")";
                    }
                    String name = INDEX_PREFIX + hash(d.appId() + "|" + d.entity() + "|" + body);
                    out.putIfAbsent(name, new Wanted(name, d.appId(), d.entity(), "CREATE INDEX IF NOT EXISTS " + name + body));
                }
                for (List<String> expressions : statistics(dialect.queries(), spec, slots)) {
                    String name = "hb_st_" + hash(d.appId() + "|" + d.entity() + "|" + String.join(", ", expressions));
                    String ddl = dialect.createStatistics(name, expressions);
                    if (ddl != null) out.putIfAbsent(name, new Wanted(name, d.appId(), d.entity(), ddl));
                }
            }
        }
        return List.copyOf(out.values());
    }

    /** The index column lists (with directions) for one declaration, without slots. */
    static List<List<String>> columnLists(QueryRenderer queries, List<String> spec) {
        return columnLists(queries, spec, Map.of(), true, false);
    }

    /**
     * The index column lists (with directions) for one declaration. A field with a slot column
     * ({@code slots}: field to column) is indexed by it: a single-field declaration's filter index is
     * {@code (env, <its slot>, <the entity's other slots>)}, so a conjunction of conditions on slotted
     * fields is answered from the index alone; a compound declaration leads with the slots of its
     * leading fields where {@code slottedPages} (pages compare slots). With {@code jsonFilters} a slotted single field
     * keeps its JSON expression's filter index too (see {@link Dialect#jsonFilterIndexes}).
     */
    static List<List<String>> columnLists(QueryRenderer queries, List<String> spec, Map<String, String> slots, boolean slottedPages,
                                          boolean jsonFilters) {
        List<List<String>> lists = new ArrayList<>();
        if (spec.isEmpty()) return lists;
        String lastRaw = spec.getLast();
        boolean lastDesc = lastRaw.startsWith("-");
        String last = lastDesc ? lastRaw.substring(1) : lastRaw;
        List<String> leading = new ArrayList<>();
        leading.add("env");
        for (String raw : spec.subList(0, spec.size() - 1)) {
            boolean desc = raw.startsWith("-");
            String field = FieldPath.check(desc ? raw.substring(1) : raw);
            String slot = slottedPages ? slots.get(field) : null;
            leading.add((slot != null ? slot : column(queries.filterKey(field))) + (desc ? " DESC" : ""));
        }
        if (spec.size() == 1 && !COLUMNS.contains(FieldPath.check(last))) {
            List<String> filter = new ArrayList<>(leading);
            String slot = slots.get(last);
            if (slot == null || !slottedPages || jsonFilters) { // general forms over the JSON need the JSON expression's index
                List<String> json = new ArrayList<>(leading);
                json.add(column(queries.filterKey(last)));
                lists.add(json);
            }
            if (slot != null) {
                filter.add(slot);
                for (String other : slots.values()) if (!other.equals(slot)) filter.add(other);
                lists.add(filter);
            }
            lastDesc = false; // one ascending sort index serves both directions (scanned backwards)
        }
        List<String> sorted = new ArrayList<>(leading);
        for (SortKey key : queries.sortKeys(new Sort(FieldPath.check(last), lastDesc))) {
            sorted.add(column(key.sql()) + (key.descending() ? " DESC" : "") + key.nullsClause());
        }
        lists.add(sorted);
        return lists;
    }

    /**
     * The expression lists to keep statistics on for one declaration: each data field's filter
     * expression alone, and all of them together when there are several.
     */
    static List<List<String>> statistics(QueryRenderer queries, List<String> spec) {
        return statistics(queries, spec, Map.of());
    }

    /**
     * {@link #statistics(QueryRenderer, List)} where fields with a slot column use it; a slot alone
     * gets none (the database keeps statistics on every column).
     */
    static List<List<String>> statistics(QueryRenderer queries, List<String> spec, Map<String, String> slots) {
        List<String> expressions = new ArrayList<>();
        for (String raw : spec) {
            String field = FieldPath.check(raw.startsWith("-") ? raw.substring(1) : raw);
            if (COLUMNS.contains(field)) continue;
            String expression = slots.containsKey(field) ? slots.get(field) : column(queries.filterKey(field));
            if (!expressions.contains(expression)) expressions.add(expression);
        }
        List<List<String>> lists = new ArrayList<>();
        for (String expression : expressions) {
            if (!RecordSlots.COLUMNS.contains(expression)) lists.add(List.of(expression));
        }
        if (expressions.size() > 1) lists.add(List.copyOf(expressions));
        return lists;
    }

    /** An index column for a query expression over {@code r}: a bare column, or a parenthesised expression. */
    private static String column(String expression) {
        String plain = QUALIFIER.matcher(expression).replaceAll("");
        return plain.matches("\\w+") ? plain : "(" + plain + ")";
    }

    private static void checkAppId(String appId) {
        if (!APP_ID.matcher(appId).matches()) throw new IllegalArgumentException("Invalid app id for an index: " + appId);
    }

    /** An SQL string literal; callers pass allow-listed text only, quotes are doubled regardless. */
    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String hash(String text) {
        return HexFormat.of().formatHex(Sha256.of(text), 0, 8);
    }
}
