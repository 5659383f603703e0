package dev.homebase.sdk.entities;

import java.util.List;
import java.util.Optional;

/**
 * Options of a cursor-page read ({@code GET .../v2/list}): sort, limit, cursor and fields.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * Page<Map<String, Object>> page = tasks.list(ListOptions.builder().sort("-created_date").limit(50).build());
 * }</pre>
 */
public final class ListOptions {
    /** Page size sent when none is set, as in the JavaScript client. */
    public static final int DEFAULT_LIMIT = 100;

    private final String sort;
    private final Integer limit;
    private final String cursor;
    private final List<String> fields;

    private ListOptions(Builder b) {
        this.sort = b.sort;
        this.limit = b.limit;
        this.cursor = b.cursor;
        this.fields = b.fields == null ? null : List.copyOf(b.fields);
    }

    /**
     * Returns options with every value unset (limit 100, server sort).
     *
     * @return default options
     */
    public static ListOptions defaults() {
        return builder().build();
    }

    /**
     * Starts a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these options.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.sort = sort;
        b.limit = limit;
        b.cursor = cursor;
        b.fields = fields;
        return b;
    }

    /**
     * Returns the sort field, {@code -} prefix for descending.
     *
     * @return the sort
     */
    public Optional<String> sort() {
        return Optional.ofNullable(sort);
    }

    /**
     * Returns the page size that will be sent.
     *
     * @return the limit, {@link #DEFAULT_LIMIT} when unset
     */
    public int limit() {
        return limit == null ? DEFAULT_LIMIT : limit;
    }

    /**
     * Returns the cursor of the page to read.
     *
     * @return the cursor
     */
    public Optional<String> cursor() {
        return Optional.ofNullable(cursor);
    }

    /**
     * Returns the projected fields.
     *
     * @return the fields, empty for all fields
     */
    public List<String> fields() {
        return fields == null ? List.of() : fields;
    }

    @Override
    public String toString() {
        return "ListOptions[sort=" + sort + ", limit=" + limit() + ", cursor=" + cursor + ", fields=" + fields + "]";
    }

    /** Builder of {@link ListOptions}. Not thread-safe. */
    public static final class Builder {
        private String sort;
        private Integer limit;
        private String cursor;
        private List<String> fields;

        private Builder() {
        }

        /**
         * Sets the sort field, e.g. {@code "-created_date"}.
         *
         * @param sort the sort, or null
         * @return this builder
         */
        public Builder sort(String sort) {
            this.sort = sort;
            return this;
        }

        /**
         * Sets the page size (server maximum 5000, 1000 for distinct).
         *
         * @param limit a positive size
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder limit(int limit) {
            if (limit <= 0) {
                throw new IllegalArgumentException("limit must be positive");
            }
            this.limit = limit;
            return this;
        }

        /**
         * Sets the cursor returned as {@code next_cursor} by the previous page.
         *
         * @param cursor the cursor, or null for the first page
         * @return this builder
         */
        public Builder cursor(String cursor) {
            this.cursor = cursor;
            return this;
        }

        /**
         * Restricts the returned fields.
         *
         * @param fields field names
         * @return this builder
         */
        public Builder fields(List<String> fields) {
            this.fields = fields;
            return this;
        }

        /**
         * Restricts the returned fields.
         *
         * @param fields field names
         * @return this builder
         */
        public Builder fields(String... fields) {
            return fields(List.of(fields));
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public ListOptions build() {
            return new ListOptions(this);
        }
    }
}
