package dev.homebase.server.move;

import java.util.ArrayList;
import java.util.List;

/** What happened to one entity's records: read, written (new or changed), unchanged, failed, and the first errors. */
final class EntityTally {
    static final int MAX_ERRORS = 5;

    final String entity;
    long read;
    long written;
    long unchanged;
    long failed;
    final List<String> errors = new ArrayList<>();
    /** Something to know that is not a failure. */
    String note;

    EntityTally(String entity) {
        this.entity = entity;
    }

    void fail(String id, String why) {
        failed++;
        if (errors.size() < MAX_ERRORS) errors.add((id == null || id.isEmpty() ? "" : id + ": ") + why);
    }

    /** A failure of the entity as a whole (the source would not list it). */
    void abort(String why) {
        failed++;
        if (errors.size() < MAX_ERRORS) errors.add(why);
    }

    String line() {
        return String.format("%-20s read %7d  written %7d  unchanged %7d  failed %5d", entity, read, written, unchanged, failed);
    }
}
