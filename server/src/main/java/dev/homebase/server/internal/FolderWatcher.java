package dev.homebase.server.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches folders with the JDK {@link WatchService} on one daemon thread: each watched folder carries
 * a tag of the owner's choosing; the owner's {@link Collector} takes in each folder's events (and
 * may register folders that appeared), and once nothing has changed for the debounce time the
 * owner's settle action applies what gathered. Used by the functions' hot reload and the schema
 * reload. Thread-safe.
 *
 * <pre>{@code
 * FolderWatcher<Tag> w = new FolderWatcher<>("my-watcher", Duration.ofMillis(200), this::collect, this::apply);
 * w.register(dir, tag);
 * w.start(); ... w.close();
 * }</pre>
 *
 * @param <T> what the owner keeps per watched folder
 */
public final class FolderWatcher<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FolderWatcher.class);

    /** Takes in the events of one watched folder, on the watcher thread. */
    @FunctionalInterface
    public interface Collector<T> {
        /**
         * @param tag the tag the folder was registered with
         * @param dir the folder (event contexts are relative to it)
         * @return whether any change is now waiting to be applied
         */
        boolean collect(T tag, Path dir, List<WatchEvent<?>> events);
    }

    private record Watched<T>(T tag, Path dir) {}

    private final Duration debounce;
    private final Collector<T> collector;
    private final Runnable settle;
    private final WatchService service;
    private final Map<WatchKey, Watched<T>> keys = new HashMap<>();
    private final Thread thread;

    /**
     * Opens the watch service; nothing is watched until {@link #register} and nothing is delivered
     * until {@link #start}.
     *
     * @param debounce how long changes must be quiet before {@code settle} runs (an editor's save is several events)
     * @param settle applies what the collector gathered; runs on the watcher thread
     * @throws IOException when the file system cannot be watched
     */
    public FolderWatcher(String threadName, Duration debounce, Collector<T> collector, Runnable settle) throws IOException {
        this.debounce = debounce;
        this.collector = collector;
        this.settle = settle;
        this.service = FileSystems.getDefault().newWatchService();
        this.thread = Thread.ofPlatform().daemon().name(threadName).unstarted(this::run);
    }

    /** Starts delivering events. */
    public void start() {
        thread.start();
    }

    /**
     * Watches {@code dir} (not its sub-folders) for entries created, deleted or modified; nothing
     * happens when it is not a folder.
     */
    public void register(Path dir, T tag) {
        if (dir == null || !Files.isDirectory(dir)) return;
        try {
            WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            synchronized (keys) {
                keys.put(key, new Watched<>(tag, dir));
            }
        } catch (IOException | ClosedWatchServiceException e) {
            log.debug("cannot watch {}: {}", dir, e.toString());
        }
    }

    /** Watches {@code root} and every folder under it down to {@code maxDepth}, each with {@code tagFor.apply(folder)}. */
    public void registerTree(Path root, int maxDepth, Function<Path, T> tagFor) {
        if (!Files.isDirectory(root)) return;
        try {
            Files.walkFileTree(root, Set.of(), maxDepth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    register(dir, tagFor.apply(dir));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // gone again, or unreadable: nothing to watch
                }
            });
        } catch (IOException e) {
            log.warn("cannot watch {}: {}", root, e.getMessage());
        }
    }

    private void run() {
        boolean pending = false;
        try {
            while (true) {
                WatchKey key = pending ? service.poll(debounce.toMillis(), TimeUnit.MILLISECONDS) : service.take();
                if (key == null) { // quiet for the debounce time: apply what gathered
                    pending = false;
                    settle.run();
                    continue;
                }
                Watched<T> watched;
                synchronized (keys) {
                    watched = keys.get(key);
                }
                if (watched != null) pending = collector.collect(watched.tag(), watched.dir(), key.pollEvents());
                if (!key.reset()) {
                    synchronized (keys) {
                        keys.remove(key);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /** Stops watching. */
    @Override
    public void close() {
        thread.interrupt();
        try {
            service.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
