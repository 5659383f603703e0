package dev.homebase.server.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One run of the {@code homebase} command line in this JVM, for tests: its exit code and what it wrote to stderr. */
public record CliRun(int code, String err) {
    /** Runs {@code homebase args...} with stderr captured (other tests' output to stderr waits meanwhile). */
    public static CliRun of(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        synchronized (System.class) {
            PrintStream original = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                int code = HomebaseCommand.run(args);
                return new CliRun(code, err.toString(StandardCharsets.UTF_8).strip());
            } finally {
                System.setErr(original);
            }
        }
    }
}
