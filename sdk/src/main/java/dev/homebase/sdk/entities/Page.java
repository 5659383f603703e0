package dev.homebase.sdk.entities;

import java.util.List;
import java.util.Optional;

/**
 * One cursor page from {@code GET .../v2/list}: the wire shape
 * {@code {items, next_cursor, has_more}}.
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
     * Returns the options that fetch the next page with the same limit, or empty on the last page.
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
