import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The filtered count and page of bench/compare (Order, {@code {status:'open', priority:{$gte:3}}}, the page newest first)
 * against one running Homebase, for before/after comparisons of one store on one seeded copy (bench/run-filtered-reads.sh).
 * Modes:
 * <ul>
 *   <li>{@code seed ORIGIN APP_ID LOG}: the compare bench's data (100 users, 1,000 notes and 1,000 orders each) through
 *       the bulk route, as bench/compare seeds it;</li>
 *   <li>{@code measure ORIGIN APP_ID SECONDS LABEL}: signs the 100 users in, prints the count, checks a page, then at c = 8 and
 *       32 runs the count and the page (a warm-up, then SECONDS timed), one line each with req/s, p50/p99 and the
 *       1-minute load average before and after.</li>
 * </ul>
 */
public class FilteredReadBench {
    public static void main(String[] args) throws Exception {
        EntityBench.HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String mode = args[0];
        var homebase = new CompareSystems.Homebase("Homebase", args[1], args[2], 0,
                mode.equals("seed") ? Path.of(args[3]) : null);
        var data = CompareSystems.Dataset.generate(100, 1000);
        if (mode.equals("seed")) {
            long start = System.nanoTime();
            homebase.seed(data);
            System.out.printf("seeded in %.1f s; count %d (expected %d)%n", (System.nanoTime() - start) / 1e9, homebase.count(),
                    data.expectedCount());
            return;
        }
        int seconds = Integer.parseInt(args[3]);
        String label = args[4];
        for (int k = 0; k < data.users(); k++) {
            var user = new CompareSystems.User(k);
            user.token = CompareSystems.JSON.readTree(EntityBench.send("POST", homebase.api + "/auth/login",
                    CompareSystems.body("email", user.email(), "password", CompareSystems.PASSWORD))).get("access_token").asText();
            homebase.users.add(user);
        }
        System.out.printf("%s: count %d (seeded data: %d)%n", label, homebase.count(), data.expectedCount());
        List<String> problems = new java.util.ArrayList<>();
        CompareSystems.checkPage(problems, "page", CompareSystems.JSON.readTree(EntityBench.call("GET", homebase.pageUrl(), null,
                homebase.users.getFirst().token)), CompareSystems::matchesFilter, "created_date");
        if (!problems.isEmpty()) throw new IllegalStateException(problems.toString());
        for (int c : new int[] {8, 32}) {
            for (var s : List.of(CompareSystems.Scenario.COUNT, CompareSystems.Scenario.PAGE)) {
                EntityBench.measure(c, 3, homebase.op(s));
                double before = load();
                EntityBench.Load r = EntityBench.measure(c, seconds, homebase.op(s));
                System.out.printf("%-8s c=%-3d %-6s %7.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d  load %.2f -> %.2f%n", label, c,
                        s == CompareSystems.Scenario.COUNT ? "count" : "page", r.perSecond(), r.p50Millis(), r.p99Millis(), r.errors(),
                        before, load());
            }
        }
    }

    static double load() throws Exception {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }
}
