package dev.homebase.server.functions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiled Java functions, cached under {@code <data>/functions/java/<function key>/<source hash>/}:
 * the {@code .java} files of a function's folder (not its subfolders, which are other functions) are
 * compiled by the function JDK's {@code javac} once per content into {@code function.jar}, so later
 * starts skip compilation. After a compile, a training run in the background records the classes a
 * request needs in an AppCDS archive ({@code function.jsa}, JVM option {@code -XX:ArchiveClassesAtExit});
 * later starts map it instead of loading those classes one by one. The training run executes the
 * function's {@code main} but answers its one request with the SDK's built-in warm-up handler, never
 * the function's ({@code FunctionServer.TRAINING_ENV}); it is skipped when the SDK is a class folder
 * (tests), which CDS cannot archive.
 * The hash covers the sources, the {@code javac} used and the SDK class path, so an edit, a JDK
 * change or an SDK upgrade compiles again; older builds of the same function are deleted then.
 * Compile errors go to the server log under the function's name, never to the caller. Thread-safe.
 */
final class JavaBuilds {
    private static final Logger log = LoggerFactory.getLogger(JavaBuilds.class);
    private static final String MAIN = "Entry";
    private static final String JAR = "function.jar";
    private static final String MAIN_FILE = "main-class";
    private static final String ARCHIVE = "function.jsa";
    private static final String DOES_NOT_COMPILE = "Function failed to start (it does not compile)";

    /**
     * One compiled function.
     *
     * @param jar its classes
     * @param mainClass the binary name of its {@code Entry} class
     * @param archive its class-data archive, once the training run wrote it
     */
    record Build(Path jar, String mainClass, Optional<Path> archive) {}

    /** Wraps the training run's command (it runs the function's {@code main}) in the function's confinement. */
    interface Confinement {
        /**
         * @param buildDir the build folder, which the run writes its archive to
         * @param workingDir the function's folder, where it runs
         */
        List<String> training(List<String> command, Path buildDir, Path workingDir);
    }

    private final Path root;
    private final Path javac;
    private final List<Path> classpath;
    private final Duration timeout;
    private final List<String> jvm;
    private final Confinement confinement;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** Builds whose sources did not compile: refused at once until the sources change, without running javac again. */
    private final Set<Path> failed = ConcurrentHashMap.newKeySet();

    /**
     * @param jvm the {@code java} executable and the JVM options functions run with (the training run must match them)
     * @param confinement confines the training run as the function's own processes are
     */
    JavaBuilds(Path root, Path javac, List<Path> classpath, Duration timeout, List<String> jvm, Confinement confinement) {
        this.confinement = confinement;
        this.root = root;
        this.javac = javac;
        this.classpath = classpath;
        this.timeout = timeout;
        this.jvm = List.copyOf(jvm);
    }

    /**
     * The build of the function's current sources, compiling them when needed.
     *
     * @throws FunctionException FAILED when they do not compile (the errors are logged)
     */
    Build build(String label, FunctionCatalog.Function function) {
        List<Path> sources = sources(function.dir());
        String hash = hash(sources);
        Path functionDir = root.resolve(sha256(label.getBytes(StandardCharsets.UTF_8)).substring(0, 24));
        Path target = functionDir.resolve(hash);
        synchronized (locks.computeIfAbsent(target.toString(), k -> new Object())) {
            if (failed.contains(target)) {
                log.warn("function {}: does not compile (the errors were logged when it was compiled)", label);
                throw new FunctionException(FunctionException.Kind.FAILED, DOES_NOT_COMPILE);
            }
            if (!Files.isDirectory(target)) {
                compile(label, function.dir(), sources, functionDir, target);
            }
            try {
                String main = Files.readString(target.resolve(MAIN_FILE), StandardCharsets.UTF_8).strip();
                return new Build(target.resolve(JAR), main, Optional.of(target.resolve(ARCHIVE)).filter(Files::isRegularFile));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the build in " + target, e);
            }
        }
    }

    /** The class path of a build: its jar, then the SDK. */
    String classpath(Path jar) {
        List<String> entries = new ArrayList<>(List.of(jar.toString()));
        classpath.forEach(p -> entries.add(p.toString()));
        return String.join(File.pathSeparator, entries);
    }

