package dev.homebase.server.functions;

import dev.homebase.server.project.ProjectException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The functions of one project: every folder under {@code base44/functions/} holding an
 * {@code entry.ts}, {@code entry.js} or {@code Entry.java}, looked for in that order: a folder with
 * both a JavaScript and a Java entry is a Deno function (the Base44 platform only knows the former,
 * so an app keeps working there), and its {@code Entry.java} is ignored. A function's name is its folder path with
 * {@code /} ({@code base44/functions/orders/process/entry.ts} is {@code orders/process}); folders
 * whose name contains a dot are skipped with everything below them, since names never contain dots
 * (api-contract §6.1). Symbolic links are not followed. Immutable and thread-safe.
 */
public final class FunctionCatalog {
    /** Deepest folder nesting searched below {@code base44/functions/}. */
    private static final int MAX_DEPTH = 8;

    /**
     * One discovered function.
     *
     * @param name the name callers use
     * @param dir its folder, absolute
     * @param entry its entry module, absolute
     */
    public record Function(String name, Path dir, Path entry) {
        /** The runtime its entry file needs. */
        public Runtime runtime() {
            return entry.getFileName().toString().endsWith(".java") ? Runtime.JAVA : Runtime.DENO;
        }
    }

    /** What runs a function. */
    public enum Runtime {
        /** {@code entry.ts} / {@code entry.js}, run by Deno. */
        DENO,
        /** {@code Entry.java}, run by the JDK with the Java SDK on the class path. */
        JAVA
    }

    private final Path sharedDir;
    private final Map<String, Function> byName;

    private FunctionCatalog(Path sharedDir, Map<String, Function> byName) {
        this.sharedDir = sharedDir;
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * Scans {@code projectDir/base44/functions}. A missing folder means no functions.
     *
     * @throws ProjectException when the folder cannot be read
     */
    public static FunctionCatalog scan(Path projectDir) {
        Path base = projectDir.toAbsolutePath().normalize().resolve("base44");
        Path root = base.resolve("functions");
        Map<String, Function> found = new TreeMap<>();
        if (Files.isDirectory(root)) {
            try {
                Files.walkFileTree(root, java.util.Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (!dir.equals(root) && dir.getFileName().toString().contains(".")) return FileVisitResult.SKIP_SUBTREE;
                        entryOf(dir).ifPresent(entry -> {
                            String name = root.relativize(dir).toString().replace('\\', '/');
                            if (!name.isEmpty()) found.put(name, new Function(name, dir, entry));
                        });
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new ProjectException(root + ": cannot read the functions folder: " + e.getMessage(), e);
            }
        }
        Path shared = base.resolve("shared");
        return new FunctionCatalog(Files.isDirectory(shared) ? shared : null, found);
    }

    private static Optional<Path> entryOf(Path dir) {
        for (String file : new String[] {"entry.ts", "entry.js", "Entry.java"}) {
            Path p = dir.resolve(file);
            if (Files.isRegularFile(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /**
     * Whether {@code name} can name a function at all: non-empty segments separated by {@code /},
     * no dots (so no {@code ..}), no leading {@code /}, no backslash or control characters.
     */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > 256) return false;
        if (name.startsWith("/") || name.endsWith("/") || name.contains("//")) return false;
        return name.chars().noneMatch(ch -> ch == '.' || ch == '\\' || ch == ':' || ch < 0x20 || ch == 0x7f);
    }

    /** The function with this exact name. */
    public Optional<Function> find(String name) {
        return isValidName(name) ? Optional.ofNullable(byName.get(name)) : Optional.empty();
    }

    /** All functions by name, sorted. */
    public Map<String, Function> all() {
        return byName;
    }

    /** {@code base44/shared/}, which functions may import from, when it exists. */
    public Optional<Path> sharedDir() {
        return Optional.ofNullable(sharedDir);
    }
}
