/**
 * Automations (api-contract §6.6): functions run on a schedule or when a record changes, declared in
 * {@code base44/functions/<name>/function.jsonc} under {@code automations}.
 *
 * <p>{@link dev.homebase.server.automations.AutomationParser} reads and validates the declarations;
 * {@link dev.homebase.server.automations.Automations} holds them per app (re-read on function hot
 * reload), enqueues entity events in the writing transaction (an outbox row in {@code automation_runs}),
 * and runs a {@code TickScheduler} (claims due ticks) and a {@code RunDispatcher} (claims due runs and
 * invokes the function with only the service header) on every node. The claims are compare-and-set
 * UPDATEs on our own tables, the same SQL on SQLite and PostgreSQL, so every tick and event runs once
 * across the nodes sharing one database. May import {@code functions}, {@code project}, {@code store},
 * {@code entity} and {@code internal}; nothing imports it but {@code App}.
 */
package dev.homebase.server.automations;
