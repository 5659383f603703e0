/**
 * Reading a Base44 project folder: {@code base44/config.jsonc}, the app id in
 * {@code base44/.app.jsonc}, the entity schemas and the built site folder.
 *
 * <p>Entry point: {@link dev.homebase.server.project.ProjectLoader#load}. May import
 * {@code dev.homebase.server.entity} (schema parsing) and Jackson; nothing from http, store or auth.
 */
package dev.homebase.server.project;
