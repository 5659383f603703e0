package dev.homebase.server.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.Sort;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.SqlFragment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Conversations and their messages in the database (tables {@code agent_conversations}, {@code agent_messages}).
 * A list's filter, sort, skip and limit are SQL, rendered by the same query compiler as entity queries: the
 * conversation table has the records table's columns, with {@code {agent_name, metadata}} in {@code data}. A message
 * is appended under a lock of its conversation's row, so concurrent appends number their messages in order.
 * Thread-safe.
 */
final class ConversationStore {
    private static final String COLUMNS = "r.id, r.agent_name, r.owner, r.data, r.created_date, r.updated_date, r.created_by, r.created_by_id";

    private final Database db;

    ConversationStore(Database db) {
        this.db = db;
    }

    /** A stored conversation without its messages. */
    record Conversation(String appId, String id, String agentName, String owner, ObjectNode data, String createdDate,
                        String updatedDate, String createdBy, String createdById) {
        /** As the API answers it, with {@code messages}. */
        ObjectNode json(List<ObjectNode> messages) {
            ObjectNode out = Json.object();
            out.put("id", id);
            out.put("app_id", appId);
            out.put("agent_name", agentName);
            out.put("created_by_id", createdById);
            out.put("created_by", createdBy);
            out.put("created_date", createdDate);
            out.put("updated_date", updatedDate);
            ArrayNode list = out.putArray("messages");
            messages.forEach(list::add);
            out.set("metadata", data.path("metadata").isObject() ? data.get("metadata") : Json.object());
            return out;
        }
    }

    /** Stores a new conversation. */
    Conversation create(Conversation c) {
        db.useTx(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO agent_conversations (app_id, id, agent_name, owner, data,"
                    + " created_date, updated_date, created_by, created_by_id) VALUES (?, ?, ?, ?, " + db.dialect().jsonParam() + ", ?, ?, ?, ?)")) {
                int i = 1;
                ps.setString(i++, c.appId());
                ps.setString(i++, c.id());
                ps.setString(i++, c.agentName());
                ps.setString(i++, c.owner());
                ps.setString(i++, Json.write(c.data()));
                ps.setString(i++, c.createdDate());
                ps.setString(i++, c.updatedDate());
                ps.setString(i++, c.createdBy());
                ps.setString(i, c.createdById());
                ps.executeUpdate();
            }
        });
        return c;
    }

    /** The conversation {@code id} of {@code appId}. */
    Optional<Conversation> find(String appId, String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM agent_conversations r WHERE r.app_id = ? AND r.id = ?")) {
                ps.setString(1, appId);
                ps.setString(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(appId, rs)) : Optional.empty();
                }
            }
        });
    }

    /**
     * A page of conversations.
     *
     * @param owner only this owner's conversations; null for every conversation of the app (the service role)
     * @throws dev.homebase.server.query.QueryException for a filter the compiler refuses
     */
    List<Conversation> list(String appId, String owner, Filter filter, Sort sort, int limit, int skip) {
        SqlFragment where = db.dialect().queries().where(filter);
        SqlFragment order = db.dialect().queries().orderBy(sort);
        String sql = "SELECT " + COLUMNS + " FROM agent_conversations r WHERE r.app_id = ?" + (owner == null ? "" : " AND r.owner = ?")
                + " AND (" + where.sql() + ") ORDER BY " + order.sql() + " LIMIT ? OFFSET ?";
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, appId);
                if (owner != null) ps.setString(i++, owner);
                i = SqlFragment.bind(ps, i, where.params());
                i = SqlFragment.bind(ps, i, order.params());
                ps.setInt(i++, limit);
                ps.setInt(i, skip);
                List<Conversation> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(read(appId, rs));
                }
                return out;
            }
        });
    }

    /** The messages of each conversation, in order (one query for the whole page). */
    Map<String, List<ObjectNode>> messages(String appId, List<String> conversationIds) {
        Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
        conversationIds.forEach(id -> out.put(id, new ArrayList<>()));
        if (conversationIds.isEmpty()) return out;
        String marks = String.join(", ", java.util.Collections.nCopies(conversationIds.size(), "?"));
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT conversation_id, data FROM agent_messages WHERE app_id = ?"
                    + " AND conversation_id IN (" + marks + ") ORDER BY conversation_id, seq")) {
                ps.setString(1, appId);
                for (int i = 0; i < conversationIds.size(); i++) ps.setString(i + 2, conversationIds.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.get(rs.getString(1)).add(object(rs.getString(2)));
                }
            }
            return out;
        });
    }

    /** The last {@code max} messages of a conversation, oldest first. */
    List<ObjectNode> lastMessages(String appId, String conversationId, int max) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT data FROM agent_messages WHERE app_id = ? AND conversation_id = ?"
                    + " ORDER BY seq DESC LIMIT ?")) {
                ps.setString(1, appId);
                ps.setString(2, conversationId);
                ps.setInt(3, max);
                List<ObjectNode> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(0, object(rs.getString(1)));
                }
                return out;
            }
        });
    }

    /** Appends a message (its {@code id} set) and touches the conversation's {@code updated_date}. */
    void append(String appId, String conversationId, ObjectNode message, String now) {
        db.useTx(c -> {
            touch(c, appId, conversationId, now); // locks the conversation's row: appends are numbered one at a time
            int seq;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM agent_messages WHERE app_id = ? AND conversation_id = ?")) {
                ps.setString(1, appId);
                ps.setString(2, conversationId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    seq = rs.getInt(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO agent_messages (app_id, conversation_id, seq, id, data)"
                    + " VALUES (?, ?, ?, ?, " + db.dialect().jsonParam() + ")")) {
                ps.setString(1, appId);
                ps.setString(2, conversationId);
                ps.setInt(3, seq);
                ps.setString(4, message.get("id").asText());
                ps.setString(5, Json.write(message));
                ps.executeUpdate();
            }
        });
    }

    /** Replaces a stored message (same {@code id}). */
    void replace(String appId, String conversationId, ObjectNode message, String now) {
        db.useTx(c -> {
            touch(c, appId, conversationId, now);
            try (PreparedStatement ps = c.prepareStatement("UPDATE agent_messages SET data = " + db.dialect().jsonParam()
                    + " WHERE app_id = ? AND conversation_id = ? AND id = ?")) {
                ps.setString(1, Json.write(message));
                ps.setString(2, appId);
                ps.setString(3, conversationId);
                ps.setString(4, message.get("id").asText());
                ps.executeUpdate();
            }
        });
    }

    private static void touch(Connection c, String appId, String conversationId, String now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE agent_conversations SET updated_date = ? WHERE app_id = ? AND id = ?")) {
            ps.setString(1, now);
            ps.setString(2, appId);
            ps.setString(3, conversationId);
            if (ps.executeUpdate() == 0) throw new SQLException("conversation " + conversationId + " is gone");
        }
    }

    private static Conversation read(String appId, ResultSet rs) throws SQLException {
        return new Conversation(appId, rs.getString(1), rs.getString(2), rs.getString(3), object(rs.getString(4)), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }

    private static ObjectNode object(String text) {
        try {
            JsonNode node = Json.parse(text);
            return node instanceof ObjectNode o ? o : Json.object();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
