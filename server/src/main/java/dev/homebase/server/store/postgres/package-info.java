/**
 * PostgreSQL (JSONB): for more than one machine.
 */
package dev.homebase.server.store.postgres;
