package dev.homebase.server.functions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homebase.sdk.functions.FunctionServer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs {@code Entry.java} functions on the JDK with the Java SDK on the class path:
 * {@code java -Xmx<heap> -cp <compiled classes>:<SDK and Jackson> Entry}. The function calls
 * {@link FunctionServer#serve}, which listens on the loopback port {@link FunctionServer#PORT_ENV}
 * names (0: any), prints the ready line and exits when stdin closes.
 *
 * <p><b>The JDK</b> is the server's own ({@code java.home}) unless {@value #JAVA_ENV} names another
 * {@code java} executable or JDK folder; its {@code javac} must sit beside it.
 *
 * <p><b>The SDK class path</b> is taken from where this server loaded the SDK and Jackson classes
 * itself (the SDK is a dependency of the server): {@code lib/homebase-sdk.jar} and the Jackson jars
 * beside the packaged server jar (also under {@code ./homebase serve}), or {@code sdk/target/classes}
 * and the Maven repository's jars in tests. Nothing else of the server is on it.
 *
 * <p><b>Compilation</b> happens once per source version ({@link JavaBuilds}), not at every start:
 * the JDK's source-launcher mode ({@code java Entry.java}) compiles in memory at every start, which
 * made a cold start several times slower; a class-data archive recorded after each compile cuts the
 * class loading of later starts (see {@code bench/run-functions.sh}).
 *
 * <p><b>Confinement.</b> Unlike Deno, the JVM has no permission sandbox (the Security Manager is
 * gone). On Linux each function process (and the training run, which executes the function's
 * {@code main}) is therefore wrapped by {@link FunctionSandbox}: its file system holds only the system
 * libraries, the JDK, the SDK class path, the function's folder and its build, and its {@code /proc}
 * only its own processes; the server's data folder, database, keys and projects are not there. Whether
 * this works is detected once ({@link #prepare}); {@link FunctionSettings#sandbox} {@code off} skips it,
 * {@code required} makes a machine without it a start error. Where it does not work, a Java function
 * gets a clean environment without the server's variables but can read whatever files the server's
 * user can: host only Java functions you trust as much as the server.
 */
final class JavaLauncher implements FunctionLauncher {
    /** The environment variable naming the {@code java} executable (or JDK folder) for functions. */
    static final String JAVA_ENV = "HOMEBASE_FUNCTIONS_JAVA";
    /** JVM option variables that would change what runs in the function process: never passed on. */
    private static final List<String> JVM_OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "CLASSPATH");

    private final Path java;
    private final Path javac;
    private final List<Path> sdkClasspath;
    /** Why the SDK class path is unknown, when it is (empty otherwise). */
    private final Optional<String> noClasspath;
    private final JavaBuilds builds;
    private final FunctionSettings settings;
    private final Path sandboxRoot;
    /** The detected confinement: null until {@link #prepare} ran. */
    private volatile FunctionSandbox.Result sandbox;

    /**
     * @param dataDir the server's data folder, absolute: compiled functions are cached below it
     */
    JavaLauncher(Path dataDir, FunctionSettings settings) {
        this(locateJava(System.getenv(JAVA_ENV)), dataDir, settings);
    }

    JavaLauncher(Path java, Path dataDir, FunctionSettings settings) {
        this(java, dataDir, settings, null);
    }

    /** With a given SDK class path (null: {@link #sdkClasspath()}). */
    JavaLauncher(Path java, Path dataDir, FunctionSettings settings, List<Path> sdk) {
        this.java = java;
        this.javac = java.resolveSibling(windows() ? "javac.exe" : "javac");
        List<Path> classpath = List.of();
        Optional<String> problem = Optional.empty();
        try {
            classpath = sdk != null ? List.copyOf(sdk) : sdkClasspath();
        } catch (IllegalStateException e) {
            problem = Optional.of(e.getMessage()); // only Java functions suffer: the server still starts
        }
        this.sdkClasspath = classpath;
        this.noClasspath = problem;
        this.settings = settings;
        this.sandboxRoot = dataDir.resolve("functions").resolve("sandbox");
        this.builds = new JavaBuilds(dataDir.resolve("functions").resolve("java"), javac, sdkClasspath, settings.startTimeout(), jvm(),
                this::confineTraining);
    }

    /** The {@code java} executable and the options every function process gets. */
    private List<String> jvm() {
        return List.of(java.toString(),
                "-Xmx" + settings.heapLimitMb() + "m",
                // Start fast and stay small: C1 only, the serial collector, no hsperfdata file, class data sharing.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto");
    }

    /** The {@code java} to run: the given executable or JDK folder, else the server's own. */
    static Path locateJava(String given) {
        String exe = windows() ? "java.exe" : "java";
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given.trim()).toAbsolutePath().normalize();
            return Files.isDirectory(p) ? p.resolve("bin").resolve(exe) : p;
        }
        return Path.of(System.getProperty("java.home"), "bin", exe);
    }

    /**
     * Where the SDK and its Jackson jars were loaded from, as class path entries.
     *
     * @throws IllegalStateException when a class has no file location (an unusual class loader)
     */
    static List<Path> sdkClasspath() {
        Set<Path> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(FunctionServer.class, ObjectMapper.class, JsonFactory.class, JsonInclude.class,
                com.fasterxml.jackson.datatype.jsr310.JavaTimeModule.class,
                com.fasterxml.jackson.datatype.jdk8.Jdk8Module.class)) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (URISyntaxException | SecurityException | NullPointerException | IllegalArgumentException e) {
                throw new IllegalStateException("cannot tell where " + c.getName() + " was loaded from", e);
            }
        }
        return List.copyOf(entries);
    }

    @Override
    public Optional<String> unavailable() {
        if (noClasspath.isPresent()) return noClasspath;
        if (!Files.isExecutable(java)) return Optional.of("no java executable at " + java + " (set " + JAVA_ENV + ")");
        if (!Files.isExecutable(javac)) return Optional.of("no javac beside " + java + ": Java functions need a JDK, not a JRE");
        FunctionSandbox.Result s = sandbox;
        if (s != null && s.sandbox().isEmpty() && settings.sandboxMode() == FunctionSandbox.Mode.REQUIRED) {
            return Optional.of("no sandbox on this machine (" + s.problem() + ") and " + FunctionSandbox.ENV + " is required");
        }
        return Optional.empty();
    }

    /**
     * Detects the confinement once (each function is compiled on its first start, nothing else to do ahead).
     *
     * @throws IllegalStateException when it is required and this machine cannot provide it
     */
    @Override
    public void prepare() {
        if (sandbox == null) detectSandbox();
        FunctionSandbox.Result s = sandbox;
        if (s.sandbox().isEmpty() && settings.sandboxMode() == FunctionSandbox.Mode.REQUIRED) {
            throw new IllegalStateException("Java functions cannot be confined on this machine (" + s.problem() + ") and "
                    + FunctionSandbox.ENV + "=required");
        }
    }

    private synchronized void detectSandbox() {
        if (sandbox != null) return;
        FunctionSandbox.Mode mode = settings.sandboxMode();
        FunctionSandbox.Result result = mode == FunctionSandbox.Mode.OFF || noClasspath.isPresent() || !Files.isExecutable(java)
                ? FunctionSandbox.Result.failed("off")
                : FunctionSandbox.detect(sandboxRoot, shownToEveryFunction(), List.of(java.toString(), "-Xshare:auto", "-version"));
        if (noClasspath.isEmpty() && Files.isExecutable(java)) FunctionSandbox.report("Java", mode, result);
        sandbox = result;
    }

    /** The JDK and the SDK class path: what every confined function process sees besides its own folders. */
    private List<Path> shownToEveryFunction() {
        List<Path> shown = new ArrayList<>(sdkClasspath);
        Path bin = java.toAbsolutePath().normalize().getParent();
        shown.add(bin != null && bin.getParent() != null ? bin.getParent() : java);
        return shown;
    }

    /** The command confined, when the sandbox is in force ({@link #prepare} detected it). */
    private List<String> confine(List<String> cmd, List<Path> readOnly, List<Path> writable, Path workingDir) {
        FunctionSandbox.Result s = sandbox;
        if (s == null || s.sandbox().isEmpty()) return cmd;
        List<Path> shown = new ArrayList<>(shownToEveryFunction());
        shown.addAll(readOnly);
        return s.sandbox().get().wrap(cmd, shown, writable, workingDir);
    }

    /** The training run confined: it runs the function's {@code main}, and writes the archive into its build folder. */
    private List<String> confineTraining(List<String> cmd, Path buildDir, Path workingDir) {
        return confine(cmd, List.of(workingDir), List.of(buildDir), workingDir);
    }

    @Override
    public ProcessBuilder command(String label, FunctionCatalog.Function function, Optional<Path> sharedDir, Map<String, String> env) {
        JavaBuilds.Build build = builds.build(label, function);
        List<String> cmd = new ArrayList<>(jvm());
        build.archive().ifPresent(a -> cmd.add("-XX:SharedArchiveFile=" + a));
        cmd.addAll(List.of("-cp", builds.classpath(build.jar()), build.mainClass()));
        Path buildDir = build.jar().getParent();
        ProcessBuilder pb = new ProcessBuilder(confine(cmd, List.of(buildDir, function.dir()), List.of(), function.dir()))
                .directory(function.dir().toFile());
        Map<String, String> processEnv = pb.environment();
        processEnv.clear();
        processEnv.putAll(env);
        JVM_OPTION_VARIABLES.forEach(processEnv::remove);
        processEnv.put(FunctionServer.PORT_ENV, "0"); // any free loopback port; the ready line says which
        return pb;
    }

    private static boolean windows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    }
}
