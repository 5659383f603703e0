package dev.homebase.sdk.entities;

/**
 * Response of {@code updateMany(query, operations)}: {@code {success, updated, has_more}}.
 *
 * @param success whether the call succeeded
 * @param updated how many records were updated in this batch (at most 500)
 * @param hasMore whether more matching records remain; call again to continue
 */
public record UpdateManyResult(boolean success, long updated, boolean hasMore) {
}
