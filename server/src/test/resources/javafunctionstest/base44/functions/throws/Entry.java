import dev.homebase.sdk.functions.FunctionServer;

public class Entry {
    public static void main(String[] args) {
        FunctionServer.serve(request -> {
            throw new IllegalStateException("internal detail of the throws function");
        });
    }
}
