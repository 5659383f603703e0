import dev.homebase.sdk.functions.FunctionReply;
import dev.homebase.sdk.functions.FunctionServer;
import java.util.Map;

/** A Java function: answers with the method and the body it received. */
public class Entry {
    public static void main(String[] args) {
        FunctionServer.serve(request -> FunctionReply.json(Map.of("runtime", "java", "method", request.method(),
                "body", request.bodyText())));
    }
}
