package dev.homebase.sdk.entities;

import java.util.List;

/**
 * Response of {@code upsert(records, key)}: {@code {created, updated, records}}.
 *
 * @param created how many records were created
 * @param updated how many records were updated
 * @param records the written records
 * @param <T>     record type
 */
public record UpsertResult<T>(long created, long updated, List<T> records) {
    /** Copies the list. */
    public UpsertResult {
        records = records == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(records));
    }
}
