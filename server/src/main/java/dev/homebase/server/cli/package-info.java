/**
 * Command line: {@code homebase serve} and the other subcommands. Parses flags and environment into {@code config}, then hands over to {@link dev.homebase.server.App}.
 *
 * <p>A command that cannot start prints one line, {@code homebase: <what and how to fix it>}, and exits with the
 * {@link dev.homebase.server.cli.ExitCode} of the cause ({@code StartErrors}); no stack trace unless
 * {@code HOMEBASE_LOG_LEVEL=debug}.
 */
package dev.homebase.server.cli;
