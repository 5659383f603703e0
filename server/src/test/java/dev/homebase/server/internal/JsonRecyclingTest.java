package dev.homebase.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The shared mapper takes its buffers from one pool shared by all threads (requests run on new virtual threads). */
class JsonRecyclingTest {
    @Test
    void buffersComeFromASharedPoolNotFromThreadLocals() throws Exception {
        assertInstanceOf(JsonRecyclerPools.ConcurrentDequePool.class, Json.MAPPER.getFactory()._getRecyclerPool());
        // Many virtual threads at once parse and write through it, each getting its own correct answer.
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int n = i;
                answers.add(threads.submit(() -> {
                    JsonNode node = Json.parse("{\"n\":" + n + ",\"text\":\"" + "é".repeat(n) + "\"}");
                    return Json.write(node);
                }));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertEquals("{\"n\":" + i + ",\"text\":\"" + "é".repeat(i) + "\"}", answers.get(i).get());
            }
        }
        // The mapper's other settings stay: bounded nesting.
        assertThrows(StreamConstraintsException.class, () -> Json.parse("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1)));
    }
}
