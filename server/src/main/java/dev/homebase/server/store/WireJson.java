package dev.homebase.server.store;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A stored record written as its wire JSON straight from the database's text, without a JSON tree: {@code id}, the
 * app's fields as stored, then {@code created_date, updated_date, created_by, created_by_id, is_sample} — the keys,
 * order and values {@code RecordOps.render} builds from the same row. The stored text is the app's fields exactly as
 * a tree would write them again (same keys in the same order, numbers as written: the server reads decimals exactly);
 * the white space PostgreSQL prints {@code jsonb} with (after {@code :} and {@code ,}) is left out while copying.
 *
 * <p>Only for records the caller sees whole: no field rule, no projection. Writes use {@link #of} for their answer
 * from the data text they bound (a create) or the database returned (an update merged in SQL).
 */
public final class WireJson {
    private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();

    private WireJson() {}

    /**
     * Appends the record of the current row of {@code rs} (columns as {@code RecordStore}'s: id, data, created_date,
     * updated_date, created_by, created_by_id, is_sample) to {@code out}.
     *
     * @throws SQLException when the stored data is not a JSON object
     */
    static void append(ResultSet rs, StringBuilder out) throws SQLException {
        append(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getBoolean(7), out);
    }

    /**
     * The wire JSON of {@code record} whose app's fields are {@code data}: their JSON text as stored or about to be
     * stored (compact or as PostgreSQL prints it), so that an answer costs no second serialisation of the tree.
     *
     * @throws IllegalArgumentException when {@code data} is not a JSON object's text
     */
    public static String of(StoredRecord record, String data) {
        StringBuilder out = new StringBuilder(data.length() + 200);
        try {
            append(record.id(), data, record.createdDate(), record.updatedDate(), record.createdBy(), record.createdById(),
                    record.isSample(), out);
        } catch (SQLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return out.toString();
    }

    private static void append(String id, String data, String createdDate, String updatedDate, String createdBy,
                               String createdById, boolean isSample, StringBuilder out) throws SQLException {
        int start = 0;
        int end = data == null ? 0 : data.length();
        while (start < end && Character.isWhitespace(data.charAt(start))) start++;
        while (end > start && Character.isWhitespace(data.charAt(end - 1))) end--;
        if (end - start < 2 || data.charAt(start) != '{' || data.charAt(end - 1) != '}') {
            throw new SQLException("stored record " + id + " has invalid JSON data");
        }
        out.append("{\"id\":");
        string(id, out);
        int mark = out.length();
        out.append(',');
        compact(data, start + 1, end - 1, out);
        if (out.length() == mark + 1) out.setLength(mark); // no fields of its own
        out.append(",\"created_date\":");
        string(createdDate, out);
        out.append(",\"updated_date\":");
        string(updatedDate, out);
        out.append(",\"created_by\":");
        string(createdBy, out);
        out.append(",\"created_by_id\":");
        string(createdById, out);
        out.append(",\"is_sample\":").append(isSample).append('}');
    }

    /**
     * Copies {@code text[from, to)} without the white space between tokens: PostgreSQL prints {@code jsonb} as
     * {@code {"a": 1, "b": 2}}; the answer is compact, as a tree would write it. Strings are copied as they are.
     */
    private static void compact(String text, int from, int to, StringBuilder out) {
        boolean inString = false;
        int run = from; // the start of the characters not yet copied: copied in runs, not one by one
        for (int i = from; i < to; i++) {
            char ch = text.charAt(i);
            if (inString) {
                if (ch == '\\') {
                    i++; // the escaped character, even a quote
                } else if (ch == '"') {
                    inString = false;
                }
            } else if (ch == '"') {
                inString = true;
            } else if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') {
                out.append(text, run, i);
                run = i + 1;
            }
        }
        out.append(text, run, to);
    }

    private static void string(String s, StringBuilder out) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        if (plain(s)) out.append(s); // ids, dates and most emails: nothing to escape
        else STRINGS.quoteAsString(s, out);
        out.append('"');
    }

    /** Whether Jackson would write {@code s} as it is: no control character, quote or backslash. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch == '"' || ch == '\\') return false;
        }
        return true;
    }
}
