import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording's execution samples by library: each sample goes to the innermost frame of its stack outside the JDK
 * (so a JDK call made by Jetty counts as Jetty's), and a stack of JDK frames alone to virtual-thread scheduling or to
 * the JDK. What bench/ServerCpuBench.java prints for {@code --jfr}; also runnable alone:
 * {@code java bench/JfrLibraries.java FILE.jfr...}.
 */
final class JfrLibraries {
    private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();
    static {
        LIBRARIES.put("org.eclipse.jetty.", "Jetty");
        LIBRARIES.put("io.javalin.", "Javalin");
        LIBRARIES.put("com.fasterxml.jackson.", "Jackson");
        LIBRARIES.put("org.postgresql.", "pgjdbc");
        LIBRARIES.put("com.zaxxer.hikari.", "HikariCP");
        LIBRARIES.put("org.sqlite.", "sqlite-jdbc");
        LIBRARIES.put("com.nimbusds.", "Nimbus JOSE");
        LIBRARIES.put("org.bouncycastle.", "Bouncy Castle");
        LIBRARIES.put("io.socket.", "Socket.IO");
        LIBRARIES.put("ch.qos.logback.", "Logback");
        LIBRARIES.put("dev.homebase.", "Homebase");
    }

    private JfrLibraries() {}

    public static void main(String[] args) throws Exception {
        for (String file : args) System.out.println(file + ": " + summary(Path.of(file)));
    }

    /** "N samples: Jetty 41 %, Homebase 19 %, ..." (largest first). */
    static String summary(Path recording) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) continue;
            counts.merge(library(event.getStackTrace().getFrames()), 1, Integer::sum);
            samples++;
        }
        int total = Math.max(samples, 1);
        StringBuilder out = new StringBuilder(String.format("%,d samples", samples));
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> out.append(String.format("%s %s %d %%", out.indexOf(":") < 0 ? ":" : ",", e.getKey(), Math.round(e.getValue() * 100.0 / total))));
        return out.toString();
    }

    private static String library(List<RecordedFrame> frames) {
        boolean scheduling = false;
        for (RecordedFrame frame : frames) {
            if (frame.getMethod() == null || frame.getMethod().getType() == null) continue;
            String type = frame.getMethod().getType().getName();
            for (var e : LIBRARIES.entrySet()) if (type.startsWith(e.getKey())) return e.getValue();
            scheduling |= type.startsWith("java.util.concurrent.ForkJoin") || type.startsWith("jdk.internal.vm.Continuation")
                    || type.startsWith("java.lang.VirtualThread") || type.startsWith("java.util.concurrent.locks.");
        }
        return scheduling ? "JDK: thread scheduling and locks" : "JDK: other";
    }
}
