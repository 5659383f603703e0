import dev.homebase.sdk.Base44;
import dev.homebase.sdk.Base44Client;
import dev.homebase.sdk.functions.FunctionReply;
import dev.homebase.sdk.functions.FunctionServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Tries to read what a function must not: the files named by the query parameters {@code db},
 * {@code data} and {@code config}, and {@code /proc/<pid>/environ} and {@code cmdline} of the
 * process {@code pid} (the server), and to write into its own folder. Reports each as "read" or the error, then does what a function
 * may: writes through the API with its service token and reads its secret.
 */
public class Entry {
    public static void main(String[] args) {
        FunctionServer.serve(request -> {
            Map<String, Object> out = new HashMap<>();
            List<String> targets = new ArrayList<>();
            for (String name : List.of("db", "data", "config")) request.queryParam(name).ifPresent(targets::add);
            request.queryParam("pid").ifPresent(pid -> {
                targets.add("/proc/" + pid + "/environ");
                targets.add("/proc/" + pid + "/cmdline");
            });
            Map<String, String> reads = new HashMap<>();
            for (String t : targets) {
                try {
                    reads.put(t, "read " + Files.readAllBytes(Path.of(t)).length + " bytes");
                } catch (Exception e) {
                    reads.put(t, "refused: " + e);
                }
            }
            out.put("reads", reads);
            String written;
            try {
                Files.writeString(Path.of(System.getProperty("user.dir"), "planted.txt"), "a function rewriting its own folder");
                written = "written";
            } catch (Exception e) {
                written = "refused: " + e;
            }
            out.put("writeOwnFolder", written);
            TreeSet<String> pids = new TreeSet<>();
            File[] proc = new File("/proc").listFiles();
            if (proc != null) for (File f : proc) if (f.getName().matches("\\d+")) pids.add(f.getName());
            out.put("procPids", pids);
            out.put("pid", ProcessHandle.current().pid());
            out.put("secret", System.getenv("SNOOP_SECRET"));
            Base44Client base44 = Base44.createClientFromRequest(request.headers());
            Map<String, Object> item = base44.asServiceRole().entities("Item").create(Map.of("title", "written from the sandbox"));
            out.put("itemId", item.get("id"));
            return FunctionReply.json(out);
        });
    }
}
