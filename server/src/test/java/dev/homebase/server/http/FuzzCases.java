package dev.homebase.server.http;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Malformed requests for one route of the route table, drawn from a fixed seed: bad path
 * parameters, bad percent-escapes and query parameters, malformed and mistyped JSON bodies (huge
 * numbers, NUL characters, lone surrogates, deep nesting), invalid tokens, wrong content types and
 * methods. Used by {@link FuzzTest}.
 */
final class FuzzCases {

    /** One request, as it goes on the wire. */
    record Case(String method, String target, Map<String, String> headers, byte[] body) {
        String describe() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            if (text.length() > 160) text = text.substring(0, 160) + "...(" + body.length + " bytes)";
            String t = target.length() > 200 ? target.substring(0, 200) + "...(" + target.length() + ")" : target;
            return method + " " + t + " " + headers.getOrDefault("Content-Type", "") + " " + text;
        }
    }

    /** What the generator fills path parameters and bodies with. */
    record Seeds(String appId, String itemId, String noteId, String userId, Map<String, String> tokens) {}

    private static final JsonMapper ESCAPING = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)}|<(\\w+)>");
    private static final String LONG = "x".repeat(20_000);

    /** Path segment values, already as they go on the wire. */
    private static final List<String> BAD_SEGMENTS = List.of("%zz", "%", "%0", "%00", "%C0%AF", "%ED%A0%80", "%FF%FE",
            "..", "%2e%2e", "a%2Fb", "%5C", "x".repeat(3000), "%E2%82%AC", "null", "'%20OR%201=1--", "%7B%22a%22:1%7D",
            ";a=b", "%25", "%u0041", "User", "me", "0", "-1", "%20", "*");

    /** Query strings (without the "?"), already as they go on the wire. */
    private static final List<String> BAD_QUERIES = List.of("%zz", "%", "%2", "a=%zz", "q=%zz", "%00", "a=%00", "=", "&&&=&",
            "a=%E0%A4%A", "a=%FF%FE", "a[]=1&a[b]=2", "x=" + "y".repeat(5000), "%%%", "a=1;b=2", "q", "q=", "sort", "limit",
            "a=%u0041", "%zz=1", "q=%7B%22title%22:%22%zz%22%7D", "fields=%zz", "sort=%zz", "a+b=c+d", "a=%C0%80");

    /** Names of query parameters some route reads. */
    private static final List<String> PARAMS = List.of("q", "sort", "limit", "skip", "fields", "fields[]", "cursor",
            "distinct", "from_url", "app_id", "since", "function", "token", "state", "code", "error", "popup_origin");

    /** Values for any query parameter (to be percent-encoded). */
    private static final List<String> BAD_VALUES = List.of("", "-1", "0", "1e999999", "-1e999999", "1e-999999",
            "99999999999999999999999", "NaN", "Infinity", "1.5", "0x10", "abc", "\u0000", "\ud800", "null", "true", "[]", "{}",
            "{\"$gt\":1}", "-created_date", "+title", "title,,count", "data.title", "meta.color", "a..b", "$where", "__proto__",
            "x".repeat(300), "http://evil.example/", "//evil.example", "javascript:alert(1)", "2026-13-45T99:99:99Z",
            "count,-title,meta.size", "title,\u0000", "eyJhbGciOiJub25lIn0.e30.", "@@@", "1 OR 1=1");

    /** Filters (JSON text) for q, the bodies' queries and deleteMany. */
    private static final List<String> FILTERS = List.of(
            "{nope", "[1]", "1", "\"x\"", "null", "{}", "{\"title\":1e999999}", "{\"count\":{\"$gt\":1e999999}}",
            "{\"count\":{\"$lt\":-1e999999}}", "{\"price\":{\"$gte\":1e-999999}}", "{\"count\":{\"$in\":[1e999999,2]}}",
            "{\"count\":99999999999999999999999999999999999}", "{\"title\":\"\\u0000\"}", "{\"\\u0000\":1}",
            "{\"title\":\"\\ud800\"}", "{\"title\":{\"$regex\":\"^(a|a)*$\"}}", "{\"title\":{\"$regex\":\"^(a+)+$\"}}",
            "{\"title\":{\"$regex\":\"(a*)*b\"}}", "{\"title\":{\"$regex\":\"^(a+)\\\\1+$\"}}",
            "{\"title\":{\"$regex\":\"((((((((((a*)*)*)*)*)*)*)*)*)*)*$\"}}", "{\"title\":{\"$regex\":\"(\"}}",
            "{\"title\":{\"$regex\":\"[\"}}", "{\"title\":{\"$regex\":\"a{99999}\"}}", "{\"title\":{\"$regex\":\"(a{1000}){1000}\"}}",
            "{\"title\":{\"$regex\":\"" + "(".repeat(200) + "a" + ")".repeat(200) + "\"}}",
            "{\"title\":{\"$regex\":\"x\",\"$options\":\"q\"}}", "{\"title\":{\"$regex\":1}}", "{\"title\":{\"$bogus\":1}}",
            "{\"$where\":\"1\"}", "{\"title\":{\"$size\":1e999999}}", "{\"tags\":{\"$elemMatch\":{\"$gt\":1e999999}}}",
            "{\"$or\":[]}", "{\"$and\":{}}", "{\"meta.size\":{\"$gt\":\"x\"}}", "{\"data.title\":{\"$exists\":1}}",
            "{\"a\":" .repeat(70) + "1" + "}".repeat(70), "{\"$or\":[".repeat(20) + "{}" + "]}".repeat(20),
            "{\"title\":{\"$not\":{\"$regex\":\"^(a|a)*$\"}}}", "{\"salary\":{\"$gt\":1e999999}}",
            "{\"title\":\"" + "y".repeat(12_000) + "\"}", "{\"title\":{\"$gt\":[1]}}", "{\"created_date\":{\"$gt\":1e999999}}",
            "{\"title\":{\"$regex\":\"\\\\p{L}\"}}", "{\"title\":{\"$regex\":\"(?<n>a)\"}}", "{\"id\":{\"$in\":[1e999999]}}");

    /** Bodies that are not what any route wants. */
    private static final List<String> BAD_BODIES = List.of("{", "}", "[", "{\"a\":}", "nul", "tru", "\"str\"", "1", "-1e999999",
            "null", "[]", "{}", "[".repeat(100) + "]".repeat(100), "{\"a\":".repeat(100) + "1" + "}".repeat(100),
            "\uFEFF{}", "{\"a\":1,\"a\":2}", "{\"a\":1}x", "{\"\\u0000\":1}", "{\"title\":\"\\u0000\"}", "{\"title\":\"\\ud800\"}",
            "{\"title\":\"\\udc00x\"}", "{\"title\":1e999999}", "{\"title\":\"a\",\"count\":-1e999999}", "{\"title\":\"a\",\"price\":1e-999999}",
            "{\"title\":\"a\",\"price\":" + "9".repeat(400) + "}", "{\"title\":\"a\",\"count\":" + "9".repeat(2000) + "}",
            "{\"title\":\"a\",\"meta\":{\"size\":1e400}}", "{\"title\":\"a\",\"tags\":[\"\\u0000\"]}", "{\"title\":\"a\",\"meta\":{\"\\u0000\":1}}",
            "[{\"title\":\"\\u0000\"}]", "[{\"title\":\"a\",\"count\":1e999999}]", "{\"email\":\"a\\u0000@b.c\",\"password\":\"x\"}",
            "{\"email\":\"a@b.c\",\"password\":1e999999}", "{\"title\":\"" + LONG + "\"}");

    private static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data", "multipart/form-data; boundary=", "application/json; charset=utf-16", "application/json; charset=x",
            "\u0000", "*/*", "application/xml");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO", "QUERY");

    private final Random random;
    private final Seeds seeds;

    FuzzCases(long seed, Seeds seeds) {
        this.random = new Random(seed);
        this.seeds = seeds;
    }

    /**
     * {@code count} random requests for the route {@code method path} (the first ones cover each
     * family once), plus a NUL character in each known query parameter.
     */
    List<Case> forRoute(String method, String path, int count) {
        List<Case> out = new ArrayList<>();
        for (String param : PARAMS) out.add(request(method, fill(path, null, null) + "?" + encode(param) + "=a%00b", templateBody(path)));
        count += out.size();
        for (int i = 0; out.size() < count; i++) {
            int family = i < 8 ? i : random.nextInt(8);
            out.add(switch (family) {
                case 0 -> badPath(method, path);
                case 1 -> badQuery(method, path);
                case 2 -> badParam(method, path);
                case 3 -> badBody(method, path);
                case 4 -> mutatedBody(method, path);
                case 5 -> badFilter(method, path);
                case 6 -> badHeaders(method, path);
                default -> wrongMethod(path);
            });
        }
        return out;
    }

    private Case badPath(String method, String path) {
        List<String> names = params(path);
        String target = names.isEmpty() ? fill(path, null, null) + "/" + pick(BAD_SEGMENTS) : fill(path, pick(names), pick(BAD_SEGMENTS));
        return request(method, target, templateBody(path));
    }

    private Case badQuery(String method, String path) {
        return request(method, fill(path, null, null) + "?" + pick(BAD_QUERIES), templateBody(path));
    }

    private Case badParam(String method, String path) {
        StringBuilder q = new StringBuilder();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            if (i > 0) q.append('&');
            q.append(encode(pick(PARAMS))).append('=').append(encode(pick(BAD_VALUES)));
        }
        return request(method, fill(path, null, null) + "?" + q, templateBody(path));
    }

    private Case badBody(String method, String path) {
        String body = pick(BAD_BODIES);
        return new Case(bodyMethod(method), fill(path, null, null), headers("application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    private Case mutatedBody(String method, String path) {
        JsonNode template = template(path);
        JsonNode mutated = mutate(template.deepCopy());
        return new Case(bodyMethod(method), fill(path, null, null), headers("application/json"), write(mutated));
    }

    private Case badFilter(String method, String path) {
        String filter = pick(FILTERS);
        if (random.nextBoolean() || method.equals("GET")) {
            return request(method, fill(path, null, null) + "?q=" + encode(filter), templateBody(path));
        }
        // In a body: deleteMany's filter, update-many's and aggregate's query.
        String body = path.endsWith("/update-many") ? "{\"query\":" + filter + ",\"data\":{\"$set\":{\"done\":true}}}"
                : path.endsWith("/aggregate") ? "{\"query\":" + filter + ",\"count\":true,\"groupBy\":[\"title\"]}"
                : filter;
        return new Case(bodyMethod(method), fill(path, null, null), headers("application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    private Case badHeaders(String method, String path) {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (random.nextInt(4)) {
            case 0 -> headers.put("Authorization", pick(List.of("Bearer", "Bearer ", "Bearer a.b.c", "Basic eDp5", "Bearer " + LONG.substring(0, 4000),
                    "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "Bearer \u00ff\u00fe", "bearer x y z")));
            case 1 -> headers.put("Content-Type", pick(CONTENT_TYPES));
            case 2 -> headers.put("X-Data-Env", pick(List.of("dev", "prod", "\u00ff", "x".repeat(500))));
            default -> headers.put("Accept", pick(List.of("text/html", "*/*", "application/json", "\u00ff")));
        }
        headers.putIfAbsent("Content-Type", "application/json");
        byte[] body = templateBody(path);
        return new Case(method, fill(path, null, null), headers, body);
    }

    private Case wrongMethod(String path) {
        return request(pick(METHODS), fill(path, null, null), random.nextBoolean() ? templateBody(path) : null);
    }

    private Case request(String method, String target, byte[] body) {
        Map<String, String> headers = headers("application/json");
        return new Case(method, target, headers, method.equals("GET") || method.equals("HEAD") ? null : body);
    }

    /** JSON content type and one of the tokens (or none). */
    private Map<String, String> headers(String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        List<String> names = new ArrayList<>(seeds.tokens().keySet());
        String token = seeds.tokens().get(names.get(random.nextInt(names.size())));
        if (token != null) headers.put("Authorization", "Bearer " + token);
        return headers;
    }

    private String bodyMethod(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") ? pick(List.of("POST", "PUT", "PATCH", "DELETE")) : method;
    }

    private static List<String> params(String path) {
        List<String> out = new ArrayList<>();
        Matcher m = PARAM.matcher(path);
        while (m.find()) out.add(m.group(1) != null ? m.group(1) : m.group(2));
        return out;
    }

    /** The path with its parameters filled in; {@code bad} replaces the parameter {@code name}. */
    private String fill(String path, String name, String bad) {
        Matcher m = PARAM.matcher(path);
        StringBuilder out = new StringBuilder();
        String entity = pick(List.of("Item", "Item", "Note", "User"));
        while (m.find()) {
            String param = m.group(1) != null ? m.group(1) : m.group(2);
            String value = param.equals(name) ? bad : switch (param) {
                case "appId" -> seeds.appId();
                case "entity" -> entity;
                case "id" -> entity.equals("User") ? seeds.userId() : entity.equals("Note") ? seeds.noteId() : seeds.itemId();
                case "provider" -> "google";
                case "name" -> "echo";
                case "page" -> "home";
                default -> path.contains("functions/") ? "echo/a/b" : "x/y";
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private byte[] templateBody(String path) {
        return write(template(path));
    }

    /** A well-formed body for the route, the starting point of mutations. */
    private JsonNode template(String path) {
        String item = "{\"title\":\"t\",\"count\":1,\"price\":2.5,\"done\":false,\"due\":\"2026-01-02\",\"tags\":[\"a\"],\"meta\":{\"color\":\"red\",\"size\":3}}";
        String json;
        if (path.endsWith("/auth/login")) json = "{\"email\":\"admin@fuzz.test\",\"password\":\"wrong-password\"}";
        else if (path.endsWith("/auth/register")) json = "{\"email\":\"new@fuzz.test\",\"password\":\"password-1\"}";
        else if (path.endsWith("/verify-otp")) json = "{\"email\":\"new@fuzz.test\",\"otp_code\":\"123456\"}";
        else if (path.endsWith("/resend-otp") || path.endsWith("/reset-password-request")) json = "{\"email\":\"new@fuzz.test\"}";
        else if (path.endsWith("/auth/reset-password")) json = "{\"reset_token\":\"abc\",\"new_password\":\"password-2\"}";
        else if (path.endsWith("/change-password")) json = "{\"user_id\":\"" + seeds.userId() + "\",\"current_password\":\"x\",\"new_password\":\"password-3\"}";
        else if (path.endsWith("/invite-user")) json = "{\"user_email\":\"invitee@fuzz.test\",\"role\":\"user\"}";
        else if (path.endsWith("/User/me")) json = "{\"full_name\":\"F\",\"team\":\"red\"}";
        else if (path.endsWith("/bulk")) json = "[" + item + ",{\"id\":\"" + seeds.itemId() + "\",\"title\":\"u\"}]";
        else if (path.endsWith("/upsert")) json = "{\"key\":\"title\",\"records\":[" + item + "]}";
        else if (path.endsWith("/update-many")) json = "{\"query\":{\"title\":\"t\"},\"data\":{\"$set\":{\"price\":1},\"$inc\":{\"count\":1},\"$push\":{\"tags\":\"b\"}}}";
        else if (path.endsWith("/aggregate")) json = "{\"query\":{\"count\":{\"$gt\":0}},\"groupBy\":[\"title\"],\"count\":true,\"sum\":[\"price\"],\"having\":{\"count\":{\"$gt\":0}},\"limit\":5}";
        else if (path.endsWith("/track/batch")) json = "{\"events\":[{\"event_name\":\"x\",\"properties\":{\"a\":1}}]}";
        else if (path.endsWith("/import")) json = "[" + item + "]";
        else json = item;
        try {
            return Json.parse(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces one random node of {@code root} (or adds a key) with a bad value. */
    private JsonNode mutate(JsonNode root) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        JsonNode bad = badValue();
        if (target instanceof ObjectNode object) {
            List<String> keys = new ArrayList<>();
            object.fieldNames().forEachRemaining(keys::add);
            String key = keys.isEmpty() || random.nextInt(4) == 0 ? pick(List.of("$inc", "", "\u0000", "a.b", "__proto__", "x".repeat(300), "id", "created_date", "\ud800"))
                    : keys.get(random.nextInt(keys.size()));
            object.set(key, bad);
        } else if (target instanceof ArrayNode array) {
            if (array.isEmpty() || random.nextBoolean()) array.add(bad);
            else array.set(random.nextInt(array.size()), bad);
        }
        return root;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (!node.isContainerNode()) return;
        out.add(node);
        for (JsonNode child : node) collect(child, out);
    }

    private JsonNode badValue() {
        JsonNodeFactory f = JsonNodeFactory.withExactBigDecimals(true);
        return switch (random.nextInt(22)) {
            case 0 -> f.numberNode(new BigDecimal("1e999999"));
            case 1 -> f.numberNode(new BigDecimal("-1e999999"));
            case 2 -> f.numberNode(new BigDecimal("1e-999999"));
            case 3 -> f.numberNode(BigInteger.TEN.pow(400));
            case 4 -> f.textNode("a\u0000b");
            case 5 -> f.textNode("\ud800");
            case 6 -> f.textNode(LONG);
            case 7 -> f.arrayNode();
            case 8 -> f.objectNode();
            case 9 -> f.nullNode();
            case 10 -> f.booleanNode(true);
            case 11 -> f.numberNode(-1);
            case 12 -> f.numberNode(new BigDecimal("1e308"));
            case 13 -> f.numberNode(new BigInteger("9223372036854775808"));
            case 14 -> f.textNode("");
            case 15 -> f.objectNode().put("$gt", 1);
            case 16 -> f.objectNode().put("$regex", "^(a|a)*$");
            case 17 -> f.numberNode(new BigDecimal("-0.0"));
            case 18 -> f.textNode("2026-02-30");
            case 19 -> deep(f, 60);
            case 20 -> f.numberNode(new BigDecimal("1e-400"));
            default -> f.textNode("$where");
        };
    }

    private static JsonNode deep(JsonNodeFactory f, int depth) {
        ObjectNode root = f.objectNode();
        ObjectNode at = root;
        for (int i = 0; i < depth; i++) at = at.putObject("a");
        return root;
    }

    private static byte[] write(JsonNode node) {
        try {
            return ESCAPING.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
