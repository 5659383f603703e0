import dev.homebase.sdk.functions.FunctionReply;
import dev.homebase.sdk.functions.FunctionServer;

public class Entry {
    public static void main(String[] args) {
        FunctionServer.serve(request -> FunctionReply.text("never " + undefinedVariable));
    }
}
