package dev.homebase.examples.spring;

import java.time.Instant;

/**
 * A record of the {@code Task} entity of {@code examples/tasks}. The SDK maps camelCase components to
 * snake_case fields ({@code createdDate} is {@code created_date}); null components are not sent, so the
 * server fills in its defaults ({@code status} "todo", {@code priority} 3).
 */
public record Task(String id, String title, String status, Integer priority, Instant createdDate) {
}
