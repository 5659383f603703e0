import dev.homebase.sdk.Base44;
import dev.homebase.sdk.Base44Client;
import dev.homebase.sdk.Base44Exception;
import dev.homebase.sdk.ClientConfig;
import dev.homebase.sdk.entities.EntityHandler;
import dev.homebase.sdk.entities.Query;
import dev.homebase.sdk.realtime.EntityEvent;
import dev.homebase.sdk.realtime.Subscription;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small Java program that uses the sample app (examples/tasks) as its backend.
 *
 * <pre>
 *   ./homebase serve examples/tasks &amp;
 *   java -cp "$(./homebase classpath sdk)" examples/java/TasksExample.java [http://127.0.0.1:4400]
 * </pre>
 */
public class TasksExample {
    /** A typed view of a Task record; unknown fields are ignored. */
    record Task(String id, String title, String status, Integer priority) {}

    public static void main(String[] args) throws InterruptedException {
        String server = args.length > 0 ? args[0] : "http://127.0.0.1:4400";
        try (Base44Client base44 = Base44.createClient(ClientConfig.builder()
                .serverUrl(server)
                .appId("64b7f0c2a1d3e4f5a6b7c8d9")   // examples/tasks/base44/.app.jsonc
                .build())) {
            EntityHandler<Map<String, Object>> tasks = base44.entities("Task");
            tasks.bulkCreate(List.of(
                    Map.of("title", "Write the docs", "priority", 4),
                    Map.of("title", "Fix the build", "priority", 5, "status", "doing"),
                    Map.of("title", "Plan the release", "priority", 2)));

            List<Map<String, Object>> urgent = tasks.filter(Query.where("priority").gte(4), "-priority", 10);
            System.out.println("Urgent tasks:");
            urgent.forEach(t -> System.out.println("  " + t.get("priority") + "  " + t.get("title") + "  (" + t.get("status") + ")"));

            List<Task> typed = base44.entities("Task", Task.class).list("-created_date", 3);
            System.out.println("Newest, typed: " + typed);
            System.out.println("Open tasks: " + tasks.count(Map.of("status", "todo")));

            try {
                tasks.create(Map.of("priority", 1));   // no title: the schema requires one
            } catch (Base44Exception e) {
                System.out.println("As expected, " + e.status() + ": " + e.getMessage());
            }

            // Realtime: subscribe, make a change, print the event it produces.
            BlockingQueue<EntityEvent<Task>> events = new LinkedBlockingQueue<>();
            try (Subscription sub = base44.entities("Task", Task.class).subscribe(events::add)) {
                // Socket.IO joins are not acknowledged (as in the JavaScript client): give the first
                // connection a moment before making the change we want to see.
                Thread.sleep(2000);
                // Async variant: the call returns at once, the future completes with the record.
                tasks.createAsync(Map.of("title", "Watch the socket", "priority", 3)).join();
                EntityEvent<Task> event = events.poll(10, TimeUnit.SECONDS);
                System.out.println(event == null ? "No realtime event within 10 s"
                        : "Realtime: " + event.type() + " " + event.data());
            }
        }
    }
}
