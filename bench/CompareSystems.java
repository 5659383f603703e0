import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The systems bench/CompareBench.java drives, the same data for each, and the seven scenarios: one HTTP call each,
 * by a signed-in user (login excepted). Homebase: the bench project's {@code Note} (owner-only rule, {@code created_by})
 * and {@code Order} (no rule). Parse: the same classes, {@code Note} owner-only through the class-level permission
 * {@code readUserFields}/{@code writeUserFields} on an {@code owner} pointer (the equivalent of Homebase's row rule: a
 * filter on an indexed field, not per-object ACLs), {@code Order} public; the same indexes.
 */
final class CompareSystems {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "bench-password-1";
    static final String FILTER = "{\"status\":\"open\",\"priority\":{\"$gte\":3}}";

    enum Scenario {
        CREATE("create (signed-in user)"), GET("get by id"), OWNER_PAGE("page of 50, owner-only rule"),
        PAGE("page of 50, no rule (status open, priority >= 3, -created)"), UPDATE("update by id"),
        COUNT("count with that filter"), LOGIN("login"),
        /** The HTTP floor: the system's health check (no database, no sign-in), through its whole HTTP stack. */
        HEALTH("no-op request (health check)");

        final String title;
        Scenario(String title) { this.title = title; }
    }

    /** A user of one system: what it signs in with, its token, and the ids of its notes there. */
    static final class User {
        final int index;
        String id, token;
        final List<String> notes = new ArrayList<>();
        User(int index) { this.index = index; }
        String email() { return "user" + index + "@bench.test"; }
    }

    /**
     * The records, the same for every system: per user, its notes and its orders (the fields of each), generated
     * again from fixed seeds whenever asked for (nothing held in memory); {@code expectedCount} orders match {@link #FILTER}.
     */
    record Dataset(int users, int perUser, long expectedCount) {
        static final String[] STATUSES = {"open", "paid", "shipped", "cancelled"};

        static Dataset generate(int users, int perUser) {
            long expected = 0;
            for (int u = 0; u < users; u++) expected += matching(orders(u, perUser, 2000 + u));
            return new Dataset(users, perUser, expected);
        }

        List<ObjectNode> notes(int user) {
            Random random = new Random(1000 + user);
            List<ObjectNode> notes = new ArrayList<>();
            for (int i = 0; i < perUser; i++)
                notes.add(JSON.createObjectNode().put("title", "note " + user + "-" + i).put("status", STATUSES[random.nextInt(4)])
                        .put("priority", 1 + random.nextInt(5)).put("done", random.nextBoolean()));
            return notes;
        }

        List<ObjectNode> orders(int user) { return orders(user, perUser, 2000 + user); }

        static List<ObjectNode> orders(int user, int count, long seed) {
            Random random = new Random(seed);
            List<ObjectNode> orders = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ObjectNode order = JSON.createObjectNode().put("customer", "c" + random.nextInt(5000))
                        .put("status", STATUSES[random.nextInt(4)]).put("amount", random.nextInt(100000) / 100.0)
                        .put("priority", 1 + random.nextInt(5));
                order.putArray("tags").add("t" + random.nextInt(20));
                orders.add(order);
            }
            return orders;
        }

