package dev.homebase.sdk.entities;

/**
 * Response of {@code deleteMany(query)}: {@code {success, deleted}}.
 *
 * @param success whether the call succeeded
 * @param deleted how many records were deleted
 */
public record DeleteManyResult(boolean success, long deleted) {
}
