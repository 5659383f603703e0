package dev.homebase.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.query.Filter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for entity records. Every method runs on the connection of the caller's transaction
 * (see {@link Database#inTx}), so several calls compose into one atomic change.
 */
public final class RecordStore {
    private static final String COLUMNS = "r.id, r.data, r.created_date, r.updated_date, r.created_by, r.created_by_id, r.is_sample";
    private static final String SCOPE = "r.app_id = ? AND r.entity = ? AND r.env = ?";

    private final Dialect dialect;

    public RecordStore(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The record with {@code id}, if it exists in {@code scope}. */
    public Optional<StoredRecord> find(Connection c, EntityScope scope, String id) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM records r WHERE " + SCOPE + " AND r.id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindScope(ps, scope);
            ps.setString(4, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Like {@link #find}, and locks the row until the transaction ends (PostgreSQL; SQLite has one writer). */
    public Optional<StoredRecord> findForUpdate(Connection c, EntityScope scope, String id) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM records r WHERE " + SCOPE + " AND r.id = ?" + dialect.forUpdate();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindScope(ps, scope);
            ps.setString(4, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The records matching the page's filter, in its order. */
    public List<StoredRecord> page(Connection c, EntityScope scope, PageRequest page) throws SQLException {
        SqlFragment query = pageQuery(page);
        try (PreparedStatement ps = c.prepareStatement(query.sql())) {
            int i = bindScope(ps, scope);
            i = bind(ps, i, query.params());
            ps.setInt(i++, page.limit());
            ps.setInt(i, page.skip());
            List<StoredRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            return out;
        }
    }

    /** The page's SELECT: scope parameters first, then the fragment's, then LIMIT and OFFSET. */
    SqlFragment pageQuery(PageRequest page) {
        SqlFragment where = dialect.queries().where(page.filter());
        SqlFragment order = dialect.queries().orderBy(page.sort());
        return SqlFragment.of("SELECT " + COLUMNS + " FROM records r WHERE " + SCOPE + " AND (")
                .append("", where).append(") ORDER BY ", order).append(" LIMIT ? OFFSET ?", SqlFragment.of(""));
    }

    /** Inserts a new record. */
    public void insert(Connection c, EntityScope scope, StoredRecord record) throws SQLException {
        String sql = "INSERT INTO records (app_id, entity, env, id, data, created_date, updated_date, created_by, created_by_id, is_sample)"
                + " VALUES (?, ?, ?, ?, " + dialect.jsonParam() + ", ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindScope(ps, scope);
            ps.setString(i++, record.id());
            ps.setString(i++, Json.write(record.data()));
            ps.setString(i++, record.createdDate());
            ps.setString(i++, record.updatedDate());
            ps.setString(i++, record.createdBy());
            ps.setString(i++, record.createdById());
            ps.setBoolean(i, record.isSample());
            ps.executeUpdate();
        }
    }

    /** Replaces the data and update time of an existing record; false when it no longer exists. */
    public boolean update(Connection c, EntityScope scope, StoredRecord record) throws SQLException {
        String sql = "UPDATE records SET data = " + dialect.jsonParam() + ", updated_date = ?"
                + " WHERE app_id = ? AND entity = ? AND env = ? AND id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, Json.write(record.data()));
            ps.setString(2, record.updatedDate());
            ps.setString(3, scope.appId());
            ps.setString(4, scope.entity());
            ps.setString(5, scope.env());
            ps.setString(6, record.id());
            return ps.executeUpdate() == 1;
        }
    }

    /** Deletes one record; false when it did not exist. */
    public boolean delete(Connection c, EntityScope scope, String id) throws SQLException {
        String sql = "DELETE FROM records WHERE app_id = ? AND entity = ? AND env = ? AND id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, scope.appId());
            ps.setString(2, scope.entity());
            ps.setString(3, scope.env());
            ps.setString(4, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Deletes every record matching {@code filter} and returns how many went. */
    public int deleteMatching(Connection c, EntityScope scope, Filter filter) throws SQLException {
        SqlFragment where = dialect.queries().where(filter);
        String sql = "DELETE FROM records AS r WHERE " + SCOPE + " AND (" + where.sql() + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindScope(ps, scope);
            bind(ps, i, where.params());
            return ps.executeUpdate();
        }
    }

    private static int bindScope(PreparedStatement ps, EntityScope scope) throws SQLException {
        ps.setString(1, scope.appId());
        ps.setString(2, scope.entity());
        ps.setString(3, scope.env());
        return 4;
    }

    private static int bind(PreparedStatement ps, int start, List<Object> params) throws SQLException {
        int i = start;
        for (Object p : params) {
            switch (p) {
                case null -> ps.setObject(i, null);
                case String s -> ps.setString(i, s);
                case Long l -> ps.setLong(i, l);
                case Integer n -> ps.setInt(i, n);
                case Double d -> ps.setDouble(i, d);
                case java.math.BigDecimal d -> ps.setBigDecimal(i, d);
                case Boolean b -> ps.setBoolean(i, b);
                default -> throw new IllegalArgumentException("unsupported SQL parameter type " + p.getClass());
            }
            i++;
        }
        return i;
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
