package dev.homebase.sdk.internal;

import dev.homebase.sdk.entities.ListOptions;
import dev.homebase.sdk.entities.Page;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazy walk over cursor pages: reads the first page on the first {@link #hasNext()}, and each
 * further page only when the previous one is used up. {@link #close()} ends the walk (no further
 * page is read). Not thread-safe (one walk per loop or stream).
 *
 * @param <T> item type
 */
public final class PageWalk<T> implements Iterator<T>, AutoCloseable {
    private final Function<ListOptions, Page<T>> read;
    private ListOptions next;
    private Iterator<T> items = java.util.Collections.emptyIterator();
    private boolean closed;

    /**
     * Creates a walk.
     *
     * @param first the options of the first page
     * @param read  reads one page
     */
    public PageWalk(ListOptions first, Function<ListOptions, Page<T>> read) {
        this.next = first;
        this.read = read;
    }

    /**
     * Returns the items as a sequential stream that closes the walk when closed.
     *
     * @param first the options of the first page
     * @param read  reads one page
     * @param <T>   item type
     * @return the stream
     */
    public static <T> Stream<T> stream(ListOptions first, Function<ListOptions, Page<T>> read) {
        PageWalk<T> walk = new PageWalk<>(first, read);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(walk, Spliterator.ORDERED), false)
                .onClose(walk::close);
    }

    @Override
    public boolean hasNext() {
        while (!closed && !items.hasNext() && next != null) {
            ListOptions current = next;
            Page<T> page = read.apply(current);
            next = page.next(current).orElse(null);
            items = page.items().iterator();
        }
        return !closed && items.hasNext();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return items.next();
    }

    /** Ends the walk: no further page is read. Idempotent. */
    @Override
    public void close() {
        closed = true;
        next = null;
    }
}
