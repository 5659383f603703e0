package dev.homebase.server.move;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.auth.UserRecord;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.entity.EntitySchema;
import dev.homebase.server.entity.RecordValidator;
import dev.homebase.server.files.FileStorage;
import dev.homebase.server.project.Project;
import dev.homebase.server.query.Filter;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.EntityScope;
import dev.homebase.server.store.RecordStore;
import dev.homebase.server.store.StoreException;
import dev.homebase.server.store.StoredRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Moves an app's records and users from a Base44-compatible source into this server's store
 * ({@code homebase import-base44}). Each entity is read page by page from the source ({@link SourceApi}); each page
 * is validated against the local schema and written in one transaction straight through the store layer, keeping
 * ids, dates and owners: a record that is new is inserted, one whose content or {@code updated_date} differs is
 * updated, an equal one is counted unchanged. A checkpoint after each page lets an interrupted run resume.
 *
 * <p>Imported rows are written below the record service: no realtime event is published and no entity
 * automation runs for them.
 *
 * <p>Not thread-safe: one instance is one run.
 */
public final class Base44Move {
    /** What to move and how. */
    public record Options(List<String> entities, boolean dryRun, int pageSize) {}

    /** {@code --files}: where copied files go and what the rewritten public URLs start with. */
    public record Files(FileStorage storage, long maxBytes, String publicUrl, String from, String sourceAppId, List<String> extraPrefixes) {}

    private static final Filter ALL = new Filter.All();

    private final Project project;
    private final Database db;
    private final SourceApi source;
    private final Options options;
    private final Checkpoints checkpoints;
    private final Progress progress;
    private final RecordValidator validator;
    private final RecordStore records;
    private final UserStore users;
    private final List<EntityTally> tallies = new ArrayList<>();
    private FileCopier files;
    private Inviter inviter;
    private final List<UserRecord> added = new ArrayList<>();
    private boolean interrupted;

    /** Mails a moved user a "set your password" link ({@code --invite}). */
    @FunctionalInterface
    public interface Inviter {
        void invite(UserRecord user);
    }

    public Base44Move(Project project, Database db, Path dataDir, SourceApi source, Options options, Progress progress) {
        this.project = project;
        this.db = db;
        this.source = source;
        this.options = options;
        this.checkpoints = new Checkpoints(dataDir, project.appId());
        this.progress = progress;
        this.validator = new RecordValidator(project.strictValidation());
        this.records = new RecordStore(db.dialect());
        this.users = new UserStore(db.dialect());
    }

    /** Also copies the files records point to (before {@link #run}). */
    public Base44Move withFiles(Files f) {
        List<String> prefixes = new ArrayList<>(FileCopier.defaultPrefixes(f.from(), f.sourceAppId()));
        prefixes.addAll(f.extraPrefixes());
        this.files = new FileCopier(source, f.storage(), f.maxBytes(), project.appId(), f.publicUrl(), prefixes);
        return this;
    }

    /** Mails each user this run adds a link to choose a password (users moved by an earlier run are not mailed again). */
    public Base44Move withInvites(Inviter inviter) {
        this.inviter = inviter;
        return this;
    }

    /** The per-entity results, in the order moved. */
    public List<String> summaryLines() {
        List<String> out = new ArrayList<>();
        for (EntityTally t : tallies) {
            out.add(t.line());
            if (t.note != null) out.add("    note: " + t.note);
            for (String e : t.errors) out.add("    " + e);
            if (t.failed > t.errors.size()) out.add("    ... and " + (t.failed - t.errors.size()) + " more");
        }
        return out;
    }

    /** Whether any record or entity failed. */
    public boolean failed() {
        return tallies.stream().anyMatch(t -> t.failed > 0);
    }

    /** Whether the source stopped answering (the checkpoints are kept: the next run resumes). */
    public boolean interrupted() {
        return interrupted;
    }

