package dev.homebase.server.integrations.extract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** The text of documents for the model: PDF (PDFBox) and DOCX (POI XWPF, tables included). Stateless; thread-safe. */
final class DocumentText {
    /** The longest text sent to the model, in characters. */
    static final int MAX_CHARS = 1_000_000;

    private DocumentText() {}

    /** @throws ExtractionFailed for a damaged or encrypted PDF, or one without text (a scan) */
    static String pdf(byte[] bytes) {
        String text;
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            text = new PDFTextStripper().getText(doc);
        } catch (IOException e) {
            throw new ExtractionFailed("The file cannot be read as a PDF (damaged or encrypted)");
        }
        if (text.isBlank()) throw new ExtractionFailed("The PDF has no text (a scan?); upload its pages as images instead");
        return limit(text.strip());
    }

    /** @throws ExtractionFailed for a file that is not a DOCX document, or one without text */
    static String docx(byte[] bytes) {
        OoxmlLimits.apply();
        String text;
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(bytes)); XWPFWordExtractor extractor = new XWPFWordExtractor(doc)) {
            text = extractor.getText();
        } catch (IOException | RuntimeException e) {
            // POI reports a file that is not OOXML with several unchecked types.
            throw new ExtractionFailed("The file cannot be read as a DOCX document (damaged, encrypted, or another format)");
        }
        if (text.isBlank()) throw new ExtractionFailed("The DOCX document has no text");
        return limit(text.strip());
    }

    private static String limit(String text) {
        if (text.length() > MAX_CHARS) throw new ExtractionFailed("The document's text is longer than " + MAX_CHARS + " characters");
        return text;
    }
}
