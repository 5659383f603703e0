package dev.homebase.server.http;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The browser tests' Node scripts ({@code src/test/browser/*.mjs}: {@code playwright-core} driving Debian's headless
 * {@code chromium}): whether they can run here, and one run of a script that must print {@code DONE ok} and exit 0.
 */
final class BrowserScripts {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCRIPTS = Path.of("src/test/browser").toAbsolutePath();
    /** Where the dashboard's screenshots for the README go. */
    static final Path DOCS = Path.of("../docs/dashboard").toAbsolutePath().normalize();

    private BrowserScripts() {}

    /**
     * Skips (not fails) the calling test class when {@code /usr/bin/chromium} or {@code node}/{@code npm} is missing;
     * installs the scripts' packages ({@code npm ci}) the first time.
     */
    static void assumeBrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Skipped: no Chromium at " + CHROMIUM + " (apt-get install -y chromium)");
        assumeTrue(runs("node", "--version") && runs("npm", "--version"), "Skipped: node and npm are needed to drive Chromium");
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))) {
            Process ci = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(SCRIPTS.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertEquals(0, ci.waitFor(), "npm ci in " + SCRIPTS);
        }
    }

    /** What a script printed: its standard output, line by line, and its standard error (the browser's console). */
    record Run(List<String> lines, String log) {
        String out() {
            return String.join("\n", lines) + "\n";
        }

        /** The rest of the first line that starts with {@code prefix}, or null. */
        String after(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().map(l -> l.substring(prefix.length())).orElse(null);
        }
    }

    /**
     * Runs {@code node script args...} in the scripts' folder and fails the test unless it ends within {@code timeout},
     * exits 0 and printed {@code DONE ok}; the failure shows everything it printed.
     */
    static Run run(Duration timeout, String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Path err = TempDirs.file("browser-" + script, ".log");
        Process p = new ProcessBuilder(command).directory(SCRIPTS.toFile()).redirectError(err.toFile()).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) lines.add(line);
        }
        boolean ended = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly();
        Run run = new Run(lines, Files.readString(err));
        assertTrue(ended, "the browser script did not end:\n" + run.out() + run.log());
        assertEquals(0, p.exitValue(), script + " failed:\n" + run.out() + "\n" + run.log());
        assertTrue(run.out().contains("DONE ok"), run.out() + run.log());
        return run;
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