    /** Counts of one entity after {@link #run}: read, written, unchanged, failed. */
    public long[] counts(String entity) {
        return tallies.stream().filter(t -> t.entity.equalsIgnoreCase(entity)).findFirst()
                .map(t -> new long[] {t.read, t.written, t.unchanged, t.failed}).orElse(new long[4]);
    }

    /** Moves the users, then every selected entity; removes the checkpoints unless the source stopped answering. */
    public void run() {
        List<String> names = selected();
        boolean withUsers = options.entities() == null || options.entities().stream().anyMatch(n -> n.equalsIgnoreCase("User"));
        if (withUsers) moveEntity("User", null);
        if (inviter != null && !options.dryRun()) invite();
        for (String name : names) moveEntity(name, project.entity(name).orElseThrow());
        if (files != null) tallies.add(files.tally);
        // Checkpoints serve an interrupted run only: one that read every entity to its end (even with records that
        // failed validation) forgets them, so the next run reads everything again and applies what changed.
        if (!interrupted && !options.dryRun()) checkpoints.clear();
    }

    private List<String> selected() {
        List<String> out = new ArrayList<>();
        if (options.entities() == null) {
            for (EntitySchema s : project.entities().values()) if (!s.name().equalsIgnoreCase("User")) out.add(s.name());
            return out;
        }
        for (String n : options.entities()) {
            if (n.equalsIgnoreCase("User")) continue;
            EntitySchema s = project.entity(n).orElseThrow(() -> new IllegalArgumentException(
                    "--entities names \"" + n + "\", which is not an entity of " + project.dir().resolve("base44/entities")));
            out.add(s.name());
        }
        return out;
    }

    /** One entity (schema null: the built-in User entity). */
    private void moveEntity(String name, EntitySchema schema) {
        EntityTally tally = new EntityTally(name);
        tallies.add(tally);
        if (schema != null && restrictsReads(schema)) {
            tally.note = "its read rule may hide records from the token's user on the source; those are not listed and not"
                    + " moved (compare the counts with the source, or move with a token that may read everything)";
        }
        Optional<Checkpoints.Position> saved = options.dryRun() ? Optional.empty() : checkpoints.load(name);
        if (saved.isPresent() && saved.get().done()) {
            progress.line(name + ": already moved by the interrupted run (checkpoint), skipped");
            return;
        }
        try {
            SourceApi.Mode mode = saved.isPresent() ? saved.get().mode() : source.detect(name);
            String cursor = saved.map(Checkpoints.Position::cursor).orElse(null);
            int skip = saved.map(Checkpoints.Position::skip).orElse(0);
            if (saved.isPresent()) progress.line(name + ": resuming after " + skip + " records");
            progress.start(name, mode == SourceApi.Mode.CURSOR ? "cursor pages" : "limit/skip pages");
            while (true) {
                SourceApi.Page page = source.page(name, mode, cursor, skip, options.pageSize());
                tally.read += page.items().size();
                if (schema == null) writeUsers(page.items(), tally);
                else writeRecords(schema, page.items(), tally);
                cursor = page.nextCursor();
                skip = page.nextSkip();
                boolean last = page.last() || (mode == SourceApi.Mode.CURSOR && cursor == null);
                if (!options.dryRun()) checkpoints.save(name, new Checkpoints.Position(mode, cursor, skip, last));
                progress.advance(name, tally.read);
                if (last) break;
            }
            progress.done(name, tally.read);
        } catch (SourceApi.SourceException e) {
            progress.done(name, tally.read);
            interrupted = true;
            tally.abort("source: " + e.getMessage() + " (run the command again to resume)");
        }
    }

