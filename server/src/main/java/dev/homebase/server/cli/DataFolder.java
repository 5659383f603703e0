package dev.homebase.server.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** The data folder must exist and take writes before anything starts (database, function builds, Deno cache). */
final class DataFolder {
    private DataFolder() {}

    /**
     * Creates {@code dir} when missing and writes (then removes) a file in it.
     *
     * @throws StartException {@link ExitCode#DATA_NOT_WRITABLE} saying why and how to fix it
     */
    static void requireWritable(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs);
            Path probe = Files.createTempFile(abs, ".homebase-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new StartException(ExitCode.DATA_NOT_WRITABLE, "cannot write the data folder " + abs + " (" + why(e)
                    + "); make it writable or choose another with --data / HOMEBASE_DATA", e);
        }
    }

    private static String why(Exception e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) return "a file is in the way";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return String.valueOf(e.getMessage());
    }
}
