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
 * <p>NB: unlike Deno, the JVM has no permission sandbox (the Security Manager is gone): a Java
 * function gets a clean environment without the server's variables, but it can read whatever files
 * the server's user can. Host only Java functions you trust as much as the server.
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
        this.builds = new JavaBuilds(dataDir.resolve("functions").resolve("java"), javac, sdkClasspath, settings.startTimeout(), jvm());
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
        for (Class<?> c : List.of(FunctionServer.class, ObjectMapper.class, JsonFactory.class, JsonInclude.class)) {
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
        return Optional.empty();
    }

    @Override
    public void prepare() {
        // nothing to write ahead: each function is compiled on its first start
    }

    @Override
    public ProcessBuilder command(String label, FunctionCatalog.Function function, Optional<Path> sharedDir, Map<String, String> env) {
        JavaBuilds.Build build = builds.build(label, function);
        List<String> cmd = new ArrayList<>(jvm());
        build.archive().ifPresent(a -> cmd.add("-XX:SharedArchiveFile=" + a));
        cmd.addAll(List.of("-cp", builds.classpath(build.jar()), build.mainClass()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(function.dir().toFile());
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
