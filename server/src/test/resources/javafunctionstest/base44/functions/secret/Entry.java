import dev.homebase.sdk.functions.FunctionReply;
import dev.homebase.sdk.functions.FunctionServer;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

public class Entry {
    public static void main(String[] args) {
        FunctionServer.serve(request -> {
            Map<String, Object> out = new HashMap<>();
            out.put("greeting", System.getenv("GREETING"));
            out.put("names", new TreeSet<>(System.getenv().keySet()));
            return FunctionReply.json(out);
        });
    }
}
