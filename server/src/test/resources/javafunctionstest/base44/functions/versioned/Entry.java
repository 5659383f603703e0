import dev.homebase.sdk.functions.FunctionReply;
import dev.homebase.sdk.functions.FunctionServer;

/** Its helper file is edited by the test, to see the compile cache notice. */
public class Entry {
    public static void main(String[] args) {
        FunctionServer.serve(request -> FunctionReply.text(Version.NAME));
    }
}
