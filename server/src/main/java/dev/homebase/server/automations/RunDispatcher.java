package dev.homebase.server.automations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.functions.FunctionCall;
import dev.homebase.server.functions.FunctionCatalog;
import dev.homebase.server.functions.FunctionException;
import dev.homebase.server.functions.FunctionHost;
import dev.homebase.server.functions.FunctionLogs;
import dev.homebase.server.functions.FunctionReply;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the due runs of {@code automation_runs}: claims each for this node (see {@link RunStore#claim}),
 * invokes the function on a virtual thread with the body of api-contract §6.6 and only the platform's
 * service header (no user {@code Authorization}), and records the outcome: a 2xx answer is done; any
 * other answer, a crash or a timeout is tried again after a growing wait, up to the attempt limit, then
 * given up. Every attempt is noted in the function logs with the automation's name. At most
 * {@link #MAX_CONCURRENT} runs at a time per node. Thread-safe.
 */
final class RunDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunDispatcher.class);
    static final int MAX_CONCURRENT = 8;
    /** Most characters of a failing answer's body kept in the error. */
    private static final int MAX_ERROR_BODY = 300;
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /** Finds an automation as now declared: app, function, name. */
    interface Declared {
        Optional<Automation> find(String appId, String function, String name);
    }

    private final RunStore store;
    private final AutomationSettings settings;
    private final String node;
    private final FunctionHost functions;
    private final Optional<FunctionLogs> logs;
    private final Declared declared;
    private final Semaphore slots = new Semaphore(MAX_CONCURRENT);
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private long nextPurge;

    RunDispatcher(RunStore store, AutomationSettings settings, String node, FunctionHost functions, Optional<FunctionLogs> logs,
                  Declared declared) {
        this.store = store;
        this.settings = settings;
        this.node = node;
        this.functions = functions;
        this.logs = logs;
        this.declared = declared;
    }

    /** Claims and starts as many due runs as there are free slots. */
    void dispatch() {
        long now = settings.clock().millis();
        purgeNowAndThen(now);
        int free = slots.availablePermits();
        if (free == 0) return;
        for (long id : store.due(now, free)) {
            if (!slots.tryAcquire()) return;
            Optional<RunStore.Run> claimed;
            try {
                claimed = store.claim(id, node, now, now + settings.lease().toMillis());
            } catch (RuntimeException e) {
                slots.release();
                throw e;
            }
            if (claimed.isEmpty()) {
                slots.release(); // another node has it
                continue;
            }
            runs.submit(() -> {
                try {
                    run(claimed.get());
                } catch (RuntimeException e) {
                    log.warn("automation run {}: {}", claimed.get().id(), e.toString()); // the lease ends, then it is due again
                } finally {
                    slots.release();
                }
            });
        }
    }

    private void purgeNowAndThen(long now) {
        long mono = System.nanoTime();
        if (mono - nextPurge < 0) return;
        nextPurge = mono + PURGE_EVERY.toNanos();
        int purged = store.purge(now - settings.retention().toMillis());
        if (purged > 0) log.debug("automations: {} finished runs purged", purged);
    }

    private void run(RunStore.Run run) {
        Optional<Automation> found = declared.find(run.appId(), run.function(), run.automation());
        String what = "automation \"" + run.automation() + "\" (" + describe(run) + ")";
        if (found.isEmpty() || !found.get().active()) {
            String why = found.isEmpty() ? "no longer declared" : "inactive";
            store.finish(run, node, RunStore.FAILED, why, settings.clock().millis());
            note(run, "warn", what + ": skipped, the automation is " + why, null);
            return;
        }
        Automation a = found.get();
        String requestId = "automation-" + UUID.randomUUID().toString().replace("-", "");
        long started = System.nanoTime();
        String error = invoke(a, run, requestId);
        long ms = (System.nanoTime() - started) / 1_000_000;
        long now = settings.clock().millis();
        String attempt = "attempt " + run.attempts() + " of " + settings.maxAttempts();
        if (error == null) {
            store.finish(run, node, RunStore.DONE, null, now);
            note(run, "info", what + ": ok in " + ms + " ms (" + attempt + ")", requestId);
        } else if (run.attempts() < settings.maxAttempts()) {
            Duration wait = settings.backoffAfter(run.attempts());
            store.retryAt(run, node, error, now + wait.toMillis());
            note(run, "warn", what + ": failed (" + attempt + "): " + error + "; retrying in " + wait.toMillis() + " ms", requestId);
        } else {
            store.finish(run, node, RunStore.FAILED, error, now);
            note(run, "warn", what + ": failed (" + attempt + "): " + error + "; given up", requestId);
        }
    }

    private static String describe(RunStore.Run run) {
        if (run.slotMs() != null) return "scheduled tick " + Instant.ofEpochMilli(run.slotMs());
        try {
            var event = Json.parse(run.payload()).path("event");
            return event.path("entity_name").asText() + " " + event.path("type").asText() + " " + event.path("entity_id").asText();
        } catch (IOException e) {
            return "entity event";
        }
    }

    /** Calls the function once; null when it answered 2xx, else why not. */
    private String invoke(Automation a, RunStore.Run run, String requestId) {
        Optional<FunctionCatalog.Function> function = functions.find(run.appId(), run.function());
        if (function.isEmpty()) return "function \"" + run.function() + "\" not found";
        byte[] body;
        try {
            body = body(a, run).toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "stored event unreadable: " + e.getMessage();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        // Only the service header: an automation has no user (api-contract §6.6).
        headers.put("Base44-Service-Authorization", List.of("Bearer " + functions.serviceToken(run.appId(), run.dataEnv())));
        headers.put("Base44-App-Id", List.of(run.appId()));
        headers.put("Base44-Api-Url", List.of(functions.apiUrl()));
        headers.put("X-Data-Env", List.of(run.dataEnv()));
        headers.put(FunctionLogs.REQUEST_ID_HEADER, List.of(requestId));
        FunctionCall call = new FunctionCall("POST", "/api/apps/" + run.appId() + "/functions/" + run.function(), headers, body);
        try (FunctionReply reply = functions.call(run.appId(), function.get(), call)) {
            byte[] answer = reply.body().readNBytes(MAX_ERROR_BODY + 1);
            if (reply.status() / 100 == 2) return null;
            String text = new String(answer, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
            if (text.length() > MAX_ERROR_BODY) text = text.substring(0, MAX_ERROR_BODY) + "…";
            return "HTTP " + reply.status() + (text.isEmpty() ? "" : " " + text);
        } catch (FunctionException e) {
            return e.getMessage();
        } catch (IOException e) {
            return "reading the answer failed: " + e.getMessage();
        }
    }

    /** {@code function_args}, then {@code automation: {name, type, ...}}, then for an entity event its payload. */
    private static ObjectNode body(Automation a, RunStore.Run run) throws IOException {
        ObjectNode body = a.args().deepCopy();
        ObjectNode automation = body.putObject("automation").put("name", a.name()).put("type", a.trigger().type()).put("function", a.function());
        if (run.slotMs() != null) automation.put("scheduled_at", Instant.ofEpochMilli(run.slotMs()).toString());
        if (run.payload() != null) body.setAll((ObjectNode) Json.parse(run.payload()));
        return body;
    }

    private void note(RunStore.Run run, String level, String message, String requestId) {
        if (level.equals("info")) log.info("app {}: function {}: {}", run.appId(), run.function(), message);
        else log.warn("app {}: function {}: {}", run.appId(), run.function(), message);
        logs.ifPresent(l -> l.note(run.appId(), run.function(), level, message, requestId));
    }

    /** Stops taking runs and waits a little (up to {@link #CLOSE_WAIT}) for those in flight to finish. */
    @Override
    public void close() {
        runs.shutdown();
        try {
            if (!runs.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("automations: runs still in flight at shutdown; another node (or the next start) takes them over after their lease");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
