package example;

import dev.homebase.sdk.Base44;
import dev.homebase.sdk.Base44Client;
import dev.homebase.sdk.ClientConfig;
import dev.homebase.sdk.NotFoundException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A small program on the SDK: typed records, a stream over every page, a typed error. */
public final class TaskReport {
    /** A Task record: snake_case fields map to these components. */
    public record Task(String id, String title, LocalDate dueDate, Instant createdDate, Optional<String> note) {
    }

    private TaskReport() {
    }

    /**
     * Lists the titles of the open tasks due before a date, and whether task "gone" exists.
     *
     * @param serverUrl the server
     * @param appId     the app
     * @param before    the date
     * @return one line
     */
    public static String report(String serverUrl, String appId, LocalDate before) {
        try (Base44Client base44 = Base44.createClient(ClientConfig.builder().serverUrl(serverUrl).appId(appId).build())) {
            String titles;
            try (Stream<Task> open = base44.entities("Task", Task.class).stream(Map.of("status", "open"), "title")) {
                titles = open.filter(t -> t.dueDate().isBefore(before)).map(Task::title).collect(Collectors.joining(","));
            }
            boolean gone;
            try {
                base44.entities("Task", Task.class).get("gone");
                gone = false;
            } catch (NotFoundException e) {
                gone = true;
            }
            return titles + (gone ? " (gone is missing)" : "");
        }
    }

    /**
     * Prints the report.
     *
     * @param args server URL and app id
     */
    public static void main(String[] args) {
        System.out.println(report(args[0], args[1], LocalDate.now()));
    }
}
