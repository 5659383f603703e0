package dev.homebase.server.integrations.extract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homebase.server.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

/**
 * Reads the first sheet of an XLSX workbook as a stream of rows (POI's SAX event API), never as a whole
 * workbook in memory, and stops at the row limit. Cells arrive as text: numbers in plain notation
 * ({@code 1001}, {@code 12.5}), dates as ISO strings ({@code 2026-03-01}, {@code 2026-03-01T09:30:00}),
 * booleans as {@code TRUE}/{@code FALSE}, formulas as their cached result; {@link Coercion} types them.
 * Stateless; thread-safe.
 */
final class XlsxSheets {
    private XlsxSheets() {}

    /** @throws ExtractionFailed for an unreadable workbook, an empty first sheet or more than {@code maxRows} rows */
    static TableReaders.Table firstSheet(byte[] bytes, int maxRows) {
        OoxmlLimits.apply();
        Rows rows = new Rows(maxRows);
        try (OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(bytes))) {
            XSSFReader reader = new XSSFReader(pkg);
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) throw new ExtractionFailed("The workbook has no sheet");
            try (InputStream sheet = sheets.next()) {
                XMLReader parser = XMLHelper.newXMLReader();
                parser.setContentHandler(new XSSFSheetXMLHandler(reader.getStylesTable(), new ReadOnlySharedStringsTable(pkg), rows,
                        new PlainFormatter(), false));
                parser.parse(new InputSource(sheet));
            }
        } catch (ExtractionFailed e) {
            throw e;
        } catch (Exception e) {
            // POI reports a file that is not an OOXML workbook (or a damaged one) with several checked and unchecked types.
            throw new ExtractionFailed("The file cannot be read as an XLSX workbook (damaged, encrypted, or another format)");
        }
        if (rows.header == null) throw new ExtractionFailed("The first sheet of the workbook is empty: it has no header row");
        return new TableReaders.Table(rows.header, rows.out);
    }

    /** Collects the header and the data rows; throws past the limit, which stops the parse. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final int maxRows;
        private final List<TableReaders.Row> out = new ArrayList<>();
        private final TreeMap<Integer, String> cells = new TreeMap<>();
        private List<String> header;
        private int lastColumn;

        Rows(int maxRows) {
            this.maxRows = maxRows;
        }

        @Override
        public void startRow(int rowNum) {
            cells.clear();
            lastColumn = -1;
        }

        @Override
        public void cell(String reference, String value, XSSFComment comment) {
            int column = reference == null ? lastColumn + 1 : new CellReference(reference).getCol();
            lastColumn = column;
            if (value != null && !value.isEmpty()) cells.put(column, value);
        }

        @Override
        public void endRow(int rowNum) {
            if (cells.isEmpty()) return;
            if (header == null) {
                List<String> names = new ArrayList<>();
                for (int c = 0; c <= cells.lastKey(); c++) names.add(cells.getOrDefault(c, ""));
                header = TableReaders.header(names, rowNum + 1);
                return;
            }
            ObjectNode row = Json.object();
            cells.forEach((c, v) -> {
                if (c < header.size()) row.set(header.get(c), TextNode.valueOf(v));
            });
            if (row.isEmpty()) return;
            if (out.size() >= maxRows) throw TableReaders.tooMany(maxRows);
            out.add(new TableReaders.Row(rowNum + 1, row));
        }
    }

    /** Numbers in plain notation and dates as ISO strings, whatever the cell's display format. */
    private static final class PlainFormatter extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            return formatRawCellContents(value, formatIndex, formatString, false);
        }

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904Windowing) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                LocalDateTime t = DateUtil.getLocalDateTime(value, use1904Windowing, true);
                return t.toLocalTime().toSecondOfDay() == 0 ? t.toLocalDate().toString() : t.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            }
            String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
            return plain.equals("-0") ? "0" : plain;
        }
    }
}
