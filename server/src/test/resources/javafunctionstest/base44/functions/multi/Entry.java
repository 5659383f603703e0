import dev.homebase.sdk.functions.FunctionReply;
import dev.homebase.sdk.functions.FunctionServer;

/** Uses a second source file of its folder. */
public class Entry {
    public static void main(String[] args) {
        FunctionServer.serve(request -> FunctionReply.text(Greeting.of(request.queryParam("name").orElse("world"))));
    }
}