    private void writeRecords(EntitySchema schema, List<JsonNode> items, EntityTally tally) {
        List<StoredRecord> valid = new ArrayList<>();
        for (JsonNode item : items) {
            try {
                StoredRecord r = MovedRecords.record(item, schema, validator);
                if (files != null) r = r.withData(files.rewrite(r.data(), options.dryRun()), r.updatedDate());
                valid.add(r);
            } catch (MovedRecords.Invalid e) {
                tally.fail(item.path("id").asText(""), e.getMessage());
            }
        }
        EntityScope scope = new EntityScope(project.appId(), schema.name(), "prod");
        try {
            long[] counts = tx(c -> {
                        long written = 0;
                        long same = 0;
                        for (StoredRecord r : valid) {
                            Optional<StoredRecord> current = records.find(c, scope, r.id(), ALL);
                            if (current.isPresent() && same(current.get(), r)) {
                                same++;
                                continue;
                            }
                            written++;
                            if (options.dryRun()) continue;
                            if (current.isPresent()) records.update(c, scope, r);
                            else records.insert(c, scope, r);
                        }
                        return new long[] {written, same};
                    });
            tally.written += counts[0];
            tally.unchanged += counts[1];
        } catch (StoreException e) {
            for (StoredRecord r : valid) tally.fail(r.id(), "not written: " + e.getMessage());
        }
    }

    /** Whether the schema has a read rule other than "everyone" (api-contract §5.4). */
    private static boolean restrictsReads(EntitySchema schema) {
        com.fasterxml.jackson.databind.JsonNode rls = schema.rls();
        if (rls == null || !rls.isObject()) return false;
        com.fasterxml.jackson.databind.JsonNode read = rls.get("read");
        if (read == null || read.isNull()) return false;
        if (read.isBoolean()) return !read.asBoolean();
        if (read.isTextual()) return !read.asText().isEmpty();
        return !read.isObject() || !read.isEmpty();
    }

    private static boolean same(StoredRecord a, StoredRecord b) {
        return a.data().equals(b.data()) && Objects.equals(a.updatedDate(), b.updatedDate());
    }

    private void writeUsers(List<JsonNode> items, EntityTally tally) {
        Optional<EntitySchema> schema = project.entity("User");
        List<UserRecord> valid = new ArrayList<>();
        for (JsonNode item : items) {
            try {
                valid.add(MovedRecords.user(project.appId(), item, schema, validator));
            } catch (MovedRecords.Invalid e) {
                tally.fail(item.path("id").asText(""), e.getMessage());
            }
        }
        for (UserRecord u : valid) {
            // One transaction per user: an email taken by another local user fails that user only.
            try {
                String outcome = tx(c -> {
                            Optional<UserRecord> byId = users.findById(c, u.appId(), u.id());
                            if (byId.isPresent()) {
                                UserRecord cur = byId.get();
                                if (!cur.email().equals(u.email())) return "the local user with this id has another email";
                                if (Objects.equals(cur.role(), u.role()) && cur.data().equals(u.data())) return "unchanged";
                                if (!options.dryRun()) users.updateProfile(c, u.appId(), u.id(), u.role(), u.data(), u.updatedDate());
                                return "written";
                            }
                            if (users.findByEmail(c, u.appId(), u.email()).isPresent()) return "a local user with another id has this email";
                            if (!options.dryRun()) users.insert(c, u);
                            return "added";
                        });
                switch (outcome) {
                    case "written" -> tally.written++;
                    case "added" -> {
                        tally.written++;
                        added.add(u);
                    }
                    case "unchanged" -> tally.unchanged++;
                    default -> tally.fail(u.id(), outcome);
                }
            } catch (StoreException e) {
                tally.fail(u.id(), "not written: " + e.getMessage());
            }
        }
    }

    private void invite() {
        EntityTally tally = tallies.stream().filter(t -> t.entity.equals("User")).findFirst().orElseThrow();
        int sent = 0;
        for (UserRecord u : added) {
            try {
                inviter.invite(u);
                sent++;
            } catch (RuntimeException e) {
                tally.fail(u.id(), "invitation not sent: " + e.getMessage());
            }
        }
        progress.line("User: " + sent + " invitation(s) to set a password sent");
    }

    /** A read-only transaction for a dry run, else a writing one. */
    private <T> T tx(Database.TxFunction<T> work) {
        return options.dryRun() ? db.read(work) : db.inTx(work);
    }
}
