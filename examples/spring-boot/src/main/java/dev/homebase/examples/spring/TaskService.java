package dev.homebase.examples.spring;

import dev.homebase.sdk.Base44Client;
import dev.homebase.sdk.entities.EntityHandler;
import dev.homebase.sdk.entities.Query;
import java.util.List;
import org.springframework.stereotype.Service;

/** The tasks of the app, through the SDK: as the service role when a service token is configured. */
@Service
public class TaskService {

    private final EntityHandler<Task> tasks;

    public TaskService(Base44Client base44, HomebaseProperties properties) {
        this.tasks = properties.hasServiceToken()
                ? base44.asServiceRole().entities("Task", Task.class)
                : base44.entities("Task", Task.class);
    }

    /** The tasks not yet done, the most urgent first, at most {@code limit}. */
    public List<Task> openTasks(int limit) {
        return tasks.filter(Query.where("status").ne("done"), "-priority", limit);
    }

    /** Creates a task; a null status or priority takes the entity's default. */
    public Task create(String title, String status, Integer priority) {
        return tasks.create(new Task(null, title, status, priority, null));
    }
}
