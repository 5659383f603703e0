package dev.homebase.server.cli;

import dev.homebase.server.TempDirs;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs the real {@code homebase} command line ({@link dev.homebase.server.Main}) in its own JVM, with the server's
 * class path (never the test classes, so the server's own logging configuration applies) and a chosen environment.
 */
final class CliProcess {
    /** The server's classes and dependencies, without the test classes. */
    static final List<String> CLASS_PATH = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(p -> !p.replace('\\', '/').endsWith("/test-classes")).toList();

    /** What the command printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
        List<String> stderrLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private CliProcess() {}

    /** Starts {@code homebase args...} with {@code env} added to a copy of this JVM's environment minus HOMEBASE_*. */
    static Process start(Map<String, String> env, Function<List<String>, List<String>> classPath, Path workDir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                TempDirs.javaOption(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", String.join(File.pathSeparator, classPath.apply(CLASS_PATH)),
                "dev.homebase.server.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("HOMEBASE_"));
        pb.environment().putAll(env);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code homebase args...} to its end (at most two minutes). */
    static Result run(Map<String, String> env, String... args) {
        Process p = start(env, cp -> cp, Path.of("").toAbsolutePath(), args);
        try {
            p.getOutputStream().close();
            var out = p.getInputStream();
            var err = p.getErrorStream();
            var stdout = readAsync(out);
            var stderr = readAsync(err);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("homebase " + String.join(" ", args) + " did not end within 2 minutes");
            }
            return new Result(p.exitValue(), stdout.get(), stderr.get());
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    /** Reads the stream to its end on a thread of its own (the common pool may have a single thread). */
    static java.util.concurrent.CompletableFuture<String> readAsync(java.io.InputStream in) {
        var result = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofPlatform().daemon().start(() -> result.complete(read(in)));
        return result;
    }

    static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** A project folder with one entity, as a new user would write it. */
    static Path minimalProject() {
        try {
            Path dir = TempDirs.create("homebase-cli");
            Files.createDirectories(dir.resolve("base44/entities"));
            Files.writeString(dir.resolve("base44/entities/task.jsonc"),
                    "{\"name\": \"Task\", \"type\": \"object\", \"properties\": {\"title\": {\"type\": \"string\"}}}");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String joined(List<String> lines) {
        return lines.stream().collect(Collectors.joining("\n"));
    }
}
