package dev.homebase.server.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.UUID;

/**
 * Files on the local disk, under one root folder (by default {@code <data>/files}). A file is written
 * to a temporary name in the same folder and then moved into place atomically, so readers never see
 * half a file. Keys are checked by {@link FileNames} before they reach this class; as a second line
 * of defence, a key that would resolve outside the root is refused. Thread-safe.
 */
public final class DiskStorage implements FileStorage {
    private static final int BUFFER = 64 * 1024;

    private final Path root;

    public DiskStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public long put(String key, InputStream in, long maxBytes) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(".upload-" + UUID.randomUUID());
        try {
            long total = 0;
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = in.read(buffer)) != -1; ) {
                    total += n;
                    if (total > maxBytes) throw new TooLargeException(maxBytes);
                    out.write(buffer, 0, n);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return total;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public Optional<Stat> stat(String key) throws IOException {
        Path file = resolve(key);
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(new Stat(a.size(), a.lastModifiedTime().toInstant())) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(resolve(key), StandardOpenOption.READ);
        try {
            channel.position(offset);
            InputStream whole = Channels.newInputStream(channel);
            return new BoundedStream(whole, length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        return Files.deleteIfExists(resolve(key));
    }

    private Path resolve(String key) {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root) || p.equals(root)) throw new IllegalArgumentException("Bad storage key");
        return p;
    }

    /** At most {@code remaining} bytes of a stream; closes it when closed. */
    private static final class BoundedStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) return -1;
            int b = in.read();
            if (b >= 0) remaining--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) remaining -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