    private void compile(String label, Path dir, List<Path> sources, Path functionDir, Path target) {
        Path tmp;
        try {
            Files.createDirectories(functionDir);
            tmp = Files.createTempDirectory(functionDir, "build-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + functionDir, e);
        }
        List<String> cmd = new ArrayList<>(List.of(javac.toString(),
                "-J-Xmx256m", "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-XX:-UsePerfData",
                "-encoding", "UTF-8", "-proc:none", "-nowarn", "-Xmaxerrs", "20",
                "-cp", String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()),
                "-d", tmp.resolve("classes").toString()));
        sources.forEach(s -> cmd.add(s.getFileName().toString()));
        long t0 = System.nanoTime();
        Path output = null;
        try {
            output = Files.createTempFile(functionDir, "build-", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            Map<String, String> env = pb.environment();
            env.keySet().retainAll(List.of("PATH", "HOME", "LANG", "TZ")); // javac needs none of the server's secrets
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                log.warn("function {}: javac did not finish within {} s", label, timeout.toSeconds());
                throw new FunctionException(FunctionException.Kind.TIMEOUT, "Function did not start in time");
            }
            if (p.exitValue() != 0) {
                // javac's output is small: -Xmaxerrs bounds it
                Files.readAllLines(output, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                        .forEach(l -> log.warn("function {}: {}", label, l));
                failed.add(target);
                throw new FunctionException(FunctionException.Kind.FAILED, DOES_NOT_COMPILE);
            }
            String main;
            try {
                main = mainClass(label, tmp.resolve("classes"));
            } catch (FunctionException e) {
                failed.add(target);
                throw e;
            }
            jar(tmp.resolve("classes"), tmp.resolve(JAR));
            deleteTree(tmp.resolve("classes"));
            Files.writeString(tmp.resolve(MAIN_FILE), main, StandardCharsets.UTF_8);
            moveInPlace(tmp, target);
            log.info("function {}: compiled {} in {} ms", label, sources.stream().map(s -> s.getFileName().toString()).toList(),
                    (System.nanoTime() - t0) / 1_000_000);
            deleteOtherBuilds(functionDir, target);
            if (classpath.stream().allMatch(Files::isRegularFile)) {
                Thread.ofPlatform().daemon().name("function-training " + label).start(() -> train(label, dir, target, main));
            }
        } catch (IOException e) {
            log.error("function {}: cannot run {}: {}", label, javac, e.getMessage());
            throw new FunctionException(FunctionException.Kind.FAILED, "Function could not be started");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FunctionException(FunctionException.Kind.FAILED, "Function start was interrupted");
        } finally {
            deleteTree(tmp);
            if (output != null) deleteTree(output);
        }
    }

    /** Packs a class folder into a jar (CDS archives only classes from jars). */
    private static void jar(Path classes, Path jar) throws IOException {
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }

    /**
     * Runs the function once in training mode to write its class-data archive. Best effort: without
     * the archive the function starts as well, only slower.
     */
    private void train(String label, Path dir, Path target, String main) {
        Path archive = target.resolve(ARCHIVE);
        Path partial = target.resolve(ARCHIVE + ".partial");
        List<String> cmd = new ArrayList<>(jvm);
        cmd.add("-XX:ArchiveClassesAtExit=" + partial);
        cmd.addAll(List.of("-cp", classpath(target.resolve(JAR)), main));
        long t0 = System.nanoTime();
        try {
            ProcessBuilder pb = new ProcessBuilder(confinement.training(cmd, target, dir)).directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            Map<String, String> env = pb.environment();
            env.keySet().retainAll(List.of("HOME", "LANG", "TZ"));
            env.put(dev.homebase.sdk.functions.FunctionServer.PORT_ENV, "0");
            env.put(dev.homebase.sdk.functions.FunctionServer.TRAINING_ENV, "1");
            Process p = pb.start();
            p.getOutputStream().close();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) p.destroyForcibly();
            if (done && p.exitValue() == 0 && Files.isRegularFile(partial)) {
                moveInPlace(partial, archive);
                log.debug("function {}: class-data archive written in {} ms", label, (System.nanoTime() - t0) / 1_000_000);
            } else {
                log.debug("function {}: no class-data archive (training run {})", label, done ? "exited " + p.exitValue() : "timed out");
            }
        } catch (IOException e) {
            log.debug("function {}: no class-data archive: {}", label, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(partial);
        }
    }

    /** The binary name of the compiled {@code Entry} class (it may declare a package). */
    private static String mainClass(String label, Path classes) {
        try (Stream<Path> files = Files.walk(classes)) {
            Optional<Path> entry = files.filter(p -> p.getFileName().toString().equals(MAIN + ".class")).findFirst();
            if (entry.isPresent()) {
                String relative = classes.relativize(entry.get()).toString();
                return relative.substring(0, relative.length() - ".class".length()).replace(File.separatorChar, '.');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classes, e);
        }
        log.warn("function {}: Entry.java declares no class named {}", label, MAIN);
        throw new FunctionException(FunctionException.Kind.FAILED, "Function failed to start (no class Entry)");
    }

    private static List<Path> sources(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }

    private String hash(List<Path> sources) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(describe(javac).getBytes(StandardCharsets.UTF_8));
            for (Path p : classpath) md.update(describe(p).getBytes(StandardCharsets.UTF_8));
            for (Path s : sources) {
                md.update(s.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Files.readAllBytes(s));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 32);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the function's sources", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file's path, size and modification time (a folder's path only): enough to notice a replaced jar or JDK. */
    private static String describe(Path p) throws IOException {
        Path real = Files.exists(p) ? p.toRealPath() : p;
        if (!Files.isRegularFile(real)) return real + "\n";
        return real + "|" + Files.size(real) + "|" + Files.getLastModifiedTime(real).toMillis() + "\n";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void moveInPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteOtherBuilds(Path functionDir, Path keep) {
        try (Stream<Path> builds = Files.list(functionDir)) {
            builds.filter(p -> !p.equals(keep) && !p.getFileName().toString().startsWith("build-")).forEach(JavaBuilds::deleteTree);
        } catch (IOException e) {
            // stale builds only cost disk space
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
