package dev.homebase.sdk.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** An ordered list of query parameters, encoded as in api-contract §1.3. Not thread-safe. */
public final class QueryParams {
    private final List<String[]> pairs = new ArrayList<>();

    /** Starts an empty parameter list. */
    public QueryParams() {
    }

    /**
     * Adds a parameter unless the value is null.
     *
     * @param name  name
     * @param value value, omitted when null
     * @return this
     */
    public QueryParams add(String name, Object value) {
        if (value != null) {
            pairs.add(new String[] {name, String.valueOf(value)});
        }
        return this;
    }

    /**
     * Adds the entries of a map in axios style: nested maps in bracket notation
     * ({@code q[a]=1}), collections as {@code k[]=v}, nulls omitted.
     *
     * @param params the parameters, may be null
     * @return this
     */
    public QueryParams addAll(Map<String, ?> params) {
        if (params != null) {
            params.forEach((k, v) -> addNested(k, v));
        }
        return this;
    }

    private void addNested(String key, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> addNested(key + "[" + k + "]", v));
        } else if (value instanceof Collection<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> || item instanceof Collection<?>) {
                    add(key + "[]", Json.write(item));
                } else {
                    add(key + "[]", item);
                }
            }
        } else {
            add(key, value);
        }
    }

    /**
     * Returns the encoded query string without the leading {@code ?}.
     *
     * @return the query string, empty when there are no parameters
     */
    public String encode() {
        StringJoiner joiner = new StringJoiner("&");
        for (String[] pair : pairs) {
            joiner.add(Encoding.query(pair[0]) + "=" + Encoding.query(pair[1]));
        }
        return joiner.toString();
    }

    /**
     * Returns whether there are no parameters.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return pairs.isEmpty();
    }
}
