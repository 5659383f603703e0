package dev.homebase.sdk.entities;

/**
 * Response of {@code delete(id)}: {@code {success}}.
 *
 * @param success whether the record was deleted
 */
public record DeleteResult(boolean success) {
}
