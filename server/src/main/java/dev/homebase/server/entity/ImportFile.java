package dev.homebase.server.entity;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import dev.homebase.server.internal.JsonValues;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an import upload (api-contract §4.15) into record bodies, one per data row, ready for
 * {@link RecordService#importRecords}.
 *
 * <p>Two formats. <b>CSV</b> (RFC 4180): UTF-8 with an optional byte-order mark, a header row of
 * field names, commas between cells, {@code "} quoting with {@code ""} for a quote, and commas and
 * line breaks (LF or CRLF) inside quoted cells; blank lines are skipped; a row may have fewer cells
 * than the header but not more. Cells are coerced by the schema: an empty cell is absent, a cell of
 * an {@code array} or {@code object} field is parsed as JSON text, any other cell stays a string
 * for the validator's lax coercion ({@code "12.5"} to a number, {@code "true"} to a boolean).
 * <b>JSON</b>: one array of objects, taken as they are. The format comes from the filename
 * ({@code .csv}, {@code .json}), else the content type, else the first non-blank character
 * ({@code [} means JSON).
 *
 * <p><b>Row numbers</b> count data rows from 1: in a CSV the first row after the header is row 1
 * (whatever its line number), in JSON the first element of the array is row 1.
 */
public final class ImportFile {
    /** Most data rows one import takes. */
    public static final int MAX_ROWS = 50_000;

    /** A problem with the file's content (bad CSV, not an array, too many rows); the message says which row. */
    public static final class FormatException extends RuntimeException {
        public FormatException(String message) {
            super(message);
        }
    }

    /** Reads one array element at a time (the shared mapper refuses content after a value). */
    private static final ObjectReader ELEMENT =
            Json.MAPPER.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ImportFile() {}

    /**
     * Reads every row of {@code in}.
     *
     * @param filename the part's original filename (may be null)
     * @param contentType the part's content type (may be null)
     * @throws FormatException for content that cannot be read as CSV or a JSON array of objects
     */
    public static List<ObjectNode> read(InputStream in, String filename, String contentType, EntitySchema schema, int maxRows)
            throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        skipBom(buffered);
        List<ObjectNode> rows = isJson(buffered, filename, contentType) ? readJson(buffered, maxRows) : readCsv(buffered, schema, maxRows);
        // What the stores cannot keep (NUL characters, numbers beyond a double), as for JSON bodies.
        for (int i = 0; i < rows.size(); i++) {
            int row = i + 1;
            JsonValues.problem(rows.get(i)).ifPresent(p -> {
                throw new FormatException("Row " + row + ": " + p.message());
            });
        }
        return rows;
    }

    private static void skipBom(BufferedInputStream in) throws IOException {
        in.mark(3);
        byte[] head = in.readNBytes(3);
        if (!(head.length == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF)) in.reset();
    }

    private static boolean isJson(BufferedInputStream in, String filename, String contentType) throws IOException {
        String name = filename == null ? "" : filename.toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) return true;
        if (name.endsWith(".csv")) return false;
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json")) return true;
        if (type.startsWith("text/csv")) return false;
        in.mark(4096);
        try {
            int b;
            int n = 0;
            while ((b = in.read()) != -1 && n++ < 4096) {
                if (!Character.isWhitespace(b)) return b == '[';
            }
            return false;
        } finally {
            in.reset();
        }
    }

    private static List<ObjectNode> readJson(InputStream in, int maxRows) throws IOException {
        List<ObjectNode> rows = new ArrayList<>();
        try (JsonParser parser = Json.MAPPER.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) throw new FormatException("A JSON import must be an array of objects");
            JsonToken t;
            while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) throw new FormatException("The JSON array is not closed");
                int row = rows.size() + 1;
                if (row > maxRows) throw new FormatException("The file has more than " + maxRows + " rows");
                JsonNode node = ELEMENT.readValue(parser);
                if (node == null || !node.isObject()) throw new FormatException("Row " + row + ": must be a JSON object");
                rows.add((ObjectNode) node);
            }
            if (parser.nextToken() != null) throw new FormatException("Unexpected content after the JSON array");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FormatException("The file is not valid JSON (row " + (rows.size() + 1) + ")");
        }
        return rows;
    }

    private static List<ObjectNode> readCsv(InputStream in, EntitySchema schema, int maxRows) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CsvReader csv = new CsvReader(new BufferedReader(new InputStreamReader(in, utf8), 64 * 1024));
        List<String> header;
        try {
            header = csv.next();
            if (header == null) throw new FormatException("The file is empty: it needs a header row of field names");
            header = header.stream().map(String::strip).toList();
            Set<String> seen = new HashSet<>();
            for (String h : header) {
                if (!h.isEmpty() && !seen.add(h)) throw new FormatException("The header names the column '" + h + "' twice");
            }
            List<ObjectNode> rows = new ArrayList<>();
            List<String> cells;
            while ((cells = csv.next()) != null) {
                int row = rows.size() + 1;
                if (row > maxRows) throw new FormatException("The file has more than " + maxRows + " rows");
                if (cells.size() > header.size()) {
                    throw new FormatException("Row " + row + ": has " + cells.size() + " cells but the header has " + header.size());
                }
                ObjectNode record = Json.object();
                for (int i = 0; i < cells.size(); i++) {
                    String name = header.get(i);
                    String cell = cells.get(i);
                    if (name.isEmpty() || cell.isEmpty()) continue;
                    record.set(name, coerce(schema.field(name).orElse(null), cell));
                }
                rows.add(record);
            }
            return rows;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new FormatException("The file is not valid UTF-8 text (row " + csv.rows + ")");
        } catch (CsvException e) {
            throw new FormatException((csv.rows == 0 ? "Header row: " : "Row " + csv.rows + ": ") + e.getMessage());
        }
    }

    /** A cell as a JSON value: JSON text for array and object fields, else the string itself. */
    private static JsonNode coerce(FieldDef def, String cell) {
        if (def != null && (def.allows(FieldType.ARRAY) || def.allows(FieldType.OBJECT))) {
            String t = cell.strip();
            if (t.startsWith("[") || t.startsWith("{")) {
                try {
                    return Json.parse(t);
                } catch (IOException e) {
                    // left as text: the validator then reports the field as not a valid array/object
                }
            }
        }
        return Json.MAPPER.getNodeFactory().textNode(cell);
    }

    private static final class CsvException extends Exception {
        CsvException(String message) {
            super(message);
        }
    }

    /** RFC 4180 records from a reader; counts data rows read so far (the header is row 0). */
    private static final class CsvReader {
        private final Reader in;
        private int peeked = -2;
        int rows = -1;

        CsvReader(Reader in) {
            this.in = in;
        }

        private int read() throws IOException {
            if (peeked != -2) {
                int c = peeked;
                peeked = -2;
                return c;
            }
            return in.read();
        }

        private int peek() throws IOException {
            if (peeked == -2) peeked = in.read();
            return peeked;
        }

        /** The next non-blank record's cells, or null at the end. */
        List<String> next() throws IOException, CsvException {
            while (true) {
                if (peek() == -1) return null;
                rows++;
                List<String> cells = record();
                if (cells.size() == 1 && cells.getFirst().isEmpty()) {
                    rows--; // a blank line is not a row
                    continue;
                }
                return cells;
            }
        }

        private List<String> record() throws IOException, CsvException {
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (true) {
                int c = read();
                if (quoted) {
                    if (c == -1) throw new CsvException("a quoted cell is not closed");
                    if (c == '"') {
                        if (peek() == '"') {
                            read();
                            cell.append('"');
                        } else {
                            quoted = false;
                        }
                    } else {
                        cell.append((char) c);
                    }
                    continue;
                }
                if (c == -1 || c == '\n' || c == '\r') {
                    if (c == '\r' && peek() == '\n') read();
                    cells.add(cell.toString());
                    return cells;
                }
                if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                    wasQuoted = false;
                } else if (c == '"' && cell.isEmpty() && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else {
                    if (wasQuoted) throw new CsvException("text after the closing quote of a cell");
                    cell.append((char) c);
                }
            }
        }
    }
}
