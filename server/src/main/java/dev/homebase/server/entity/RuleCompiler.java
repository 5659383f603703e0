package dev.homebase.server.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.query.Filter;
import dev.homebase.server.query.FilterMatcher;
import dev.homebase.server.query.FilterParser;
import dev.homebase.server.query.QueryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles an access rule, for one caller, into a {@link Filter} over records: the same AST the
 * request's own filter compiles to, so the database applies both in one query (REST) or
 * evaluates it against one record (creates, field rules, realtime). There is one rule engine.
 *
 * <p>{@code user_condition} is decided here, against the caller; {@code {{user.*}}} templates are
 * replaced by the caller's values, which then travel as bound parameters like any filter value.
 * Thread-safe.
 */
public final class RuleCompiler {

    /** Matches no record. */
    public static final Filter NOTHING = new Filter.Not(new Filter.All());

    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*user\\.([A-Za-z0-9_.]+)\\s*}}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RuleCompiler() {}

    /**
     * The records {@code caller} passes {@code rule} for.
     *
     * @throws QueryException when a condition is malformed (callers fail closed)
     */
    public static Filter compile(AccessRule rule, Principal caller) {
        if (caller instanceof Principal.Service) return new Filter.All();
        return switch (rule) {
            case AccessRule.Everyone e -> new Filter.All();
            case AccessRule.Nobody n -> NOTHING;
            // Anonymous callers fail every object rule (api-contract §5.4).
            case AccessRule.Condition c -> caller instanceof Principal.User user ? condition(c.condition(), attributes(user)) : NOTHING;
        };
    }

    /** Whether {@code filter} is the match-nothing filter this compiler makes. */
    public static boolean isNothing(Filter filter) {
        return NOTHING.equals(filter);
    }

    /** The caller as rules see it: a flat object of id, email, role and the custom user fields. */
    static ObjectNode attributes(Principal.User user) {
        ObjectNode out = user.data().deepCopy();
        out.put("id", user.id());
        out.put("email", user.email());
        out.put("role", user.role());
        return out;
    }

    private static Filter condition(JsonNode node, ObjectNode user) {
        if (!node.isObject()) throw new QueryException("An access condition must be an object");
        List<Filter> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            switch (key) {
                case "user_condition" -> parts.add(userCondition(value, user) ? new Filter.All() : NOTHING);
                case "$or", "$and", "$nor" -> {
                    if (!value.isArray() || value.isEmpty()) throw new QueryException(key + " in an access rule needs a non-empty array");
                    List<Filter> children = new ArrayList<>();
                    for (JsonNode child : value) children.add(condition(child, user));
                    parts.add(switch (key) {
                        case "$or" -> new Filter.Or(children);
                        case "$and" -> new Filter.And(children);
                        default -> new Filter.Nor(children);
                    });
                }
                default -> {
                    if (key.startsWith("$")) throw new QueryException("Unknown operator '" + key + "' in an access rule");
                    String scope = scopeName(key);
                    if (scope != null) {
                        // The record's own app/entity/environment: parsed under the written name, then moved
                        // to the internal column name that no record field can have.
                        ObjectNode single = NODES.objectNode();
                        single.set(scope, substitute(value, user));
                        parts.add(renamed(FilterParser.parse(single), key));
                        continue;
                    }
                    ObjectNode single = NODES.objectNode();
                    single.set(key, substitute(value, user));
                    parts.add(FilterParser.parse(single));
                }
            }
        }
        return parts.size() == 1 ? parts.get(0) : new Filter.And(parts);
    }

    /** The name a rule writes for the internal scope field {@code key}, or null for any other key. */
    private static String scopeName(String key) {
        for (Map.Entry<String, String> e : ScopeKeys.internal().entrySet()) {
            if (e.getValue().equals(key)) return e.getKey();
        }
        return null;
    }

    /** {@code filter} (on one field) with its field renamed to {@code field}. */
    private static Filter renamed(Filter filter, String field) {
        return switch (filter) {
            case Filter.All all -> all;
            case Filter.And and -> new Filter.And(and.filters().stream().map(f -> renamed(f, field)).toList());
            case Filter.Or or -> new Filter.Or(or.filters().stream().map(f -> renamed(f, field)).toList());
            case Filter.Nor nor -> new Filter.Nor(nor.filters().stream().map(f -> renamed(f, field)).toList());
            case Filter.Not not -> new Filter.Not(renamed(not.filter(), field));
            case Filter.Eq eq -> new Filter.Eq(field, eq.value());
            case Filter.In in -> new Filter.In(field, in.values());
            case Filter.Compare cmp -> new Filter.Compare(field, cmp.op(), cmp.value());
            case Filter.Regex re -> new Filter.Regex(field, re.pattern(), re.options());
            case Filter.Exists ex -> new Filter.Exists(field, ex.exists());
            case Filter.Size size -> new Filter.Size(field, size.size());
            case Filter.ElemMatch em -> new Filter.ElemMatch(field, em.condition());
        };
    }

    /** {@code user_condition}: every attribute must hold, by exact equality or $in/$nin/$ne/$all/$eq. */
    private static boolean userCondition(JsonNode cond, ObjectNode user) {
        if (!cond.isObject() || cond.isEmpty()) throw new QueryException("user_condition must be a non-empty object");
        for (Map.Entry<String, JsonNode> e : cond.properties()) {
            String path = e.getKey().startsWith("data.") ? e.getKey().substring(5) : e.getKey();
            if (path.indexOf('.') >= 0) {
                // A dotted attribute path may pass through arrays (teams.name): MongoDB rules, as for records.
                ObjectNode single = NODES.objectNode();
                single.set(path, e.getValue());
                if (!FilterMatcher.matches(FilterParser.parse(single), user)) return false;
                continue;
            }
            JsonNode actual = lookup(user, e.getKey());
            if (!holds(actual, e.getValue())) return false;
        }
        return true;
    }

    private static boolean holds(JsonNode actual, JsonNode expected) {
        if (expected.isObject() && expected.size() > 0 && expected.fieldNames().next().startsWith("$")) {
            for (Map.Entry<String, JsonNode> op : expected.properties()) {
                JsonNode v = op.getValue();
                boolean ok = switch (op.getKey()) {
                    case "$eq" -> same(actual, v);
                    case "$ne" -> !same(actual, v);
                    case "$in" -> v.isArray() && contains(v, actual);
                    case "$nin" -> v.isArray() && !contains(v, actual);
                    case "$all" -> v.isArray() && actual != null && actual.isArray() && allIn(v, actual);
                    default -> throw new QueryException("Unknown operator '" + op.getKey() + "' in user_condition");
                };
                if (!ok) return false;
            }
            return true;
        }
        if (actual != null && actual.isArray() && !expected.isArray()) return contains(actual, expected);
        return same(actual, expected);
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode n : array) if (same(n, value)) return true;
        return false;
    }

    private static boolean allIn(JsonNode wanted, JsonNode actual) {
        for (JsonNode w : wanted) if (!contains(actual, w)) return false;
        return true;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        boolean aNull = a == null || a.isNull() || a.isMissingNode();
        boolean bNull = b == null || b.isNull() || b.isMissingNode();
        if (aNull || bNull) return aNull && bNull;
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        return a.equals(b);
    }

    /** A user attribute by path; {@code data.} addresses custom fields, which are flat on the user. */
    private static JsonNode lookup(ObjectNode user, String path) {
        String p = path.startsWith("data.") ? path.substring(5) : path;
        JsonNode node = user;
        for (String seg : p.split("\\.")) {
            if (node == null || !node.isObject()) return null;
            node = node.get(seg);
        }
        return node;
    }

    /**
     * Replaces {@code {{user.*}}} templates in strings, arrays and operator objects. A string that
     * is exactly one template takes the attribute's own JSON type; inside a longer string the
     * attribute is written as text. A missing attribute becomes the empty string, which matches
     * only records whose field is literally empty (never "field is missing").
     */
    static JsonNode substitute(JsonNode value, ObjectNode user) {
        if (value.isTextual()) {
            String s = value.textValue();
            Matcher whole = TEMPLATE.matcher(s);
            if (whole.matches()) {
                JsonNode v = lookup(user, whole.group(1));
                return v == null || v.isNull() || v.isMissingNode() ? TextNode.valueOf("") : v.deepCopy();
            }
            Matcher m = TEMPLATE.matcher(s);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                JsonNode v = lookup(user, m.group(1));
                String text = v == null || v.isNull() || v.isMissingNode() ? "" : v.isValueNode() ? v.asText() : v.toString();
                m.appendReplacement(out, Matcher.quoteReplacement(text));
            }
            m.appendTail(out);
            return TextNode.valueOf(out.toString());
        }
        if (value.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (JsonNode n : value) out.add(substitute(n, user));
            return out;
        }
        if (value.isObject()) {
            ObjectNode out = NODES.objectNode();
            value.properties().forEach(e -> out.set(e.getKey(), substitute(e.getValue(), user)));
            return out;
        }
        return value;
    }
}
