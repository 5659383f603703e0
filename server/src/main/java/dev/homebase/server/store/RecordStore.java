package dev.homebase.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.query.AggregateQuery;
import dev.homebase.server.query.AggregateSpec;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.QueryCompiler;
import dev.homebase.server.query.ScalarFields;
import dev.homebase.server.query.Sort;
import dev.homebase.server.query.SortKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * SQL for entity records. Every method runs on the connection of the caller's transaction
 * (see {@link Database#inTx}), so several calls compose into one atomic change.
 */
public final class RecordStore {
    private static final String COLUMNS = "r.id, r.data, r.created_date, r.updated_date, r.created_by, r.created_by_id, r.is_sample";
    /** The columns of {@link #COLUMNS}, unqualified (SQLite's RETURNING takes no table alias). */
    private static final String RETURNED = "id, data, created_date, updated_date, created_by, created_by_id, is_sample";
    private static final String SCOPE = "r.app_id = ? AND r.entity = ? AND r.env = ?";

    private final Dialect dialect;

    public RecordStore(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The record with {@code id}, if it exists in {@code scope} and matches {@code rule}. */
    public Optional<StoredRecord> find(Connection c, EntityScope scope, String id, Filter rule) throws SQLException {
        return findOne(c, scope, id, rule, "");
    }

    /** Like {@link #find}, and locks the row until the transaction ends (PostgreSQL; SQLite has one writer). */
    public Optional<StoredRecord> findForUpdate(Connection c, EntityScope scope, String id, Filter rule) throws SQLException {
        return findOne(c, scope, id, rule, dialect.forUpdate());
    }

    private Optional<StoredRecord> findOne(Connection c, EntityScope scope, String id, Filter rule, String suffix) throws SQLException {
        SqlFragment where = dialect.queries().where(rule);
        String sql = "SELECT " + COLUMNS + " FROM records r WHERE " + SCOPE + " AND r.id = ? AND (" + where.sql() + ")" + suffix;
        return byId(c, sql, scope, id, where);
    }

    /** Runs {@code sql}, bound to the scope, {@code id} and then {@code where}, and reads the record it returns if any. */
    private static Optional<StoredRecord> byId(Connection c, String sql, EntityScope scope, String id, SqlFragment where)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindScope(ps, scope);
            ps.setString(i++, id);
            bind(ps, i, where.params());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Evaluates each filter against one record that need not be stored (an incoming create, an
     * update's result, a realtime event), with the same SQL the filters compile to for a query.
     */
    public boolean[] matches(Connection c, EntityScope scope, StoredRecord record, List<Filter> filters) throws SQLException {
        boolean[] out = new boolean[filters.size()];
        if (filters.isEmpty()) return out;
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < filters.size(); i++) {
            SqlFragment f = dialect.queries().where(filters.get(i));
            sql.append(i == 0 ? "" : ", ").append("CASE WHEN (").append(f.sql()).append(") THEN 1 ELSE 0 END");
            params.addAll(f.params());
        }
        String t = dialect.textParam();
        sql.append(" FROM (SELECT ").append(t).append(" AS app_id, ").append(t).append(" AS entity, ").append(t).append(" AS env, ")
                .append(t).append(" AS id, ").append(dialect.jsonParam()).append(" AS data, ").append(t).append(" AS created_date, ")
                .append(t).append(" AS updated_date, ").append(t).append(" AS created_by, ").append(t).append(" AS created_by_id, ")
                .append(dialect.boolParam()).append(" AS is_sample) r");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bindRecord(ps, bindScope(ps, bind(ps, 1, params), scope), record);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int k = 0; k < out.length; k++) out[k] = rs.getInt(k + 1) == 1;
            }
        }
        return out;
    }

    /** One row of a page: the record and, per flag filter, whether it matches. */
    public record Row(StoredRecord record, boolean[] flags) {}

    /** The records matching the page's filter, in its order. */
    public List<StoredRecord> page(Connection c, EntityScope scope, PageRequest page) throws SQLException {
        return page(c, scope, page, List.of()).stream().map(Row::record).toList();
    }

    /**
     * The records matching the page's filter, in its order, each with one flag per filter in
     * {@code flags} (used for field rules that depend on the record: the database decides them
     * in the same query).
     */
    public List<Row> page(Connection c, EntityScope scope, PageRequest page, List<Filter> flags) throws SQLException {
        return page(c, scope, page, flags, ScalarFields.NONE);
    }

    /**
     * Like {@link #page(Connection, EntityScope, PageRequest, List)}, with the scalar forms on
     * {@code scalars} (see {@link QueryCompiler#where(Filter, ScalarFields)}) unless a record of the
     * scope holds an array in one of them: the same records, in the same order.
     */
    public List<Row> page(Connection c, EntityScope scope, PageRequest page, List<Filter> flags, ScalarFields scalars)
            throws SQLException {
        SqlFragment query = dialect.reusable(limited(pageQuery(scope, page, flags, gated(c, scope, page.filter(), scalars, true)), page));
        try (PreparedStatement ps = c.prepareStatement(query.sql())) {
            bind(ps, 1, query.params());
            List<Row> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean[] f = new boolean[flags.size()];
                    for (int k = 0; k < f.length; k++) f[k] = rs.getInt(8 + k) == 1;
                    out.add(new Row(read(rs), f));
                }
            }
            return out;
        }
    }

    /**
     * Like {@link #page(Connection, EntityScope, PageRequest)}, appended to {@code out} as the JSON array of the
     * records' wire form, written from the stored text without JSON trees ({@link WireJson}): for callers who see the
     * records whole (no field rule, no projection). With the scalar forms on {@code scalars}, gated, as
     * {@link #page(Connection, EntityScope, PageRequest, List, ScalarFields)}.
     */
    public void pageJson(Connection c, EntityScope scope, PageRequest page, ScalarFields scalars, StringBuilder out)
            throws SQLException {
        SqlFragment query = dialect.reusable(limited(pageQuery(scope, page, List.of(), gated(c, scope, page.filter(), scalars, true)), page));
        try (PreparedStatement ps = c.prepareStatement(query.sql())) {
            bind(ps, 1, query.params());
            out.append('[');
            try (ResultSet rs = ps.executeQuery()) {
                for (boolean first = true; rs.next(); first = false) {
                    if (!first) out.append(',');
                    WireJson.append(rs, out);
                }
            }
            out.append(']');
        }
    }

    /**
     * Like {@link #find}, appended to {@code out} as the record's wire JSON ({@link WireJson}); false (nothing
     * appended) when there is no such record.
     */
    public boolean findJson(Connection c, EntityScope scope, String id, Filter rule, StringBuilder out) throws SQLException {
        SqlFragment where = dialect.queries().where(rule);
        String sql = "SELECT " + COLUMNS + " FROM records r WHERE " + SCOPE + " AND r.id = ? AND (" + where.sql() + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindScope(ps, scope);
            ps.setString(i++, id);
            bind(ps, i, where.params());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return false;
                WireJson.append(rs, out);
                return true;
            }
        }
    }

    /**
     * Like {@link #page(Connection, EntityScope, PageRequest)}, and locks the rows until the
     * transaction ends (PostgreSQL; SQLite has one writer).
     */
    public List<StoredRecord> pageForUpdate(Connection c, EntityScope scope, PageRequest page) throws SQLException {
        SqlFragment query = pageQuery(scope, page, List.of(), gated(c, scope, page.filter(), ScalarFields.NONE, true));
        try (PreparedStatement ps = c.prepareStatement(query.sql() + dialect.forUpdate())) {
            int i = bind(ps, 1, query.params());
            ps.setInt(i++, page.limit());
            ps.setInt(i, page.skip());
            List<StoredRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            return out;
        }
    }

    /** {@code query}, a page's SELECT ending in {@code LIMIT ? OFFSET ?}, with those two values bound too. */
    private static SqlFragment limited(SqlFragment query, PageRequest page) {
        return query.append("", limitOffset(page));
    }

    /** The values of a page's {@code LIMIT ? OFFSET ?}, fixed (written into a reusable read's text). */
    private static SqlFragment limitOffset(PageRequest page) {
        return SqlFragment.of("", SqlFragment.fixed(page.limit()), SqlFragment.fixed(page.skip()));
    }

    /** The page's SELECT with every parameter but LIMIT and OFFSET, which come last. */
    SqlFragment pageQuery(EntityScope scope, PageRequest page) {
        return pageQuery(scope, page, List.of());
    }

    /**
     * {@link #pageQuery(EntityScope, PageRequest)} with the scalar forms on {@code scalars}, gated, as run on {@code c}
     * (where the dialect runs the gate apart, its probe runs now, see {@link #gated}).
     */
    SqlFragment pageQuery(Connection c, EntityScope scope, PageRequest page, ScalarFields scalars) throws SQLException {
        return pageQuery(scope, page, List.of(), gated(c, scope, page.filter(), scalars, true));
    }

    private SqlFragment pageQuery(EntityScope scope, PageRequest page, List<Filter> flags) {
        return pageQuery(scope, page, flags, dialect.queries().where(page.filter(), fields(scope, ScalarFields.NONE, true)));
    }

    /** {@code scalars} and the scope's slotted fields, for a count or (where the dialect says {@link Dialect#scalarPages}) a page. */
    private ScalarFields fields(EntityScope scope, ScalarFields scalars, boolean page) {
        return page && !dialect.scalarPages() ? ScalarFields.NONE : dialect.slots().scalars(scope, scalars);
    }

    /**
     * The filter of a page or count with the scalar forms on {@code scalars} and the slots (see {@link #fields}), gated
     * (see {@link QueryCompiler#where(Filter, ScalarFields)}). Where the dialect runs the gate apart
     * ({@link Dialect#gatesApart}), its probe runs now on {@code c}, in the caller's transaction, and the answer is the
     * branch it picks, ungated.
     */
    private QueryCompiler.Gated gated(Connection c, EntityScope scope, Filter filter, ScalarFields scalars, boolean page)
            throws SQLException {
        QueryCompiler.Gated where = dialect.queries().where(filter, fields(scope, scalars, page));
        if (!where.gated() || !dialect.gatesApart()) return where;
        SqlFragment probe = probeQuery(scope, where);
        boolean none;
        try (PreparedStatement ps = c.prepareStatement(probe.sql())) {
            bind(ps, 1, probe.params());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                none = rs.getInt(1) == 1;
            }
        }
        SqlFragment chosen = none ? where.scalar() : where.general();
        return new QueryCompiler.Gated(chosen, chosen, List.of());
    }

    /** The statement answering 1 when no record of the scope matches an array probe of {@code where}, else 0. */
    private SqlFragment probeQuery(EntityScope scope, QueryCompiler.Gated where) {
        return SqlFragment.of("SELECT CASE WHEN ").append("", anyArrayIn(scope, where, true)).append(" THEN 1 ELSE 0 END", SqlFragment.of(""));
    }

    /** The probe statement of a count of {@code filter} with the scalar forms on {@code scalars} (see {@link #gated}). */
    SqlFragment probeQuery(EntityScope scope, Filter filter, ScalarFields scalars) {
        return probeQuery(scope, dialect.queries().where(filter, fields(scope, scalars, false)));
    }

    private SqlFragment pageQuery(EntityScope scope, PageRequest page, List<Filter> flags, QueryCompiler.Gated where) {
        SqlFragment last = SqlFragment.of(" LIMIT ? OFFSET ?");
        if (!where.gated()) return pageSelect(scope, page, flags, where.general()).append("", last);
        // One statement, so one snapshot: the scalar branch runs when no record of the scope holds an
        // array in a scalar field, the general one otherwise (each is planned on its own; the probe is
        // an index range, evaluated once). The first branch's LIMIT/OFFSET are bound here, the last
        // branch's LIMIT and OFFSET values by the caller.
        SqlFragment scalar = pageSelect(scope, page, flags, anyArrayIn(scope, where, true).append(" AND ", where.scalar()))
                .append(" LIMIT ? OFFSET ?", limitOffset(page));
        SqlFragment general = pageSelect(scope, page, flags, anyArrayIn(scope, where, false).append(" AND ", where.general()))
                .append("", last);
        return gatedUnion(scalar, general);
    }

    /** The page's SELECT up to its ORDER BY, filtered by {@code where}. */
    private SqlFragment pageSelect(EntityScope scope, PageRequest page, List<Filter> flags, SqlFragment where) {
        SqlFragment select = SqlFragment.of("SELECT " + COLUMNS);
        for (Filter flag : flags) {
            select = select.append(", CASE WHEN (", dialect.queries().where(flag)).append(") THEN 1 ELSE 0 END", SqlFragment.of(""));
        }
        return select
                .append(" FROM records r WHERE ", scoped("", scope))
                .append(" AND (", where)
                .append(") ORDER BY ", dialect.queries().orderBy(page.sort()));
    }

    /**
     * "Some record of the scope matches one of the array probes of {@code where}", or with
     * {@code none} "no record matches any": one uncorrelated scalar subquery per probe (the inner
     * {@code r} hides the outer one), each a range of one field's index, which the database
     * evaluates once per statement. NB: one subquery per field, because an OR of the ranges may be
     * planned as a scan of the entity; and not {@code EXISTS}, which SQLite 3.51 may turn into a
     * join and then answer wrongly in a UNION ALL branch.
     */
    private SqlFragment anyArrayIn(EntityScope scope, QueryCompiler.Gated where, boolean none) {
        List<SqlFragment> parts = new ArrayList<>();
        for (SqlFragment probe : where.arrayProbes()) {
            String from = probe.sql().equals("r.s_arrays") ? dialect.slotArraysFrom() : "records r";
            parts.add(scoped("(SELECT 1 FROM " + from + " WHERE ", scope)
                    .append(" AND ", probe).append(" LIMIT 1)" + (none ? " IS NULL" : " IS NOT NULL"), SqlFragment.of("")));
        }
        return none ? dev.homebase.server.query.Conditions.and(parts) : dev.homebase.server.query.Conditions.or(parts);
    }

    /** The rows of whichever of two complete, gated SELECTs runs (at most one returns rows), in its order. */
    private static SqlFragment gatedUnion(SqlFragment scalar, SqlFragment general) {
        return SqlFragment.of("SELECT g.* FROM (").append("", scalar).append(") g UNION ALL SELECT g.* FROM (", general)
                .append(") g", SqlFragment.of(""));
    }

    /** One row of a keyset page: the record, its flags (as in {@link #page}) and its sort key values. */
    public record KeyedRow(StoredRecord record, boolean[] flags, List<Object> keys) {}

    /**
     * Up to {@code limit} records matching {@code filter} in {@code sort} order that come strictly
     * after the row whose sort key values were {@code after} (null: from the start), each with
     * its flags and its own key values (for the next cursor). Keyset pagination: no OFFSET, so
     * rows deleted or added before the position do not shift it.
     *
     * @throws IllegalArgumentException when {@code after} does not have one value per sort key
     */
    public List<KeyedRow> pageAfter(Connection c, EntityScope scope, Filter filter, Sort sort, List<Object> after, int limit,
                                    List<Filter> flags) throws SQLException {
        return pageAfter(c, scope, filter, sort, after, limit, flags, ScalarFields.NONE);
    }

    /**
     * Like {@link #pageAfter(Connection, EntityScope, Filter, Sort, List, int, List)}, with the
     * scalar forms on {@code scalars} unless a record of the scope holds an array in one of them.
     */
    public List<KeyedRow> pageAfter(Connection c, EntityScope scope, Filter filter, Sort sort, List<Object> after, int limit,
                                    List<Filter> flags, ScalarFields scalars) throws SQLException {
        List<SortKey> keys = dialect.queries().sortKeys(sort);
        SqlFragment query = dialect.reusable(pageAfterQuery(scope, sort, after, limit, flags, gated(c, scope, filter, scalars, true)));
        try (PreparedStatement ps = c.prepareStatement(query.sql())) {
            bind(ps, 1, query.params());
            List<KeyedRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean[] f = new boolean[flags.size()];
                    for (int k = 0; k < f.length; k++) f[k] = rs.getInt(8 + k) == 1;
                    out.add(new KeyedRow(read(rs), f, keyValues(rs, 8 + f.length, keys.size())));
                }
            }
            return out;
        }
    }

    /** The SELECT of {@link #pageAfter}, every parameter bound. */
    SqlFragment pageAfterQuery(EntityScope scope, Filter filter, Sort sort, List<Object> after, int limit, List<Filter> flags) {
        return pageAfterQuery(scope, sort, after, limit, flags, dialect.queries().where(filter, fields(scope, ScalarFields.NONE, true)));
    }

    /** The SELECT of {@link #pageAfter}, every parameter bound, filtered by {@code where} (gated in the statement if it is). */
    private SqlFragment pageAfterQuery(EntityScope scope, Sort sort, List<Object> after, int limit, List<Filter> flags,
                                       QueryCompiler.Gated where) {
        if (!where.gated()) return pageAfterSelect(scope, where.general(), sort, after, limit, flags);
        return gatedUnion(pageAfterSelect(scope, anyArrayIn(scope, where, true).append(" AND ", where.scalar()), sort, after, limit, flags),
                pageAfterSelect(scope, anyArrayIn(scope, where, false).append(" AND ", where.general()), sort, after, limit, flags));
    }

    private SqlFragment pageAfterSelect(EntityScope scope, SqlFragment where, Sort sort, List<Object> after, int limit, List<Filter> flags) {
        List<SortKey> keys = dialect.queries().sortKeys(sort);
        SqlFragment select = SqlFragment.of("SELECT " + COLUMNS);
        for (Filter flag : flags) {
            select = select.append(", CASE WHEN (", dialect.queries().where(flag)).append(") THEN 1 ELSE 0 END", SqlFragment.of(""));
        }
        for (SortKey key : keys) select = select.append(", ", key.expression());
        SqlFragment query = select
                .append(" FROM records r WHERE ", scoped("", scope))
                .append(" AND (", where).append(")", SqlFragment.of(""));
        if (after != null) query = query.append(" AND ", dialect.queries().after(keys, after));
        return query.append(" ORDER BY ", dialect.queries().orderBy(sort)).append(" LIMIT ?", SqlFragment.of("", SqlFragment.fixed(limit)));
    }

    /** One distinct value and its sort key values (for the next cursor). */
    public record KeyedValue(JsonNode value, List<Object> keys) {}

    /**
     * Up to {@code limit} distinct values of the data field {@code field} among the records
     * matching {@code filter}, ascending in MongoDB type order, strictly after the value whose
     * keys were {@code after} (null: from the start). Array values contribute each element;
     * null and missing values none. All in SQL.
     *
     * @throws dev.homebase.server.query.QueryException for an invalid or system field
     */
    public List<KeyedValue> distinctAfter(Connection c, EntityScope scope, Filter filter, String field, List<Object> after, int limit)
            throws SQLException {
        QueryCompiler.Distinct distinct = dialect.queries().distinct(field, "m");
        List<SortKey> keys = distinct.keys();
        List<String> columns = new ArrayList<>();
        List<String> grouping = new ArrayList<>();
        List<SortKey> outer = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            columns.add(keys.get(i).sql() + " AS k" + i);
            grouping.add(String.valueOf(i + 1));
            outer.add(keys.get(i).over("d.k" + i));
        }
        SqlFragment query = scoped("WITH m AS (SELECT r.data FROM records r WHERE ", scope)
                .append(" AND (", generalWhere(scope, filter))
                .append(")) SELECT d.* FROM (SELECT " + String.join(", ", columns) + ", MIN(" + distinct.json() + ") AS v FROM "
                        + distinct.from() + " GROUP BY " + String.join(", ", grouping) + ") d", SqlFragment.of(""));
        if (after != null) query = query.append(" WHERE ", dialect.queries().after(outer, after));
        List<String> order = outer.stream().map(SortKey::ordering).toList();
        query = dialect.reusable(query.append(" ORDER BY " + String.join(", ", order) + " LIMIT ?", SqlFragment.of("", SqlFragment.fixed(limit))));
        try (PreparedStatement ps = c.prepareStatement(query.sql())) {
            bind(ps, 1, query.params());
            List<KeyedValue> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String json = rs.getString(keys.size() + 1);
                    try {
                        out.add(new KeyedValue(Json.parse(json), keyValues(rs, 1, keys.size())));
                    } catch (JsonProcessingException e) {
                        throw new SQLException("distinct value is not JSON", e);
                    }
                }
            }
            return out;
        }
    }

    /**
     * The sort key values of the current row, as values {@link #bind} takes back: integers as
     * Long, other numbers as Double, JSON (PostgreSQL JSONB) as its text. The users' cursor pages read theirs so too.
     */
    public static List<Object> keyValues(ResultSet rs, int first, int count) throws SQLException {
        List<Object> out = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            Object value = rs.getObject(i);
            out.add(switch (value) {
                case null -> null;
                case Integer n -> n.longValue();
                case Short n -> n.longValue();
                case Long n -> n;
                case Float n -> n.doubleValue();
                case Double n -> n;
                case Boolean b -> b;
                case String text -> text;
                default -> rs.getString(i);
            });
        }
        return out;
    }

    /** Serialises writers on {@code key} for the rest of the transaction. */
    public void lockKey(Connection c, String key) throws SQLException {
        dialect.lockKey(c, key);
    }

    /** How many records match {@code filter}. */
    public long count(Connection c, EntityScope scope, Filter filter) throws SQLException {
        return count(c, scope, filter, ScalarFields.NONE);
    }

    /**
     * How many records match {@code filter}, counted with the scalar forms on {@code scalars} unless
     * a record of the scope holds an array in one of them.
     */
    public long count(Connection c, EntityScope scope, Filter filter, ScalarFields scalars) throws SQLException {
        SqlFragment query = dialect.reusable(countQuery(c, scope, filter, scalars));
        try (PreparedStatement ps = c.prepareStatement(query.sql())) {
            bind(ps, 1, query.params());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The COUNT statement of {@link #count}, as run on {@code c} (where the dialect runs the gate apart, its probe runs now). */
    SqlFragment countQuery(Connection c, EntityScope scope, Filter filter, ScalarFields scalars) throws SQLException {
        QueryCompiler.Gated where = gated(c, scope, filter, scalars, false);
        if (!where.gated()) return countSelect(scope, where.general());
        // Both databases evaluate only the subquery of the CASE branch taken.
        return SqlFragment.of("SELECT CASE WHEN ").append("", anyArrayIn(scope, where, true))
                .append(" THEN (", countSelect(scope, where.scalar())).append(") ELSE (", countSelect(scope, where.general()))
                .append(") END", SqlFragment.of(""));
    }

    private static SqlFragment countSelect(EntityScope scope, SqlFragment where) {
        return scoped("SELECT COUNT(*) FROM records r WHERE ", scope)
                .append(" AND (", where).append(")", SqlFragment.of(""));
    }

    /**
     * The rows of an aggregate over the records matching {@code filter}, at most one more than
     * {@code spec.limit()} (so the caller can tell whether there were more groups).
     *
     * @param visibleWhen per top-level data field, the condition under which the caller may see it
     */
    public List<ObjectNode> aggregate(Connection c, EntityScope scope, Filter filter, AggregateSpec spec,
                                      Map<String, Filter> visibleWhen) throws SQLException {
        SqlFragment records = scoped("", scope)
                .append(" AND (", generalWhere(scope, filter)).append(")", SqlFragment.of(""));
        return aggregateRows(c, dialect.queries().aggregate(spec, visibleWhen, records));
    }

    /**
     * Runs a rendered aggregate and returns its groups, at most {@code query.fetch()} of them (one more
     * than the caller's limit, so it can tell a truncated answer). Shared by records and the users view.
     */
    public static List<ObjectNode> aggregateRows(Connection c, AggregateQuery query) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query.sql().sql())) {
            int i = bind(ps, 1, query.sql().params());
            ps.setInt(i, query.fetch());
            List<ObjectNode> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        out.add(query.row(Json.parse(rs.getString(1))));
                    } catch (JsonProcessingException e) {
                        throw new SQLException("aggregate row is not JSON", e);
                    }
                }
            }
            return out;
        }
    }

    /** Inserts a new record. */
    public void insert(Connection c, EntityScope scope, StoredRecord record) throws SQLException {
        insert(c, scope, record, Json.write(record.data()));
    }

    /** Inserts a new record whose data is {@code dataJson}, the JSON text of {@code record.data()} (written once by the caller). */
    public void insert(Connection c, EntityScope scope, StoredRecord record, String dataJson) throws SQLException {
        RecordSlots.Assignment slots = dialect.slots().of(scope.appId(), scope.entity());
        String columns = slots.isEmpty() ? "" : ", " + String.join(", ", slots.columns().values()) + ", s_arrays";
        String marks = ", ?".repeat(slots.isEmpty() ? 0 : slots.columns().size() + 1);
        String sql = "INSERT INTO records (app_id, entity, env, id, data, created_date, updated_date, created_by, created_by_id, is_sample"
                + columns + ") VALUES (?, ?, ?, ?, " + dialect.jsonParam() + ", ?, ?, ?, ?, ?" + marks + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindRecord(ps, bindScope(ps, scope), record, dataJson);
            if (!slots.isEmpty()) bind(ps, i, RecordSlots.values(dialect, slots, record.data()));
            ps.executeUpdate();
        }
    }

    /** Replaces the data and update time of an existing record; false when it no longer exists. */
    public boolean update(Connection c, EntityScope scope, StoredRecord record) throws SQLException {
        RecordSlots.Assignment slots = dialect.slots().of(scope.appId(), scope.entity());
        StringBuilder set = new StringBuilder();
        for (String column : slots.columns().values()) set.append(", ").append(column).append(" = ?");
        if (!slots.isEmpty()) set.append(", s_arrays = ?");
        String sql = "UPDATE records SET data = " + dialect.jsonParam() + ", updated_date = ?" + set
                + " WHERE app_id = ? AND entity = ? AND env = ? AND id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, Json.write(record.data()));
            ps.setString(2, record.updatedDate());
            int i = slots.isEmpty() ? 3 : bind(ps, 3, RecordSlots.values(dialect, slots, record.data()));
            ps.setString(i++, scope.appId());
            ps.setString(i++, scope.entity());
            ps.setString(i++, scope.env());
            ps.setString(i, record.id());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Whether {@link #updateMerging} is available: the dialect merges a JSON object into the stored one in SQL, top-level
     * keys replaced and nulls kept (PostgreSQL's {@code jsonb ||}; SQLite's {@code json_patch} would remove the keys
     * a patch sets to null).
     */
    public boolean mergesInPlace() {
        return dialect.mergeJson("r.data") != null;
    }

    /**
     * Sets the top-level fields of {@code patch} on the record {@code id} if it matches {@code rule}, and its update time,
     * in one statement; returns the record as it is now, or empty when no record was changed (absent or not matching).
     *
     * @throws UnsupportedOperationException unless {@link #mergesInPlace()}
     */
    public Optional<StoredRecord> updateMerging(Connection c, EntityScope scope, String id, Filter rule, ObjectNode patch,
                                                String updatedDate) throws SQLException {
        return updateMerging(c, scope, id, rule, patch, updatedDate, text -> { });
    }

    /** Like {@link #updateMerging}; the record's data text, as the database returned it, also goes to {@code dataJson}. */
    public Optional<StoredRecord> updateMerging(Connection c, EntityScope scope, String id, Filter rule, ObjectNode patch,
                                                String updatedDate, Consumer<String> dataJson) throws SQLException {
        String merged = dialect.mergeJson("r.data");
        if (merged == null) throw new UnsupportedOperationException("no JSON merge in SQL on " + dialect.name());
        SqlFragment where = dialect.queries().where(rule);
        SqlFragment slots = mergedSlots(scope, patch);
        String sql = "UPDATE records AS r SET data = " + merged + ", updated_date = ?" + slots.sql() + " WHERE " + SCOPE
                + " AND r.id = ? AND (" + where.sql() + ") RETURNING " + RETURNED;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, Json.write(patch));
            ps.setString(2, updatedDate);
            int i = bindScope(ps, bind(ps, 3, slots.params()), scope);
            ps.setString(i++, id);
            bind(ps, i, where.params());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                dataJson.accept(rs.getString(2));
                return Optional.of(read(rs));
            }
        }
    }

    /**
     * The {@code SET} items (with a leading comma) that keep the slots of a record right when the top-level fields of
     * {@code patch} replace its own: the patched slotted fields from the patch, and {@code s_arrays} from the patch and
     * the stored values of the other slotted fields. Empty when the patch sets no slotted field.
     */
    private SqlFragment mergedSlots(EntityScope scope, ObjectNode patch) {
        RecordSlots.Assignment slots = dialect.slots().of(scope.appId(), scope.entity());
        StringBuilder set = new StringBuilder();
        List<Object> params = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        boolean arrays = false;
        for (Map.Entry<String, String> e : slots.columns().entrySet()) {
            if (!patch.has(e.getKey())) {
                kept.add(e.getKey());
                continue;
            }
            set.append(", ").append(e.getValue()).append(" = ?");
            params.add(RecordSlots.value(dialect, e.getValue(), patch.get(e.getKey())));
            arrays |= RecordSlots.nonEmptyArray(patch.get(e.getKey()));
        }
        if (params.isEmpty()) return SqlFragment.of("");
        set.append(", s_arrays = ").append(arrays ? dialect.bool(true) : dialect.slotArrays("r.data", kept));
        return new SqlFragment(set.toString(), params);
    }

    /** Deletes one record if it matches {@code rule}; returns its last state, or empty when none was deleted. */
    public Optional<StoredRecord> delete(Connection c, EntityScope scope, String id, Filter rule) throws SQLException {
        SqlFragment where = dialect.queries().where(rule);
        String sql = "DELETE FROM records AS r WHERE " + SCOPE + " AND r.id = ? AND (" + where.sql() + ") RETURNING " + RETURNED;
        return byId(c, sql, scope, id, where);
    }

    /**
     * The general form of {@code filter} for a statement over the stored records of {@code scope} (deletes, aggregates,
     * distinct values), over the slot columns where the dialect indexes only those (see
     * {@link dev.homebase.server.query.QueryCompiler#whereSlotted}).
     */
    SqlFragment generalWhere(EntityScope scope, Filter filter) {
        return dialect.queries().whereSlotted(filter, dialect.slots().scalars(scope, ScalarFields.NONE));
    }

    /** Deletes every record matching {@code filter} and returns their last states. */
    public List<StoredRecord> deleteMatching(Connection c, EntityScope scope, Filter filter) throws SQLException {
        SqlFragment where = generalWhere(scope, filter);
        String sql = "DELETE FROM records AS r WHERE " + SCOPE + " AND (" + where.sql() + ") RETURNING " + RETURNED;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindScope(ps, scope);
            bind(ps, i, where.params());
            List<StoredRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            return out;
        }
    }

    /**
     * {@code prefix} then the scope condition, with app, entity and environment as {@link SqlFragment.Fixed} parameters:
     * every declared index is partial on them, so a reusable read carries them in its text.
     */
    private static SqlFragment scoped(String prefix, EntityScope scope) {
        return SqlFragment.of(prefix + SCOPE, SqlFragment.fixed(scope.appId()), SqlFragment.fixed(scope.entity()),
                SqlFragment.fixed(scope.env()));
    }

    private static int bindScope(PreparedStatement ps, EntityScope scope) throws SQLException {
        return bindScope(ps, 1, scope);
    }

    /** Binds app, entity and environment from parameter {@code start} on; returns the next index. */
    private static int bindScope(PreparedStatement ps, int start, EntityScope scope) throws SQLException {
        ps.setString(start, scope.appId());
        ps.setString(start + 1, scope.entity());
        ps.setString(start + 2, scope.env());
        return start + 3;
    }

    /**
     * Binds a record's columns after its scope, in table order (id, data, created_date,
     * updated_date, created_by, created_by_id, is_sample); returns the next index.
     */
    private static int bindRecord(PreparedStatement ps, int start, StoredRecord record) throws SQLException {
        return bindRecord(ps, start, record, Json.write(record.data()));
    }

    private static int bindRecord(PreparedStatement ps, int start, StoredRecord record, String dataJson) throws SQLException {
        int i = start;
        ps.setString(i++, record.id());
        ps.setString(i++, dataJson);
        ps.setString(i++, record.createdDate());
        ps.setString(i++, record.updatedDate());
        ps.setString(i++, record.createdBy());
        ps.setString(i++, record.createdById());
        ps.setBoolean(i++, record.isSample());
        return i;
    }

    private static int bind(PreparedStatement ps, int start, List<Object> params) throws SQLException {
        return SqlFragment.bind(ps, start, params);
    }

    private static StoredRecord read(ResultSet rs) throws SQLException {
        ObjectNode data;
        try {
            data = (ObjectNode) Json.parse(rs.getString(2));
        } catch (JsonProcessingException | ClassCastException e) {
            throw new SQLException("stored record " + rs.getString(1) + " has invalid JSON data", e);
        }
        return new StoredRecord(rs.getString(1), data, rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getBoolean(7));
    }
}
