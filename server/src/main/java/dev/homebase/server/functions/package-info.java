/**
 * Backend functions: discovers {@code base44/functions/<name>/entry.ts|js} in each project and runs
 * each function in its own warm Deno process ({@link dev.homebase.server.functions.FunctionHost}).
 * The HTTP proxy that injects the platform headers lives in {@code http/FunctionApi}.
 */
package dev.homebase.server.functions;