        static long matching(List<ObjectNode> orders) {
            return orders.stream().filter(CompareSystems::matchesFilter).count();
        }
    }

    /** One system under test: its base URL, its server process (for RSS), its users after seeding. */
    abstract static class Target {
        final String name, base;
        final long pid;
        final List<User> users = new ArrayList<>();

        Target(String name, String base, long pid) {
            this.name = name;
            this.base = base;
            this.pid = pid;
        }

        /** Creates the users and their records through the system's bulk path. */
        abstract void seed(Dataset data) throws Exception;

        /** One request of the scenario, by a random user. */
        abstract EntityBench.Call op(Scenario scenario);

        /** Adds orders through the bulk path, as the given user. */
        abstract void addOrders(User user, List<ObjectNode> orders) throws Exception;

        /** Checks every scenario answers right; returns what is wrong (empty when all is well). */
        abstract List<String> check(Dataset data) throws Exception;

        /** The number of records matching {@link #FILTER} as the system counts it. */
        abstract long count() throws Exception;

        User anyUser() { return users.get(ThreadLocalRandom.current().nextInt(users.size())); }

        String anyNote(User user) { return user.notes.get(ThreadLocalRandom.current().nextInt(user.notes.size())); }

        /** Runs {@code work} for each user, {@code parallel} at a time. */
        void forEachUser(int count, int parallel, UserWork work) throws Exception {
            Semaphore slots = new Semaphore(parallel);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int k = 0; k < count; k++) {
                    int index = k;
                    done.add(pool.submit(() -> {
                        slots.acquire();
                        try {
                            work.run(index);
                        } finally {
                            slots.release();
                        }
                        return null;
                    }));
                }
                for (var f : done) f.get();
            }
        }

        interface UserWork { void run(int index) throws Exception; }
    }

    static String q(String json) { return URLEncoder.encode(json, StandardCharsets.UTF_8); }

    static boolean refused(EntityBench.Call call) {
        try {
            call.run();
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    /** Homebase, over its REST API (the one @base44/sdk speaks). */
    static final class Homebase extends Target {
        final String api;
        final Path log;

        Homebase(String name, String origin, String appId, long pid, Path log) {
            super(name, origin, pid);
            this.api = origin + "/api/apps/" + appId;
            this.log = log;
        }

        @Override
        void seed(Dataset data) throws Exception {
            for (int k = 0; k < data.users(); k++) users.add(new User(k));
            // Users sign up as in an app: register, then the e-mailed code (the server logs mail without SMTP).
            forEachUser(data.users(), 8, k -> {
                User user = users.get(k);
                retryBusy(() -> EntityBench.send("POST", api + "/auth/register", body("email", user.email(), "password", PASSWORD)));
                JsonNode verified = JSON.readTree(retryBusy(() -> EntityBench.send("POST", api + "/auth/verify-otp",
                        body("email", user.email(), "otp_code", otp(user.email())))));
                user.id = verified.get("id").asText();
                user.token = verified.get("access_token").asText();
            });
            forEachUser(data.users(), 4, k -> {
                User user = users.get(k);
                for (String id : bulk("Note", data.notes(k), user)) user.notes.add(id);
                bulk("Order", data.orders(k), user);
            });
        }

        List<String> bulk(String entity, List<ObjectNode> records, User user) throws Exception {
            List<String> ids = new ArrayList<>();
            for (int from = 0; from < records.size(); from += 1000) {
                ArrayNode batch = JSON.createArrayNode().addAll(records.subList(from, Math.min(records.size(), from + 1000)));
                for (JsonNode r : JSON.readTree(retryBusy(() -> EntityBench.call("POST", api + "/entities/" + entity + "/bulk", batch.toString(), user.token))))
                    ids.add(r.get("id").asText());
            }
            return ids;
        }

        @Override
        void addOrders(User user, List<ObjectNode> orders) throws Exception { bulk("Order", orders, user); }

        /** A write refused with 503 (SQLite busy on a loaded machine) wrote nothing (one transaction): tried again. */
        static String retryBusy(java.util.concurrent.Callable<String> write) throws Exception {
            for (int attempt = 1; ; attempt++) {
                try {
                    return write.call();
                } catch (RuntimeException e) {
                    if (attempt == 20 || !String.valueOf(e.getMessage()).contains(" 503 ")) throw e;
                    Thread.sleep(500L * attempt);
                }
            }
        }

        String otp(String email) throws Exception {
            Pattern code = Pattern.compile("Mail to " + Pattern.quote(email) + "\\b[^\\n]*\\n[^\\n]*verification code: (\\d{6})");
            for (int i = 0; i < 200; i++) {
                Matcher m = code.matcher(Files.readString(log));
                String last = null;
                while (m.find()) last = m.group(1);
                if (last != null) return last;
                Thread.sleep(50);
            }
            throw new IllegalStateException("no verification code for " + email + " in " + log);
        }

        @Override
        EntityBench.Call op(Scenario scenario) {
            return switch (scenario) {
                case CREATE -> () -> EntityBench.call("POST", api + "/entities/Note", newNote(), anyUser().token);
                case GET -> () -> { User u = anyUser(); EntityBench.call("GET", api + "/entities/Note/" + anyNote(u), null, u.token); };
                case OWNER_PAGE -> () -> EntityBench.call("GET", api + "/entities/Note?limit=50&sort=-created_date", null, anyUser().token);
                case PAGE -> () -> EntityBench.call("GET", pageUrl(), null, anyUser().token);
                case UPDATE -> () -> { User u = anyUser(); EntityBench.call("PUT", api + "/entities/Note/" + anyNote(u), newPriority(), u.token); };
                case COUNT -> () -> EntityBench.call("GET", api + "/entities/Order/count?q=" + q(FILTER), null, anyUser().token);
                case LOGIN -> () -> EntityBench.send("POST", api + "/auth/login", body("email", anyUser().email(), "password", PASSWORD));
                case HEALTH -> () -> EntityBench.send("GET", base + "/api/health", null);
            };
        }

        String pageUrl() { return api + "/entities/Order?q=" + q(FILTER) + "&sort=-created_date&limit=50"; }

        @Override
        long count() throws Exception {
            return JSON.readTree(EntityBench.call("GET", api + "/entities/Order/count?q=" + q(FILTER), null, users.get(0).token)).get("count").asLong();
        }

        @Override
        List<String> check(Dataset data) throws Exception {
            List<String> problems = new ArrayList<>();
            User a = users.get(0), b = users.get(1);
            String id = a.notes.get(0);
            JsonNode note = JSON.readTree(EntityBench.call("GET", api + "/entities/Note/" + id, null, a.token));
            if (!id.equals(note.path("id").asText()) || !note.path("title").asText().equals(data.notes(0).get(0).get("title").asText()))
                problems.add("get by id: got " + note);
            if (!refused(() -> EntityBench.call("GET", api + "/entities/Note/" + id, null, b.token))) problems.add("get by id: another user read the note");
            checkPage(problems, "owner page", JSON.readTree(EntityBench.call("GET", api + "/entities/Note?limit=50&sort=-created_date", null, a.token)),
                    r -> r.path("created_by").asText().equals(a.email()), "created_date");
            checkPage(problems, "page", JSON.readTree(EntityBench.call("GET", pageUrl(), null, b.token)), CompareSystems::matchesFilter, "created_date");
            EntityBench.call("PUT", api + "/entities/Note/" + id, "{\"priority\":9}", a.token);
            if (JSON.readTree(EntityBench.call("GET", api + "/entities/Note/" + id, null, a.token)).path("priority").asInt() != 9)
                problems.add("update by id: the change was not kept");
            if (!refused(() -> EntityBench.call("PUT", api + "/entities/Note/" + id, "{\"priority\":8}", b.token)))
                problems.add("update by id: another user changed the note");
            if (!JSON.readTree(EntityBench.call("POST", api + "/entities/Note", newNote(), a.token)).path("created_by").asText().equals(a.email()))
                problems.add("create: not owned by its creator");
            if (!JSON.readTree(EntityBench.send("POST", api + "/auth/login", body("email", a.email(), "password", PASSWORD))).has("access_token"))
                problems.add("login: no token");
            return problems;
        }
    }

    /** Parse Server 9 over its REST API, app id {@code bench}. */
    static final class Parse extends Target {
        static final String[] APP = {"X-Parse-Application-Id", "bench"};

        Parse(String name, String base, long pid) { super(name, base, pid); }

        String call(String method, String path, String body, User user) {
            return user == null ? EntityBench.send(method, base + path, body, APP)
                    : EntityBench.send(method, base + path, body, APP[0], APP[1], "X-Parse-Session-Token", user.token);
        }

        @Override
        void seed(Dataset data) throws Exception {
            String[] master = {APP[0], APP[1], "X-Parse-Master-Key", "bench-master-key"};
            EntityBench.send("POST", base + "/schemas/Order", """
                    {"className": "Order", "fields": {"customer": {"type": "String"}, "status": {"type": "String"},
                      "amount": {"type": "Number"}, "priority": {"type": "Number"}, "tags": {"type": "Array"}},
                     "classLevelPermissions": {"find": {"*": true}, "count": {"*": true}, "get": {"*": true}, "create": {"*": true},
                      "update": {"*": true}, "delete": {"*": true}, "addField": {}, "protectedFields": {}},
                     "indexes": {"status": {"status": 1}, "amount": {"amount": 1}, "priority": {"priority": 1},
                      "created": {"createdAt": -1}, "status_created": {"status": 1, "createdAt": -1}}}""", master);
            EntityBench.send("POST", base + "/schemas/Note", """
                    {"className": "Note", "fields": {"title": {"type": "String"}, "status": {"type": "String"},
                      "priority": {"type": "Number"}, "done": {"type": "Boolean"}, "owner": {"type": "Pointer", "targetClass": "_User"}},
                     "classLevelPermissions": {"find": {}, "count": {}, "get": {}, "create": {"requiresAuthentication": true},
                      "update": {}, "delete": {}, "addField": {}, "protectedFields": {},
                      "readUserFields": ["owner"], "writeUserFields": ["owner"]},
                     "indexes": {"status": {"status": 1}, "priority": {"priority": 1}, "created": {"createdAt": -1},
                      "owner": {"owner": 1}, "owner_created": {"owner": 1, "createdAt": -1}}}""", master);
            for (int k = 0; k < data.users(); k++) users.add(new User(k));
            forEachUser(data.users(), 8, k -> {
                User user = users.get(k);
                JsonNode r = JSON.readTree(call("POST", "/users", body("username", user.email(), "password", PASSWORD, "email", user.email()), null));
                user.id = r.get("objectId").asText();
                user.token = r.get("sessionToken").asText();
            });
            forEachUser(data.users(), 8, k -> { // each record its own commit in Parse: more at once commit together
                User user = users.get(k);
                List<ObjectNode> notes = new ArrayList<>();
                for (ObjectNode n : data.notes(k)) notes.add(n.set("owner", owner(user)));
                user.notes.addAll(batch("Note", notes, user));
                batch("Order", data.orders(k), user);
            });
        }

        @Override
        void addOrders(User user, List<ObjectNode> orders) throws Exception { batch("Order", orders, user); }

        ObjectNode owner(User user) {
            return JSON.createObjectNode().put("__type", "Pointer").put("className", "_User").put("objectId", user.id);
        }

        /** Creates the records through Parse's batch endpoint, 500 per request (each answer holds the new id). */
        List<String> batch(String className, List<ObjectNode> records, User user) throws Exception {
            List<String> ids = new ArrayList<>();
            for (int from = 0; from < records.size(); from += 500) {
                ObjectNode body = JSON.createObjectNode();
                ArrayNode requests = body.putArray("requests");
                for (ObjectNode r : records.subList(from, Math.min(records.size(), from + 500)))
                    requests.addObject().put("method", "POST").put("path", "/parse/classes/" + className).set("body", r);
                for (JsonNode r : JSON.readTree(call("POST", "/batch", body.toString(), user))) {
                    if (!r.has("success")) throw new IllegalStateException("batch: " + r);
                    ids.add(r.get("success").get("objectId").asText());
                }
            }
            return ids;
        }

        @Override
        EntityBench.Call op(Scenario scenario) {
            return switch (scenario) {
                case CREATE -> () -> { User u = anyUser(); call("POST", "/classes/Note", newNote(owner(u)), u); };
                case GET -> () -> { User u = anyUser(); call("GET", "/classes/Note/" + anyNote(u), null, u); };
                case OWNER_PAGE -> () -> call("GET", "/classes/Note?order=-createdAt&limit=50", null, anyUser());
                case PAGE -> () -> call("GET", pagePath(), null, anyUser());
                case UPDATE -> () -> { User u = anyUser(); call("PUT", "/classes/Note/" + anyNote(u), newPriority(), u); };
                case COUNT -> () -> call("GET", countPath(), null, anyUser());
                case LOGIN -> () -> call("POST", "/login", body("username", anyUser().email(), "password", PASSWORD), null);
                case HEALTH -> () -> EntityBench.send("GET", base + "/health", null);
            };
        }

        static String pagePath() { return "/classes/Order?where=" + q(FILTER) + "&order=-createdAt&limit=50"; }

        static String countPath() { return "/classes/Order?where=" + q(FILTER) + "&count=1&limit=0"; }

        @Override
        long count() throws Exception { return JSON.readTree(call("GET", countPath(), null, users.get(0))).get("count").asLong(); }

        @Override
        List<String> check(Dataset data) throws Exception {
            List<String> problems = new ArrayList<>();
            User a = users.get(0), b = users.get(1);
            String id = a.notes.get(0);
            JsonNode note = JSON.readTree(call("GET", "/classes/Note/" + id, null, a));
            if (!id.equals(note.path("objectId").asText()) || !note.path("title").asText().equals(data.notes(0).get(0).get("title").asText()))
                problems.add("get by id: got " + note);
            if (!refused(() -> call("GET", "/classes/Note/" + id, null, b))) problems.add("get by id: another user read the note");
            checkPage(problems, "owner page", JSON.readTree(call("GET", "/classes/Note?order=-createdAt&limit=50", null, a)).path("results"),
                    r -> r.path("owner").path("objectId").asText().equals(a.id), "createdAt");
            checkPage(problems, "page", JSON.readTree(call("GET", pagePath(), null, b)).path("results"), CompareSystems::matchesFilter, "createdAt");
            call("PUT", "/classes/Note/" + id, "{\"priority\":9}", a);
            if (JSON.readTree(call("GET", "/classes/Note/" + id, null, a)).path("priority").asInt() != 9)
                problems.add("update by id: the change was not kept");
            if (!refused(() -> call("PUT", "/classes/Note/" + id, "{\"priority\":8}", b))) problems.add("update by id: another user changed the note");
            if (!JSON.readTree(call("POST", "/classes/Note", newNote(owner(a)), a)).has("objectId")) problems.add("create: no id");
            if (!JSON.readTree(call("POST", "/login", body("username", a.email(), "password", PASSWORD), null)).has("sessionToken"))
                problems.add("login: no session token");
            return problems;
        }
    }

    static boolean matchesFilter(JsonNode record) {
        return record.path("status").asText().equals("open") && record.path("priority").asDouble() >= 3;
    }

    /** A page must hold 50 records, each passing {@code test}, newest first by {@code dateField}. */
    static void checkPage(List<String> problems, String what, JsonNode page, java.util.function.Predicate<JsonNode> test, String dateField) {
        if (!page.isArray() || page.size() != 50) {
            problems.add(what + ": expected 50 records, got " + (page.isArray() ? page.size() : page.toString()));
            return;
        }
        String previous = null;
        for (JsonNode r : page) {
            if (!test.test(r)) problems.add(what + ": a record that does not match: " + r);
            String date = r.path(dateField).asText();
            if (previous != null && date.compareTo(previous) > 0) problems.add(what + ": not newest first at " + r);
            previous = date;
        }
    }

    static String newNote() {
        int n = ThreadLocalRandom.current().nextInt(1000);
        return "{\"title\":\"new note " + n + "\",\"status\":\"open\",\"priority\":" + (1 + n % 5) + ",\"done\":false}";
    }

    static String newNote(ObjectNode owner) {
        try {
            return ((ObjectNode) JSON.readTree(newNote())).set("owner", owner).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String newPriority() { return "{\"priority\":" + (1 + ThreadLocalRandom.current().nextInt(5)) + "}"; }

    static String body(String... pairs) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i + 1 < pairs.length; i += 2) node.put(pairs[i], pairs[i + 1]);
        return node.toString();
    }
}
