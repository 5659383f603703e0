package dev.homebase.server.automations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.entity.RecordChangeHook;
import dev.homebase.server.functions.FunctionCatalog;
import dev.homebase.server.functions.FunctionHost;
import dev.homebase.server.functions.FunctionLogs;
import dev.homebase.server.internal.Json;
import dev.homebase.server.project.Project;
import dev.homebase.server.project.ProjectException;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.EntityScope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The automations of every hosted app (api-contract §6.6): their declarations, read at start (a bad
 * one stops the start) and again whenever the app's functions are reloaded (a bad one then keeps the
 * previous declarations); the outbox of entity events, written in each record write's transaction
 * (this is the {@link RecordChangeHook}); and, once {@linkplain #start started}, one loop per node that
 * claims due ticks ({@link TickScheduler}) and runs due runs ({@link RunDispatcher}). Thread-safe.
 *
 * <pre>{@code
 * Automations automations = Automations.load(projects, db, settings, entityNamesOf);
 * RecordService records = new RecordService(db, ids, time, listener, automations);
 * automations.start(functionHost, functionLogs);
 * }</pre>
 */
public final class Automations implements RecordChangeHook, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Automations.class);
    /** Entity data above this size is left out of the payload ({@code payload_too_large}), as on Base44. */
    static final int MAX_PAYLOAD_CHARS = 200_000;

    private final Map<String, List<Automation>> byApp = new ConcurrentHashMap<>();
    private final Function<String, Set<String>> entityNames;
    private final AutomationSettings settings;
    private final RunStore store;
    private final String node = UUID.randomUUID().toString();
    private volatile ScheduledExecutorService loop;
    private volatile RunDispatcher dispatcher;
    private volatile TickScheduler scheduler;

    private Automations(Database db, AutomationSettings settings, Function<String, Set<String>> entityNames) {
        this.settings = settings;
        this.entityNames = entityNames;
        this.store = new RunStore(db);
    }

    /**
     * Reads and validates the automations of every project's functions.
     *
     * @param entityNames the entity names of an app, by app id (for {@code entity_name})
     * @throws ProjectException naming the file, for the first invalid declaration
     */
    public static Automations load(List<Project> projects, Database db, AutomationSettings settings,
                                   Function<String, Set<String>> entityNames) {
        Automations a = new Automations(db, settings, entityNames);
        for (Project p : projects) {
            a.byApp.put(p.appId(), List.copyOf(AutomationParser.parse(p.appId(), FunctionCatalog.scan(p.dir()), entityNames.apply(p.appId()))));
        }
        return a;
    }

    /**
     * Starts this node's loop: due ticks are claimed and due runs invoked through {@code functions},
     * each run noted in {@code logs} (when given) under its function with the automation's name.
     * Re-reads the declarations whenever {@code functions} reloads an app.
     */
    public synchronized void start(FunctionHost functions, FunctionLogs logs) {
        if (loop != null) throw new IllegalStateException("already started");
        functions.onReload(this::reload);
        scheduler = new TickScheduler(store, settings.clock());
        byApp.values().forEach(scheduler::prime);
        dispatcher = new RunDispatcher(store, settings, node, functions, Optional.ofNullable(logs), this::find);
        loop = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("automations").unstarted(r));
        long every = settings.poll().toMillis();
        loop.scheduleWithFixedDelay(this::step, 0, every, TimeUnit.MILLISECONDS);
        int count = byApp.values().stream().mapToInt(List::size).sum();
        if (count > 0) log.info("automations: {} declared, node {}", count, node);
    }

    private void step() {
        // No automation declared (the common case): no queries at all. Runs left from removed ones stay pending.
        if (byApp.values().stream().allMatch(List::isEmpty)) return;
        try {
            for (List<Automation> list : byApp.values()) scheduler.tick(list);
            dispatcher.dispatch();
        } catch (RuntimeException e) {
            log.warn("automations: {}", e.toString()); // the database away for a moment, say: next step tries again
        }
    }

    /** Reads the automations of {@code appId} again after its functions changed; invalid ones keep the previous. */
    void reload(String appId, FunctionCatalog catalog) {
        if (!byApp.containsKey(appId)) return;
        try {
            List<Automation> now = List.copyOf(AutomationParser.parse(appId, catalog, entityNames.apply(appId)));
            byApp.put(appId, now);
            log.info("app {}: automations reloaded ({} declared)", appId, now.size());
        } catch (ProjectException e) {
            log.warn("app {}: automations not reloaded, the previous ones stay: {}", appId, e.getMessage());
        }
    }

    /** The declared automations of {@code appId}. */
    public List<String> names(String appId) {
        return byApp.getOrDefault(appId, List.of()).stream().map(a -> a.function() + "/" + a.name()).toList();
    }

    /** The automation as now declared, if it still is. */
    Optional<Automation> find(String appId, String function, String name) {
        return byApp.getOrDefault(appId, List.of()).stream().filter(a -> a.function().equals(function) && a.name().equals(name)).findFirst();
    }

    /** Whether an active entity automation listens to the scope's entity. */
    @Override
    public boolean wants(EntityScope scope) {
        for (Automation a : byApp.getOrDefault(scope.appId(), List.of())) {
            if (a.active() && a.trigger() instanceof Automation.OnEntity on && on.entity().equalsIgnoreCase(scope.entity())) return true;
        }
        return false;
    }

    /** Enqueues a run for each active entity automation on this change, in the write's transaction. */
    @Override
    public void changed(Connection c, EntityScope scope, String type, ObjectNode record, ObjectNode old) throws SQLException {
        String payload = null;
        for (Automation a : byApp.getOrDefault(scope.appId(), List.of())) {
            if (!a.active() || !(a.trigger() instanceof Automation.OnEntity on)) continue;
            if (!on.entity().equalsIgnoreCase(scope.entity()) || !on.events().contains(type)) continue;
            if (payload == null) payload = payload(scope.entity(), type, record, old);
            store.enqueue(c, a, scope.env(), payload, settings.clock().millis());
        }
    }

    /**
     * The entity part of the body: {@code event} as api-contract §6.6 chose it ({@code type, entity_name,
     * entity_id, data, old_data}) and, as the Base44 docs describe it, {@code data}, {@code old_data} and
     * {@code payload_too_large} at the top level.
     */
    static String payload(String entity, String type, ObjectNode record, ObjectNode old) {
        boolean tooLarge = record.toString().length() + (old == null ? 0 : old.toString().length()) > MAX_PAYLOAD_CHARS;
        ObjectNode out = Json.object();
        ObjectNode event = out.putObject("event").put("type", type).put("entity_name", entity).put("entity_id", record.path("id").asText());
        event.set("data", tooLarge ? null : record);
        if (type.equals("update")) event.set("old_data", tooLarge ? null : old);
        out.set("data", tooLarge ? null : record);
        out.set("old_data", tooLarge || old == null ? null : old);
        out.put("payload_too_large", tooLarge);
        return out.toString();
    }

    /** Stops this node's loop; runs in flight finish (or are taken over by a node after their lease). */
    @Override
    public synchronized void close() {
        if (loop != null) {
            loop.shutdown(); // the periodic step is not run again; one in progress ends
            try {
                loop.awaitTermination(5, TimeUnit.SECONDS); // a step in progress claims nothing more after this
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dispatcher != null) dispatcher.close();
    }
}
