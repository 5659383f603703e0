/**
 * Command line: {@code homebase serve} and the other subcommands. Parses flags and environment into {@code config}, then hands over to {@link dev.homebase.server.App}.
 */
package dev.homebase.server.cli;
