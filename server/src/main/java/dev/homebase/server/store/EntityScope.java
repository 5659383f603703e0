package dev.homebase.server.store;

/**
 * Which records an operation may touch: one entity of one app in one data environment.
 *
 * @param appId the app
 * @param entity the entity's canonical name
 * @param env the data environment ({@code prod} or {@code dev})
 */
public record EntityScope(String appId, String entity, String env) {}
