/**
 * The Mongo-style filter and sort language: JSON in, a typed AST out, with limits. Knows nothing of SQL dialects (those render the AST in {@code store}).
 */
package dev.homebase.server.query;
