/**
 * Reads a Base44 project folder ({@code base44/config.jsonc}, {@code .app.jsonc}, {@code entities/}).
 */
package dev.homebase.server.project;
