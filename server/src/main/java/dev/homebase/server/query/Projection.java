package dev.homebase.server.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import java.util.List;

/** The {@code fields} projection of a list: only the named top-level fields, and always {@code id}. */
public final class Projection {
    private Projection() {}

    /** {@code record} cut to {@code fields} plus {@code id}; the record itself when {@code fields} is empty. */
    public static ObjectNode apply(ObjectNode record, List<String> fields) {
        if (fields.isEmpty()) return record;
        ObjectNode out = Json.object();
        out.set("id", record.get("id"));
        for (String f : fields) {
            if (record.has(f)) out.set(f, record.get(f));
        }
        return out;
    }
}
