package dev.homebase.examples.spring;

import dev.homebase.sdk.Base44Exception;
import dev.homebase.sdk.NetworkException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /tasks} (open tasks) and {@code POST /tasks} (create one). */
@RestController
@RequestMapping("/tasks")
public class TaskController {

    /** The body of {@code POST /tasks}: {@code title} is required, the rest optional. */
    public record NewTask(String title, String status, Integer priority) { }

    private final TaskService service;

    public TaskController(TaskService service) {
        this.service = service;
    }

    @GetMapping
    public List<Task> open(@RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be between 1 and 500");
        }
        return service.openTasks(limit);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Task create(@RequestBody NewTask body) {
        if (body == null || body.title() == null || body.title().isBlank()) {
            throw new IllegalArgumentException("title is required");
        }
        return service.create(body.title(), body.status(), body.priority());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("message", e.getMessage()));
    }

    /**
     * A 400, 404, 409 or 422 of the server is about the request and passes through; anything else (a bad
     * service token, a 5xx, no answer) is this service's problem with its backend: 502.
     */
    @ExceptionHandler(Base44Exception.class)
    public ResponseEntity<Map<String, Object>> upstream(Base44Exception e) {
        int status = e.status();
        if (e instanceof NetworkException || (status != 400 && status != 404 && status != 409 && status != 422)) {
            status = 502;
        }
        return ResponseEntity.status(status).body(Map.of("message", String.valueOf(e.getMessage())));
    }
}
