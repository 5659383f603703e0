import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * pgbench as the database's limit for bench/CompareBench.java: the SQL Homebase itself sends for one request (taken
 * from PostgreSQL's log with {@code log_statement = 'all'} switched on for that request only), replayed by pgbench
 * with {@code -M prepared}, its parameters as pgbench variables (sent as parameters, as JDBC does).
 */
final class ComparePgbench {
    final String host, database, pgbench;
    final int port;
    final Path log, work;

    /** One statement Homebase sent, and the values of its parameters ({@code null} for SQL NULL). */
    record Sql(int pid, String text, List<String> params) {}

    /** What pgbench measured: transactions per second, latency p50/p99, failed and all transactions. */
    record Result(double tps, double p50Millis, double p99Millis, long failed, long transactions) {}

    ComparePgbench(String host, int port, String database, Path log, String pgbench, Path work) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.log = log;
        this.pgbench = pgbench;
        this.work = work;
    }

    /** The statements of {@code database} PostgreSQL ran while {@code op} ran, in order. */
    List<Sql> capture(EntityBench.Call op) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM SET log_statement = 'all'");
            st.execute("SELECT pg_reload_conf()");
            Thread.sleep(500); // backends read the new setting before their next command
            long from = Files.size(log);
            try {
                op.run();
                Thread.sleep(300);
            } finally {
                st.execute("ALTER SYSTEM RESET log_statement");
                st.execute("SELECT pg_reload_conf()");
            }
            long to = Files.size(log);
            byte[] chunk = new byte[(int) (to - from)];
            try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                f.seek(from);
                f.readFully(chunk);
            }
            return onRecords(parse(new String(chunk, StandardCharsets.UTF_8)));
        }
    }

    /**
     * The transactions (BEGIN ... COMMIT, or single statements) that read the records table: what the request costs
     * the database under load, when the caller's user comes from Homebase's cache and the pool checks no connection.
     */
    static List<Sql> onRecords(List<Sql> all) {
        List<Sql> out = new ArrayList<>(), tx = new ArrayList<>();
        for (Sql s : all) {
            if (s.text().isBlank()) continue; // the pool's connection check (an empty query)
            tx.add(s);
            boolean open = tx.getFirst().text().equalsIgnoreCase("BEGIN");
            if (!open || s.text().equalsIgnoreCase("COMMIT")) {
                if (tx.stream().anyMatch(q -> q.text().matches("(?is).*\\brecords\\b.*"))) out.addAll(tx);
                tx.clear();
            }
        }
        return out;
    }

    // log_line_prefix is '%m [%p] %d ' (run.sh): time, zone, [pid], database, then "LOG:  ..." / "DETAIL:  ...".
    static final Pattern ENTRY = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d [\\d:.]+ \\S+ \\[(\\d+)\\] (\\S*) ?(\\w+):  (.*)$");
    static final Pattern STATEMENT = Pattern.compile("^(?:execute (?!fetch from)[^:]+|statement): (.*)$", Pattern.DOTALL);
    static final Pattern PARAM = Pattern.compile("\\$(\\d+) = (NULL|'((?:[^']|'')*)')", Pattern.DOTALL);

    List<Sql> parse(String text) {
        List<String[]> entries = new ArrayList<>(); // pid, database, level, message
        for (String line : text.split("\n")) {
            Matcher m = ENTRY.matcher(line);
            if (m.matches()) entries.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
            else if (!entries.isEmpty()) entries.getLast()[3] += "\n" + line;
        }
        List<Sql> out = new ArrayList<>();
        for (String[] e : entries) {
            if (!e[1].equals(database)) continue;
            int pid = Integer.parseInt(e[0]);
            Matcher s = STATEMENT.matcher(e[3]);
            if (e[2].equals("LOG") && s.matches()) {
                out.add(new Sql(pid, s.group(1).strip(), new ArrayList<>()));
            } else if (e[2].equals("DETAIL") && e[3].startsWith("parameters: ")) {
                for (int i = out.size() - 1; i >= 0; i--) {
                    if (out.get(i).pid() != pid) continue;
                    Matcher p = PARAM.matcher(e[3]);
                    List<String> params = out.get(i).params();
                    while (p.find()) {
                        int n = Integer.parseInt(p.group(1));
                        while (params.size() < n) params.add(null);
                        params.set(n - 1, p.group(3) == null ? null : p.group(3).replace("''", "'"));
                    }
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Runs the statements as one pgbench transaction script, in {@code variants.length} scripts picked at random
     * (each replaces the parameter value {@code vary} with its own value, e.g. a record id).
     */
    Result run(String name, List<Sql> statements, String vary, String[] variants, int clients, int seconds) throws Exception {
        return run(name, statements, vary, variants, null, clients, seconds);
    }

    /**
     * Like {@link #run(String, List, String, String[], int, int)}; the parameter value {@code unique} (when not null, e.g.
     * a created record's id) gets a fresh random number in every transaction, so an INSERT can be repeated.
     */
    Result run(String name, List<Sql> statements, String vary, String[] variants, String unique, int clients, int seconds)
            throws Exception {
        // One pgbench thread per connection (-j = -c): on a shared machine the scheduler shares the CPU per thread,
        // and two threads serving 32 connections made pgbench's own side the limit.
        List<String> cmd = new ArrayList<>(List.of(pgbench, "-n", "-M", "prepared", "-c", String.valueOf(clients),
                "-j", String.valueOf(clients), "-T", String.valueOf(seconds), "-h", host, "-p", String.valueOf(port),
                "-U", "postgres"));
        Path dir = Files.createDirectories(work.resolve("pgbench-" + name + "-" + clients + "-" + System.nanoTime()));
        for (int k = 0; k < variants.length; k++) {
            StringBuilder script = new StringBuilder();
            if (unique != null) script.append("\\set unique random(1, 9000000000000000000)\n");
            for (int s = 0; s < statements.size(); s++) {
                Sql sql = statements.get(s);
                String text = sql.text();
                for (int n = sql.params().size(); n >= 1; n--) {
                    String value = sql.params().get(n - 1);
                    if (value == null) {
                        text = text.replace("$" + n, "NULL");
                        continue;
                    }
                    if (value.equals(unique)) {
                        text = text.replace("$" + n, ":unique");
                        continue;
                    }
                    String var = "v" + k + "_" + s + "_" + n;
                    text = text.replace("$" + n, ":" + var);
                    cmd.add("-D");
                    cmd.add(var + "=" + (value.equals(vary) ? variants[k] : value));
                }
                script.append(text).append(text.endsWith(";") ? "\n" : ";\n");
            }
            Path file = dir.resolve("script" + k + ".sql");
            Files.writeString(file, script);
            cmd.add("-f");
            cmd.add(file + "@1");
        }
        cmd.addAll(List.of("-l", "--log-prefix=" + dir.resolve("tx"), database));
        Process process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) throw new IllegalStateException("pgbench failed:\n" + output);
        Matcher tps = Pattern.compile("tps = ([\\d.]+) \\(without initial connection time\\)").matcher(output);
        Matcher failed = Pattern.compile("number of failed transactions: (\\d+)").matcher(output);
        if (!tps.find()) throw new IllegalStateException("no tps in pgbench's output:\n" + output);
        long[] micros;
        try (Stream<Path> files = Files.list(dir)) {
            micros = files.filter(f -> f.getFileName().toString().startsWith("tx.")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).mapToLong(line -> Long.parseLong(line.split(" ")[2])).sorted().toArray();
        }
        double p50 = micros.length == 0 ? 0 : micros[micros.length / 2] / 1e3, p99 = micros.length == 0 ? 0 : micros[(int) (micros.length * 0.99)] / 1e3;
        return new Result(Double.parseDouble(tps.group(1)), p50, p99, failed.find() ? Long.parseLong(failed.group(1)) : 0, micros.length);
    }

    /** The statements as one readable block for the report. */
    static String show(List<Sql> statements) {
        StringBuilder out = new StringBuilder();
        for (Sql s : statements) out.append(s.text().replaceAll("\\s+", " ")).append(";  -- ").append(s.params()).append('\n');
        return out.toString();
    }

    static String[] sample(List<String> values, int count) {
        return Arrays.copyOf(values.toArray(String[]::new), Math.min(count, values.size()));
    }
}
