package dev.homebase.server.integrations.extract;

import org.apache.poi.openxml4j.util.ZipSecureFile;

/**
 * Caps what POI unzips from an XLSX or DOCX file. POI reads a part (a sheet's XML) whole, and its default cap is
 * 4 GB, so a small zip bomb could take the heap; POI's inflate-ratio check (at least 1 %) stays on as well.
 */
final class OoxmlLimits {
    /** The largest part of an OOXML file once unzipped. */
    static final long MAX_PART_BYTES = 100L * 1024 * 1024;

    static {
        // NB: a JVM-wide POI setting; only this package reads OOXML files.
        ZipSecureFile.setMaxEntrySize(MAX_PART_BYTES);
    }

    private OoxmlLimits() {}

    /** Applies the cap (once: the class's initialiser does it). */
    static void apply() {
        // the static initialiser has run by now
    }
}
