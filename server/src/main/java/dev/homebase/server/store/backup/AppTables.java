package dev.homebase.server.store.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables that hold one app's data in an app export, with their columns and the portable kind of each: text,
 * whole number, true/false, JSON. Both dialects store the same columns (SQLite: integers for true/false, JSON text;
 * PostgreSQL: {@code BOOLEAN}, {@code JSONB}), so one export file reads into either. Rows are chosen by
 * {@code app_id}. Log tables keep their order but not their ids (a target store numbers its own rows). Left out on
 * purpose: {@code schema_indexes} (made again by {@code serve} from the schemas), automation state, rate-limit
 * counters, OAuth and connector states in flight and realtime events (all short-lived).
 */
final class AppTables {
    /** The portable kind of a column. */
    enum Kind { TEXT, LONG, BOOL, JSON }

    record Column(String name, Kind kind) {}

    /** One table: its columns (the export's field names), the order rows are written in, and whether it is a log. */
    record Table(String name, List<Column> columns, String orderBy, boolean log) {
        String file() {
            return name + ".jsonl";
        }
    }

    static final List<Table> ALL = List.of(
            new Table("records", List.of(t("app_id"), t("entity"), t("env"), t("id"), j("data"), t("created_date"), t("updated_date"),
                    t("created_by"), t("created_by_id"), b("is_sample")), "entity, env, id", false),
            new Table("users", List.of(t("app_id"), t("id"), t("email"), t("full_name"), t("role"), t("password_hash"), b("is_verified"),
                    b("disabled"), j("data"), l("token_version"), t("created_date"), t("updated_date")), "id", false),
            new Table("app_keys", List.of(t("app_id"), t("name"), t("secret"), t("created_date")), "name", false),
            new Table("cursor_keys", List.of(t("app_id"), l("key_id"), t("secret"), t("created_date")), "key_id", false),
            new Table("one_time_codes", List.of(t("app_id"), t("email"), t("purpose"), t("code_hash"), t("user_id"), t("password_hash"),
                    l("attempts"), l("expires_at"), l("created_at")), "email, purpose", false),
            new Table("reset_tokens", List.of(t("token_hash"), t("app_id"), t("user_id"), l("expires_at"), l("used_at")), "token_hash", false),
            new Table("agent_conversations", List.of(t("app_id"), t("id"), t("agent_name"), t("owner"), j("data"), t("created_date"),
                    t("updated_date"), t("created_by"), t("created_by_id"), b("is_sample")), "id", false),
            new Table("agent_messages", List.of(t("app_id"), t("conversation_id"), l("seq"), t("id"), j("data")), "conversation_id, seq", false),
            // Connector and SSO tokens are ciphertext bound to the app (its key moves in app_keys), so they open on the target.
            new Table("connector_connections", List.of(t("app_id"), t("connector"), t("user_id"), t("access_token"), t("refresh_token"),
                    l("expires_at"), t("scope"), t("status"), t("status_reason"), l("refresh_claim"), t("updated_date")), "connector, user_id", false),
            new Table("sso_tokens", List.of(t("app_id"), t("user_id"), t("provider"), t("token_url"), t("access_token"), t("refresh_token"),
                    t("id_token"), l("expires_at"), l("refresh_claim"), t("updated_date")), "user_id", false),
            new Table("function_logs", List.of(t("app_id"), t("function_name"), t("level"), t("message"), t("request_id"),
                    t("created_date")), "id", true),
            new Table("app_logs", List.of(t("app_id"), t("page_name"), t("user_id"), t("session_id"), t("created_date")), "id", true),
            new Table("analytics_events", List.of(t("app_id"), t("event_name"), t("properties"), t("page_url"), t("user_id"),
                    t("session_id"), t("event_time"), t("created_date")), "id", true));

    private AppTables() {}

    static Table named(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /** The newest applied schema migration (Flyway's history), "0" for none. */
    static int schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM " + Backups.SCHEMA_HISTORY
                + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            return rs.next() ? Integer.parseInt(rs.getString(1)) : 0;
        }
    }

    private static Column t(String name) {
        return new Column(name, Kind.TEXT);
    }

    private static Column l(String name) {
        return new Column(name, Kind.LONG);
    }

    private static Column b(String name) {
        return new Column(name, Kind.BOOL);
    }

    private static Column j(String name) {
        return new Column(name, Kind.JSON);
    }
}
