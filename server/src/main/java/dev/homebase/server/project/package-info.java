/**
 * Reading a Base44 project folder: {@code base44/config.jsonc}, the app id in
 * {@code base44/.app.jsonc}, the entity schemas and the built site folder.
 *
 * <p>Entry point: {@link dev.homebase.server.project.ProjectLoader#load}. The hosted apps are
 * {@link dev.homebase.server.project.Apps}; {@link dev.homebase.server.project.EntityReloader} (asked by
 * {@link dev.homebase.server.project.EntityWatcher}) serves edited entity files while the server runs. May import
 * {@code dev.homebase.server.entity} (schema parsing) and Jackson; nothing from http, store or auth.
 */
package dev.homebase.server.project;
