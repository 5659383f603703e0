package dev.homebase.server.cli;

import java.nio.file.Path;
import java.util.Optional;

/** Reads settings from environment variables. */
final class Env {
    private Env() {}

    static Optional<String> string(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    static Optional<Path> path(String name) {
        return string(name).map(Path::of);
    }

    static Optional<Integer> integer(String name) {
        return string(name).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, got \"" + v + "\"");
            }
        });
    }
}
