package dev.homebase.server.integrations.extract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads tables without a model: CSV (RFC 4180, commons-csv; a first line with semicolons or tabs and no
 * comma uses that separator) and XLSX (the first sheet, Apache POI). The first non-empty row is the
 * header; each later non-empty row becomes an object of header → cell (text), where an empty cell is left out.
 * XLSX cells are text too ({@link XlsxSheets}: plain numbers, ISO dates). Stateless; thread-safe.
 */
final class TableReaders {
    private TableReaders() {}

    /** One data row: its number as a spreadsheet shows it (the header is row 1 when it is the first line). */
    record Row(int number, ObjectNode cells) {}

    /** A table: its header and data rows. */
    record Table(List<String> header, List<Row> rows) {}

    /** Reads a CSV file. @throws ExtractionFailed for an unreadable file or more than {@code maxRows} rows */
    static Table csv(byte[] bytes, int maxRows, char defaultDelimiter) {
        String text = decode(bytes);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        int eol = text.indexOf('\n');
        String first = eol < 0 ? text : text.substring(0, eol);
        char delimiter = defaultDelimiter;
        if (delimiter == ',' && first.indexOf(',') < 0) {
            if (first.indexOf(';') >= 0) delimiter = ';';
            else if (first.indexOf('\t') >= 0) delimiter = '\t';
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            for (CSVRecord record : parser) {
                if (isBlank(record)) continue;
                int number = (int) Math.min(Integer.MAX_VALUE, record.getRecordNumber());
                if (header == null) {
                    header = header(record.toList(), number);
                    continue;
                }
                if (rows.size() >= maxRows) throw tooMany(maxRows);
                ObjectNode cells = Json.object();
                for (int i = 0; i < Math.min(header.size(), record.size()); i++) {
                    String value = record.get(i);
                    if (!value.isEmpty()) cells.set(header.get(i), TextNode.valueOf(value));
                }
                rows.add(new Row(number, cells));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            // commons-csv reports a broken quote as an UncheckedIOException while iterating.
            throw new ExtractionFailed("The file cannot be read as CSV: " + rootMessage(e));
        }
        if (header == null) throw new ExtractionFailed("The CSV file is empty: it has no header row");
        return new Table(header, rows);
    }

    /** Reads the first sheet of an XLSX workbook ({@link XlsxSheets}). @throws ExtractionFailed for an unreadable file or too many rows */
    static Table xlsx(byte[] bytes, int maxRows) {
        return XlsxSheets.firstSheet(bytes, maxRows);
    }

    /** The header's names: blank ones become {@code column_<n>}; a repeated name is refused. */
    static List<String> header(List<String> names, int rowNumber) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip();
            if (name.isEmpty()) name = "column_" + (i + 1);
            if (!seen.add(name)) throw new ExtractionFailed("The header (row " + rowNumber + ") names the column \"" + name + "\" twice");
            out.add(name);
        }
        return out;
    }

    private static boolean isBlank(CSVRecord record) {
        for (String v : record) if (!v.isBlank()) return false;
        return true;
    }

    static ExtractionFailed tooMany(int maxRows) {
        return new ExtractionFailed("The file has more than " + maxRows + " data rows (HOMEBASE_EXTRACT_MAX_ROWS)");
    }

    /** UTF-8, else Windows-1252 (what spreadsheet programs often save CSV as). */
    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, Charset.forName("windows-1252"));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }
}
