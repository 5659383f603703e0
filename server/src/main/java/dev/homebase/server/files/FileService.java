package dev.homebase.server.files;

import java.io.IOException;
import java.io.InputStream;

/**
 * Stores uploads under fresh names (public or private to one app) and signs the URLs of private
 * ones. Thread-safe.
 */
public final class FileService {
    private final FileStorage storage;
    private final SignedUrls signedUrls;
    private final FileSettings settings;

    public FileService(FileStorage storage, SignedUrls signedUrls, FileSettings settings) {
        this.storage = storage;
        this.signedUrls = signedUrls;
        this.settings = settings;
    }

    /**
     * Stores a public upload.
     *
     * @param originalName the uploaded file's name (only its extension is kept)
     * @return the name it is served under, {@code /media/<name>}
     * @throws FileStorage.TooLargeException over {@link FileSettings#maxUploadBytes()} (nothing is kept)
     * @throws EmptyFileException for an empty file (nothing is kept)
     */
    public String storePublic(String originalName, InputStream in) throws IOException {
        String name = FileNames.fresh(originalName);
        store(FileNames.publicKey(name), in);
        return name;
    }

    /** Stores a private upload of {@code appId}; returns its {@code file_uri}. Failures as {@link #storePublic}. */
    public String storePrivate(String appId, String originalName, InputStream in) throws IOException {
        String name = FileNames.fresh(originalName);
        store(FileNames.privateKey(appId, name), in);
        return name;
    }

    private void store(String key, InputStream in) throws IOException {
        long stored = storage.put(key, in, settings.maxUploadBytes());
        if (stored == 0) {
            storage.delete(key);
            throw new EmptyFileException();
        }
    }

    /** Whether {@code fileUri} names a private file of {@code appId}. */
    public boolean privateFileExists(String appId, String fileUri) throws IOException {
        return FileNames.isValid(fileUri) && storage.stat(FileNames.privateKey(appId, fileUri)).isPresent();
    }

    /** Where the bytes live. */
    public FileStorage storage() {
        return storage;
    }

    /** The signer of private files' URLs. */
    public SignedUrls signedUrls() {
        return signedUrls;
    }

    /** The upload settings. */
    public FileSettings settings() {
        return settings;
    }

    /** The upload holds no bytes. */
    public static final class EmptyFileException extends IOException {
        public EmptyFileException() {
            super("The uploaded file is empty");
        }
    }
}
