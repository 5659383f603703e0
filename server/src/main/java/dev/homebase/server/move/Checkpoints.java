package dev.homebase.server.move;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where an interrupted move resumes: one small JSON file per entity in {@code DATA/import-base44/APP_ID/}, written
 * (atomically) after each committed page: the paging mode, the next cursor or skip, and whether the entity is done.
 * A run that ends with nothing failed removes the folder, so the next run reads everything again and applies only
 * what changed.
 */
final class Checkpoints {
    /** Where one entity stands. */
    record Position(SourceApi.Mode mode, String cursor, int skip, boolean done) {}

    private final Path dir;

    Checkpoints(Path dataDir, String appId) {
        this.dir = dataDir.resolve("import-base44").resolve(appId);
    }

    Optional<Position> load(String entity) {
        Path f = file(entity);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            JsonNode j = Json.parse(Files.readString(f, StandardCharsets.UTF_8));
            return Optional.of(new Position(SourceApi.Mode.valueOf(j.path("mode").asText("CURSOR")),
                    j.hasNonNull("cursor") ? j.get("cursor").asText() : null, j.path("skip").asInt(0), j.path("done").asBoolean(false)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable checkpoint: start the entity again (writes are idempotent)
        }
    }

    void save(String entity, Position p) {
        ObjectNode j = Json.object();
        j.put("mode", p.mode().name());
        if (p.cursor() != null) j.put("cursor", p.cursor());
        j.put("skip", p.skip());
        j.put("done", p.done());
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(entity + ".json.tmp");
            Files.writeString(tmp, Json.write(j), StandardCharsets.UTF_8);
            Files.move(tmp, file(entity), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint in " + dir, e);
        }
    }

    /** Forgets every checkpoint of the app (after a run where nothing failed). */
    void clear() {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the checkpoints in " + dir, e);
        }
    }

    private Path file(String entity) {
        return dir.resolve(entity + ".json");
    }
}
