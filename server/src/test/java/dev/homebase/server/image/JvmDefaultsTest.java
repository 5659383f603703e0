package dev.homebase.server.image;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JVM options the server runs with: {@code scripts/jvm-opts.sh} (used by {@code ./homebase} and {@code bench/}) and
 * the container image's entrypoint in {@code server/pom.xml}. The defaults that keep an idle server small (G1 with a
 * periodic collection, heap given back beyond 50 % free) are in both, a JVM of this JDK accepts them and has them in
 * force, and options the user gives win. The launcher adds {@code -XX:TrimNativeHeapInterval} on JDK 22 and newer only.
 */
class JvmDefaultsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** The collector options the launcher adds by default; the image's entrypoint must carry the same. */
    private static final List<String> COLLECTOR = List.of("-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=15000", "-XX:MaxHeapFreeRatio=50");

    @Test
    void launcherDefaults() throws Exception {
        List<String> opts = launcherOptions(Map.of("HOMEBASE_HEAP", "300m"));
        assertTrue(opts.contains("-Xmx300m"), opts.toString());
        assertTrue(opts.contains("-Xms32m"), opts.toString());
        assertTrue(opts.containsAll(COLLECTOR), opts.toString());
        assertEquals(Runtime.version().feature() >= 22, opts.contains("-XX:TrimNativeHeapInterval=10000"), opts.toString());
    }

    @Test
    void theNativeHeapTrimOnlyOnAJdkThatKnowsIt() throws Exception {
        Path jdk21 = TempDirs.create("jdk21");
        Files.writeString(jdk21.resolve("release"), "JAVA_VERSION=\"21.0.2\"\nIMPLEMENTOR=\"test\"\n");
        assertFalse(launcherOptions(Map.of("JAVA_HOME", jdk21.toString())).stream().anyMatch(o -> o.contains("TrimNativeHeap")));
        Path jdk22 = TempDirs.create("jdk22");
        Files.writeString(jdk22.resolve("release"), "JAVA_VERSION=\"22\"\n");
        assertTrue(launcherOptions(Map.of("JAVA_HOME", jdk22.toString())).contains("-XX:TrimNativeHeapInterval=10000"));
        assertFalse(launcherOptions(Map.of("JAVA_HOME", jdk22.resolve("missing").toString())).stream().anyMatch(o -> o.contains("TrimNativeHeap")));
        List<String> given = launcherOptions(Map.of("JAVA_HOME", jdk22.toString(), "HOMEBASE_JAVA_OPTS", "-XX:TrimNativeHeapInterval=0"));
        assertFalse(given.contains("-XX:TrimNativeHeapInterval=10000"), given.toString());
    }

    @Test
    void optionsTheUserGivesReplaceTheDefaults() throws Exception {
        List<String> opts = launcherOptions(Map.of("JAVA_OPTS", "-Xmx1g -XX:MaxHeapFreeRatio=70", "HOMEBASE_JAVA_OPTS", "-XX:+UseSerialGC"));
        assertFalse(opts.stream().anyMatch(o -> o.startsWith("-Xmx") && !o.equals("-Xmx1g")), opts.toString());
        assertFalse(opts.contains("-XX:MaxHeapFreeRatio=50"), opts.toString());
        assertFalse(opts.contains("-XX:+UseG1GC"), opts.toString());
        assertFalse(opts.contains("-XX:G1PeriodicGCInterval=15000"), opts.toString());
        assertTrue(opts.containsAll(List.of("-Xmx1g", "-XX:MaxHeapFreeRatio=70", "-XX:+UseSerialGC")), opts.toString());
    }

    /** The defaults are flags this JDK knows (an unknown -XX flag stops the JVM) and they are in force. */
    @Test
    void aJvmStartsWithTheDefaultsInForce() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(launcherOptions(Map.of()));
        cmd.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("true", flag(out, "UseG1GC"));
        assertEquals("15000", flag(out, "G1PeriodicGCInterval"));
        assertEquals("50", flag(out, "MaxHeapFreeRatio"));
        assertEquals(String.valueOf(32 * 1024 * 1024), flag(out, "InitialHeapSize"));
        if (Runtime.version().feature() >= 22) assertEquals("10000", flag(out, "TrimNativeHeapInterval"));
    }

    @Test
    void theImageRunsWithTheSameCollectorDefaults() throws IOException {
        String pom = Files.readString(ROOT.resolve("server/pom.xml"));
        Matcher entrypoint = Pattern.compile("<entrypoint>(.*?)</entrypoint>", Pattern.DOTALL).matcher(pom);
        assertTrue(entrypoint.find(), "the image has an entrypoint");
        List<String> args = new ArrayList<>();
        Matcher arg = Pattern.compile("<arg>(.*?)</arg>").matcher(entrypoint.group(1));
        while (arg.find()) args.add(arg.group(1));
        assertTrue(args.containsAll(COLLECTOR), args.toString());
        assertTrue(args.indexOf(COLLECTOR.get(0)) < args.indexOf("dev.homebase.server.Main"), args.toString());
    }

    /**
     * What {@code homebase_jvm_opts} prints with {@code env} (and no other JAVA_OPTS/HOMEBASE_* settings; JAVA_HOME this
     * test's JDK unless given), split.
     */
    private static List<String> launcherOptions(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". scripts/jvm-opts.sh && homebase_jvm_opts").directory(ROOT.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("HOMEBASE_") || k.equals("JAVA_OPTS"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return Arrays.stream(out.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static String flag(String printFlagsFinal, String name) {
        Matcher m = Pattern.compile("\\s" + name + "\\s+=\\s+(\\S+)").matcher(printFlagsFinal);
        assertTrue(m.find(), name + " in " + printFlagsFinal.length() + " characters of -XX:+PrintFlagsFinal");
        return m.group(1);
    }
}
