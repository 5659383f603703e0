import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Markdown report of bench/CompareBench.java: one table per concurrency, pgbench, memory, the SQL replayed. */
final class CompareReport {
    /** One round: a scenario at one concurrency on every system (and pgbench, or null), {@code big}: over the 1M orders. */
    record Row(int clients, CompareSystems.Scenario scenario, boolean big, Map<String, EntityBench.Load> loads,
               Map<String, CompareCpu.Split> cpu, ComparePgbench.Result pgbench,
               double loadBefore, double loadAfter) {}

    final boolean quick;
    final int users, perUser, seconds, warmup, prewarm;
    final List<CompareSystems.Target> targets;
    final Map<String, String> opt;
    final String started = CompareBench.now();
    final double loadAtStart = CompareBench.loadAverage();
    final List<Row> rows = new ArrayList<>();
    final Map<String, Long> maxRss = new HashMap<>(), idleRss = new HashMap<>();
    Map<CompareSystems.Scenario, List<ComparePgbench.Sql>> sql = new LinkedHashMap<>();
    int bigRecords;
    final Map<String, String> firstErrors = new java.util.concurrent.ConcurrentSkipListMap<>();

    CompareReport(boolean quick, int users, int perUser, int seconds, int warmup, int prewarm, List<CompareSystems.Target> targets,
                  Map<String, String> opt) {
        this.quick = quick;
        this.users = users;
        this.perUser = perUser;
        this.seconds = seconds;
        this.warmup = warmup;
        this.prewarm = prewarm;
        this.targets = targets;
        this.opt = opt;
    }

    void add(Row row) { rows.add(row); }

    static String cell(EntityBench.Load l) {
        String errors = l.errors() > 0 ? String.format(" · **%,d errors**", l.errors()) : "";
        return String.format("%,.0f req/s · p50 %.1f · p99 %.1f ms%s", l.perSecond(), l.p50Millis(), l.p99Millis(), errors);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# bench/compare: ").append(started).append(quick ? " (quick)" : "").append("\n\n");
        md.append(String.format("%d cores, load average %.1f at the start and %.1f at the end (1 min). %,d notes (owner-only rule) and "
                        + "%,d orders (no rule) over %d users in each system; closed loop; first every scenario on every system for %d s "
                        + "(not measured: the JIT of servers and generator), then per point %d s warm-up and %d s timed; rounds "
                        + "interleaved (each scenario on every system in turn). Command: `bench/compare/run.sh%s`.%n%n",
                Runtime.getRuntime().availableProcessors(), loadAtStart, CompareBench.loadAverage(), users * perUser, users * perUser, users,
                prewarm, warmup, seconds, quick ? " --quick" : ""));
        List<Integer> clients = rows.stream().map(Row::clients).distinct().toList();
        for (boolean big : new boolean[] {false, true}) for (int c : clients) {
            if (rows.stream().noneMatch(r -> r.big() == big)) continue;
            md.append("## ").append(big ? String.format("%,d orders: ", bigRecords) : "").append("c = ").append(c).append("\n\n| scenario |");
            for (var t : targets) md.append(' ').append(t.name).append(" |");
            md.append(" Homebase PG / Parse | load before → after |\n|---|");
            md.append("---|".repeat(targets.size() + 2)).append('\n');
            for (Row r : rows) {
                if (r.clients() != c || r.big() != big) continue;
                md.append("| ").append(r.scenario().title).append(" |");
                for (var t : targets) md.append(' ').append(cell(r.loads().get(t.name))).append(" |");
                var hb = r.loads().get("Homebase PG");
                var parse = r.loads().get("Parse");
                md.append(String.format(" %.2f× | %.1f → %.1f |%n", hb.perSecond() / Math.max(parse.perSecond(), 1e-9), r.loadBefore(), r.loadAfter()));
            }
            md.append('\n');
        }
        md.append("## Where the CPU goes: ms of CPU per request\n\nEach cell: the server process · its PostgreSQL (its database's "
                + "backends and the cluster's own processes) · the load generator · the rest of the machine (kernel work for none of "
                + "these, processes that ended, anything else running), over the timed run; " + Runtime.getRuntime().availableProcessors()
                + " cores give " + Runtime.getRuntime().availableProcessors() + " ms of CPU per ms.\n\n| scenario | c |");
        for (var t : targets) md.append(' ').append(t.name).append(" |");
        md.append("\n|---|---|").append("---|".repeat(targets.size())).append('\n');
        for (Row r : rows) {
            md.append("| ").append(r.scenario().title).append(r.big() ? String.format(" (%,d orders)", bigRecords) : "").append(" | ").append(r.clients()).append(" |");
            for (var t : targets) md.append(' ').append(r.cpu().get(t.name).perRequest(r.loads().get(t.name).requests())).append(" |");
            md.append('\n');
        }
        md.append('\n');
        md.append("## pgbench: Homebase's own SQL (`-M prepared`, same concurrency) as the database's limit\n\n");
        md.append("| statements of | c | pgbench | Homebase PG | Homebase PG / pgbench |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            var p = r.pgbench();
            if (p == null) continue;
            var hb = r.loads().get("Homebase PG");
            md.append(String.format("| %s%s | %d | %,.0f tps · p50 %.2f · p99 %.2f ms%s | %,.0f req/s | %.2f |%n", r.scenario().title, r.big() ? String.format(" (%,d orders)", bigRecords) : "", r.clients(),
                    p.tps(), p.p50Millis(), p.p99Millis(), p.failed() > 0 ? " · **" + p.failed() + " failed**" : "", hb.perSecond(),
                    hb.perSecond() / Math.max(p.tps(), 1e-9)));
        }
        md.append("\n## Memory and start\n\n| system | start to first 200 | max RSS under load | RSS after 40 s idle |\n|---|---|---|---|\n");
        for (var t : targets) {
            md.append(String.format("| %s | %s ms | %,d MiB | %,d MiB |%n", t.name, opt.getOrDefault("start-" + t.name.replace(' ', '-'), "?"),
                    maxRss.getOrDefault(t.name, 0L) / 1024, idleRss.getOrDefault(t.name, 0L) / 1024));
        }
        long errors = rows.stream().flatMap(r -> r.loads().values().stream()).mapToLong(EntityBench.Load::errors).sum();
        md.append(errors > 0 ? String.format("%n**%,d failed requests in all: see the cells marked in bold.** The first of each point:%n%n", errors)
                : "\nNo failed requests.\n");
        firstErrors.forEach((point, message) -> {
            String text = message.replaceAll("\\s+", " ").replace('`', '\'');
            md.append("- ").append(point).append(": `").append(text, 0, Math.min(200, text.length())).append("`\n");
        });
        md.append("\n## The SQL pgbench replays (taken from PostgreSQL's log while Homebase answered one request)\n\n```sql\n");
        for (var e : sql.entrySet()) md.append("-- ").append(e.getKey().title).append('\n').append(ComparePgbench.show(e.getValue()));
        md.append("```\n");
        return md.toString();
    }
}
