package dev.homebase.sdk.entities;

import java.util.List;
import java.util.Optional;

/**
 * One cursor page from {@code GET .../v2/list}: the wire shape
 * {@code {items, next_cursor, has_more}}. To read the page after it, pass the options of this
 * read to {@link #next(ListOptions)}:
 *
 * <pre>{@code
 * ListOptions options = ListOptions.builder().sort("-created_date").limit(100).build();
 * Page<Task> page = tasks.filter(Map.of("status", "open"), options);
 * while (true) {
 *     page.items().forEach(this::handle);
 *     Optional<ListOptions> next = page.next(options);
 *     if (next.isEmpty()) {
 *         break;
 *     }
 *     options = next.get();
 *     page = tasks.filter(Map.of("status", "open"), options);
 * }
 * }</pre>
 *
 * {@link EntityHandler#stream(java.util.Map, String)} and
 * {@link EntityHandler#iterate(java.util.Map, String)} do this walk for you. A cursor is sealed by
 * the server and stays valid for at least an hour; an altered or expired one answers
 * {@code 400 invalid_cursor} (start the walk again).
 *
 * @param items      the records (or distinct values) of this page, unmodifiable
 * @param nextCursor the cursor for the next page, or {@code null} on the last page
 * @param hasMore    whether another page exists
 * @param <T>        item type
 */
public record Page<T>(List<T> items, String nextCursor, boolean hasMore) {

    /** Copies the item list. */
    public Page {
        items = items == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
    }

    /**
     * Returns the options that read the next page: {@code current} (same sort, limit and fields)
     * with this page's cursor; empty on the last page ({@link #hasMore()} false). Use them with
     * the same query as this page's.
     *
     * @param current the options used for this page
     * @return the options for the next page
     */
    public Optional<ListOptions> next(ListOptions current) {
        if (!hasMore || nextCursor == null) {
            return Optional.empty();
        }
        return Optional.of(current.toBuilder().cursor(nextCursor).build());
    }
}
