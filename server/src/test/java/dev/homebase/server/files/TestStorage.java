package dev.homebase.server.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The two storage backends the file tests run on: the disk, and a fresh bucket on a real S3-compatible server (S3Mock). */
public enum TestStorage {
    DISK, S3;

    /** Fresh file settings on this backend: files under {@code <data>/files}, or a new bucket of their own. */
    public FileSettings settings(Path data, long maxUploadBytes) {
        FileSettings disk = FileSettings.defaults(data).withMaxUploadBytes(maxUploadBytes);
        return this == DISK ? disk : disk.withS3(S3MockServer.freshBucket());
    }

    /** How many files the storage of {@code settings} holds (for S3, unfinished multipart uploads count too). */
    public static long stored(FileSettings settings) {
        if (settings.s3().isPresent()) return S3MockServer.objectsAndUploads(settings.s3().get().bucket());
        if (!Files.exists(settings.root())) return 0;
        try (Stream<Path> s = Files.walk(settings.root())) {
            return s.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
