package dev.homebase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes records one at a time as an export file: CSV (RFC 4180) or a JSON array. Not thread-safe: one
 * per download.
 *
 * <p><b>CSV</b>: a header row of {@link Csv#columns} (the record's id, the schema's fields, then
 * {@code created_date}, {@code updated_date}, {@code created_by}), one row per record, CRLF line ends. A
 * cell is empty for a missing or null value; a string is written as it is; a number or boolean as its
 * JSON text ({@code 12.5}, {@code true}); an object or array as its JSON text. A cell holding a comma, a
 * quote, CR or LF is quoted, with {@code ""} for a quote. Values are never altered (no formula escaping):
 * the file reads back to the same values.
 *
 * <p><b>JSON</b>: one array of the records as the API returns them, one record per line.
 */
abstract sealed class ExportWriter {
    /** The system fields written as CSV columns, besides {@code id} (first). */
    static final List<String> TRAILING_SYSTEM_COLUMNS = List.of("created_date", "updated_date", "created_by");

    protected final Writer out;
    private boolean started;

    private ExportWriter(Writer out) {
        this.out = out;
    }

    /** A writer of {@code format} ({@code csv} or {@code json}); {@code fields} are the schema's top-level fields, in order. */
    static ExportWriter of(String format, Writer out, List<String> fields) {
        return "csv".equals(format) ? new Csv(out, fields) : new JsonArray(out);
    }

    /** The media type of a file of {@code format}. */
    static String contentType(String format) {
        return "csv".equals(format) ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
    }

    /** Writes one record (the header or opening bracket first). */
    final void write(JsonNode record) throws IOException {
        if (!started) begin();
        writeRecord(record);
    }

    /** Ends the file (an empty export still has its header or brackets). */
    final void finish() throws IOException {
        if (!started) begin();
        end();
        out.flush();
    }

    private void begin() throws IOException {
        started = true;
        start();
    }

    protected abstract void start() throws IOException;

    protected abstract void writeRecord(JsonNode record) throws IOException;

    protected abstract void end() throws IOException;

    /** CSV with a header row; see the class comment. */
    static final class Csv extends ExportWriter {
        private final List<String> columns;

        Csv(Writer out, List<String> fields) {
            super(out);
            this.columns = columns(fields);
        }

        /** The CSV columns for a schema's fields: {@code id}, the fields, then the trailing system fields. */
        static List<String> columns(List<String> fields) {
            List<String> out = new java.util.ArrayList<>();
            out.add("id");
            out.addAll(fields);
            out.addAll(TRAILING_SYSTEM_COLUMNS);
            return List.copyOf(out);
        }

        @Override
        protected void start() throws IOException {
            row(columns);
        }

        @Override
        protected void writeRecord(JsonNode record) throws IOException {
            List<String> cells = new java.util.ArrayList<>(columns.size());
            for (String column : columns) cells.add(cell(record.get(column)));
            row(cells);
        }

        @Override
        protected void end() {
            // nothing after the last row
        }

        private void row(List<String> cells) throws IOException {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) out.write(',');
                out.write(quoted(cells.get(i)));
            }
            out.write("\r\n");
        }

        /** A value as CSV cell text, before quoting. */
        static String cell(JsonNode value) {
            if (value == null || value.isNull() || value.isMissingNode()) return "";
            if (value.isTextual()) return value.textValue();
            return Json.write(value); // numbers, booleans, objects and arrays as JSON text
        }

        /** RFC 4180: a cell holding a comma, a quote, CR or LF is quoted, and its quotes doubled. */
        static String quoted(String cell) {
            boolean quote = false;
            for (int i = 0; i < cell.length() && !quote; i++) {
                char c = cell.charAt(i);
                quote = c == ',' || c == '"' || c == '\r' || c == '\n';
            }
            return quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
        }
    }

    /** A JSON array of whole records, one per line. */
    static final class JsonArray extends ExportWriter {
        private boolean first = true;

        JsonArray(Writer out) {
            super(out);
        }

        @Override
        protected void start() throws IOException {
            out.write('[');
        }

        @Override
        protected void writeRecord(JsonNode record) throws IOException {
            out.write(first ? "\n" : ",\n");
            first = false;
            out.write(Json.write(record));
        }

        @Override
        protected void end() throws IOException {
            out.write(first ? "]\n" : "\n]\n");
        }
    }
}
