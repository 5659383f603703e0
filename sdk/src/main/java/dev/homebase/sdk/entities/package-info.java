/**
 * Entity access: {@link dev.homebase.sdk.entities.EntityHandler} (from
 * {@code client.entities("Task")}), cursor {@link dev.homebase.sdk.entities.Page}s,
 * {@link dev.homebase.sdk.entities.ListOptions} and the {@link dev.homebase.sdk.entities.Query}
 * filter builder.
 */
package dev.homebase.sdk.entities;
