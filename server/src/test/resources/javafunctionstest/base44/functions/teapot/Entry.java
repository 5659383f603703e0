import dev.homebase.sdk.functions.FunctionReply;
import dev.homebase.sdk.functions.FunctionServer;
import java.util.Map;

public class Entry {
    public static void main(String[] args) {
        FunctionServer.serve(request -> FunctionReply.json(418, Map.of("message", "short and stout", "method", request.method()))
                .header("X-Teapot", "yes"));
    }
}
