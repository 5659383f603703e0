import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's own CPU per request: Homebase servers, each in its own JVM (started by bench/run-server-cpu.sh: one per
 * build to compare), seeded like bench/compare (users who registered, owner-only notes), then get by id, the owner-only
 * page of 50, create and update by id at every concurrency, closed loop, each scenario on every server in turn. Per point: req/s,
 * p50/p99, and the server process's CPU (user + system, from /proc/PID/stat before and after the timed run) per
 * request; the load average before and after. With {@code --jfr=DIR}, each timed run is recorded in its server by
 * {@code jcmd JFR.start settings=profile} (DIR/SERVER-SCENARIO-cC.jfr, execution samples every 2 ms), and its samples
 * by library are printed after the table (see JfrLibraries.java); {@code jfr view hot-methods} shows the methods.
 * Arguments: --app=ID --targets=NAME|ORIGIN|PID|LOG|DB;... [--users=20] [--notes=500] [--seconds=15] [--prewarm=15]
 * [--warmup=5] [--clients=8,32] [--rounds=1] [--scenarios=GET,OWNER_PAGE,CREATE,UPDATE] [--jfr=DIR] [--jcmd=PATH]
 * [--after-seed=SHELL COMMAND, %DB% replaced by the target's database].
 */
public class ServerCpuBench {
    record Server(String name, CompareSystems.Homebase homebase, long pid, String db) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            opt.put(a.substring(2, eq < 0 ? a.length() : eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
        EntityBench.HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Server> servers = new ArrayList<>();
        for (String t : opt.get("targets").split(";")) {
            String[] f = t.split("\\|");
            long pid = Long.parseLong(f[2]);
            servers.add(new Server(f[0], new CompareSystems.Homebase(f[0], f[1], opt.get("app"), pid, Path.of(f[3])), pid, f[4]));
        }
        int users = Integer.parseInt(opt.getOrDefault("users", "20")), notes = Integer.parseInt(opt.getOrDefault("notes", "500"));
        int seconds = Integer.parseInt(opt.getOrDefault("seconds", "15")), warmup = Integer.parseInt(opt.getOrDefault("warmup", "5"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "1")), prewarm = Integer.parseInt(opt.getOrDefault("prewarm", "15"));
        if (opt.containsKey("jfr")) Files.createDirectories(Path.of(opt.get("jfr")));
        List<Integer> clients = new ArrayList<>();
        for (String c : opt.getOrDefault("clients", "8,32").split(",")) clients.add(Integer.parseInt(c.strip()));
        List<CompareSystems.Scenario> scenarios = new ArrayList<>();
        for (String s : opt.getOrDefault("scenarios", "GET,OWNER_PAGE,CREATE,UPDATE").split(",")) scenarios.add(CompareSystems.Scenario.valueOf(s.strip()));

        var data = CompareSystems.Dataset.generate(users, notes);
        for (Server server : servers) {
            long start = System.nanoTime();
            server.homebase().seed(data);
            System.out.printf("%s: seeded %d users, %,d notes and %,d orders in %.1f s%n", server.name(), users, users * notes, users * notes,
                    (System.nanoTime() - start) / 1e9);
            if (opt.containsKey("after-seed")) { // ANALYZE, so that the planner's statistics know the seeded rows
                Process p = new ProcessBuilder("sh", "-c", opt.get("after-seed").replace("%DB%", server.db())).inheritIO().start();
                if (p.waitFor() != 0) throw new IllegalStateException("--after-seed failed");
            }
            List<String> problems = server.homebase().check(data);
            if (!problems.isEmpty()) throw new IllegalStateException(server.name() + ": self-check failed: " + problems);
        }
        for (Server server : servers)
            for (var s : scenarios) EntityBench.measure(8, prewarm, server.homebase().op(s)); // the JIT compiler's first work

        System.out.printf("%n| server | scenario | c | req/s | p50 ms | p99 ms | server CPU ms/req | errors | load before → after |%n"
                + "|---|---|---|---|---|---|---|---|---|%n");
        List<String> profiles = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (int c : clients) {
                for (var s : scenarios) {
                    for (int k = 0; k < servers.size(); k++) {
                        Server server = servers.get(k);
                        EntityBench.Call op = server.homebase().op(s);
                        EntityBench.measure(c, warmup, op);
                        double loadBefore = CompareBench.loadAverage();
                        String jfr = opt.containsKey("jfr")
                                ? Path.of(opt.get("jfr"), "server" + (k + 1) + "-" + s.name().toLowerCase() + "-c" + c + ".jfr").toString() : null;
                        if (jfr != null) jcmd(opt, server.pid(), "JFR.start", "name=bench", "settings=profile", "jdk.ExecutionSample#period=2ms", "filename=" + jfr);
                        double cpu0 = CompareCpu.processMs(server.pid());
                        EntityBench.Load load = EntityBench.measure(c, seconds, op);
                        double cpu1 = CompareCpu.processMs(server.pid());
                        if (jfr != null) {
                            jcmd(opt, server.pid(), "JFR.stop", "name=bench");
                            profiles.add(String.format("%s, %s, c = %d: %s", server.name(), s.title, c, JfrLibraries.summary(Path.of(jfr))));
                        }
                        double cpuMs = (cpu1 - cpu0) / Math.max(1, load.requests());
                        System.out.printf("| %s | %s | %d | %,.0f | %.2f | %.2f | %.3f | %d | %.1f → %.1f |%n", server.name(), s.title, c,
                                load.perSecond(), load.p50Millis(), load.p99Millis(), cpuMs, load.errors(), loadBefore, CompareBench.loadAverage());
                    }
                }
            }
        }
        if (!profiles.isEmpty()) System.out.printf("%nJFR execution samples by library (the innermost frame outside the JDK):%n");
        for (String p : profiles) System.out.println("- " + p);
    }

    static void jcmd(Map<String, String> opt, long pid, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(opt.getOrDefault("jcmd", "jcmd"), String.valueOf(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0 || out.contains("Could not") || out.contains("rror")) throw new IllegalStateException("jcmd failed: " + out);
    }
}
