import dev.homebase.sdk.functions.FunctionReply;
import dev.homebase.sdk.functions.FunctionServer;
import java.util.HashMap;
import java.util.Map;

/** Echoes what the function received, which JVM serves it and its heap limit. */
public class Entry {
    public static void main(String[] args) {
        FunctionServer.serve(request -> {
            Map<String, Object> out = new HashMap<>();
            out.put("method", request.method());
            out.put("path", request.path());
            out.put("q", request.queryParam("q").orElse(null));
            out.put("body", request.bodyText());
            out.put("appId", request.header("Base44-App-Id").orElse(null));
            out.put("apiUrl", request.header("base44-api-url").orElse(null));
            out.put("serviceAuthIsBearer", request.header("Base44-Service-Authorization").orElse("").startsWith("Bearer "));
            out.put("pid", ProcessHandle.current().pid());
            out.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
            out.put("workingDir", System.getProperty("user.dir"));
            return FunctionReply.json(out);
        });
    }
}
