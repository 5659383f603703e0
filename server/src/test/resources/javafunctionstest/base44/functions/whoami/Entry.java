import dev.homebase.sdk.Base44;
import dev.homebase.sdk.Base44Client;
import dev.homebase.sdk.Base44Exception;
import dev.homebase.sdk.functions.FunctionReply;
import dev.homebase.sdk.functions.FunctionServer;
import java.util.HashMap;
import java.util.Map;

/** Reads the caller through the injected headers, then writes as the service role against this server. */
public class Entry {
    public static void main(String[] args) {
        FunctionServer.serve(request -> {
            Base44Client base44 = Base44.createClientFromRequest(request.headers());
            String email = null;
            Object meError = null;
            try {
                email = base44.auth().me().email();
            } catch (Base44Exception e) {
                meError = e.status();
            }
            String title = (String) request.bodyMap().get("title");
            Map<String, Object> item = base44.asServiceRole().entities("Item")
                    .create(Map.of("title", title, "made_for", email == null ? "anonymous" : email));
            Map<String, Object> out = new HashMap<>();
            out.put("email", email);
            out.put("meError", meError);
            out.put("item", item);
            return FunctionReply.json(200, out);
        });
    }
}
