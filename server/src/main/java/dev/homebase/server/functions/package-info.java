/**
 * Backend functions: discovers {@code base44/functions/<name>/entry.ts|js|Entry.java} in each project
 * ({@link dev.homebase.server.functions.FunctionCatalog}) and runs each function in its own warm
 * process ({@link dev.homebase.server.functions.FunctionHost}), built per runtime by a launcher:
 * Deno for JavaScript and TypeScript (confined by Deno's permissions), the JDK with the Java SDK for
 * {@code Entry.java} (confined on Linux by {@link dev.homebase.server.functions.FunctionSandbox}'s
 * namespaces and private root).
 * The HTTP proxy that injects the platform headers lives in {@code http/FunctionApi}.
 */
package dev.homebase.server.functions;
