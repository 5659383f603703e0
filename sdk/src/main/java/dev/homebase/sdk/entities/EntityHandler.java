package dev.homebase.sdk.entities;

import dev.homebase.sdk.Base44Exception;
import dev.homebase.sdk.FilePart;
import dev.homebase.sdk.realtime.EntityEvent;
import dev.homebase.sdk.realtime.Subscription;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * CRUD and query operations on one entity, the Java form of {@code base44.entities.Task}.
 * Base path {@code /apps/{appId}/entities/{name}}.
 *
 * <pre>{@code
 * EntityHandler<Map<String, Object>> tasks = base44.entities("Task");
 * Map<String, Object> created = tasks.create(Map.of("title", "Write docs"));
 * List<Map<String, Object>> open = tasks.filter(Map.of("status", "open"), "-created_date", 20);
 *
 * record Task(String id, String title, String status) { }
 * List<Task> typed = base44.entities("Task", Task.class).list();
 * }</pre>
 *
 * <p>Records are converted to {@code T} with Jackson: plain maps for the untyped handler,
 * records or POJOs for typed ones (unknown fields are ignored). Write methods accept a
 * {@code T}, a {@code Map} or any Jackson-serialisable object; null properties of POJOs and
 * records are not sent, explicit nulls in maps are.
 *
 * <p>The positional {@code list}/{@code filter} overloads read {@code GET {base}} and return a
 * list; a parameter that is {@code null} (or {@code 0} for limit/skip) is not sent, as in the
 * JavaScript client. The {@link ListOptions} overloads read {@code GET {base}/v2/list} and return
 * a cursor {@link Page}.
 *
 * <p>Entity names and record ids are percent-encoded into the path (the JavaScript client
 * inserts them raw; servers decode both), so an id can never change the path or query.
 *
 * <p>Thread-safe. Every method throws {@link Base44Exception} when the server answers with an
 * error or cannot be reached, and {@link IllegalArgumentException} for a null or blank id
 * before any request.
 *
 * <p>The {@code *Async} variants send the same request without blocking (the JDK's
 * {@code HttpClient.sendAsync}) and return a {@link CompletableFuture} that completes
 * exceptionally with the {@link Base44Exception} itself (unwrapped); argument errors are still
 * thrown at once. Dependent stages run on the client's HTTP threads unless an executor is given.
 *
 * <p>{@link #subscribe} delivers realtime changes ({@code create}, {@code update},
 * {@code delete}) of the records the caller may read, see {@link dev.homebase.sdk.realtime}.
 *
 * @param <T> the record type
 */
public interface EntityHandler<T> {

    /**
     * Returns the entity name.
     *
     * @return the name
     */
    String name();

    /**
     * Lists records with the server's default sort and limit.
     *
     * @return the records
     */
    List<T> list();

    /**
     * Lists records.
     *
     * @param sort sort field, {@code -} prefix for descending, e.g. {@code "-created_date"}
     * @return the records
     */
    List<T> list(String sort);

    /**
     * Lists records.
     *
     * @param sort  sort field, or null
     * @param limit maximum number of records (server maximum 5000), or null
     * @return the records
     */
    List<T> list(String sort, Integer limit);

    /**
     * Lists records.
     *
     * @param sort  sort field, or null
     * @param limit maximum number of records, or null
     * @param skip  records to skip, or null
     * @return the records
     */
    List<T> list(String sort, Integer limit, Integer skip);

    /**
     * Lists records.
     *
     * @param sort   sort field, or null
     * @param limit  maximum number of records, or null
     * @param skip   records to skip, or null
     * @param fields fields to return (sent comma-joined), or null for all
     * @return the records
     */
    List<T> list(String sort, Integer limit, Integer skip, List<String> fields);

    /**
     * Reads one cursor page of all records ({@code GET {base}/v2/list}).
     *
     * @param options sort, limit, cursor and fields
     * @return the page
     */
    Page<T> list(ListOptions options);

    /**
     * Lists records matching a filter ({@code q} is sent as one JSON string).
     *
     * @param query the filter, e.g. {@code Map.of("status", "open")} or a {@link Query}
     * @return the records
     */
    List<T> filter(Map<String, ?> query);

    /**
     * Lists records matching a filter.
     *
     * @param query the filter
     * @param sort  sort field, or null
     * @return the records
     */
    List<T> filter(Map<String, ?> query, String sort);

    /**
     * Lists records matching a filter.
     *
     * @param query the filter
     * @param sort  sort field, or null
     * @param limit maximum number of records, or null
     * @return the records
     */
    List<T> filter(Map<String, ?> query, String sort, Integer limit);

    /**
     * Lists records matching a filter.
     *
     * @param query the filter
     * @param sort  sort field, or null
     * @param limit maximum number of records, or null
     * @param skip  records to skip, or null
     * @return the records
     */
    List<T> filter(Map<String, ?> query, String sort, Integer limit, Integer skip);

    /**
     * Lists records matching a filter.
     *
     * @param query  the filter
     * @param sort   sort field, or null
     * @param limit  maximum number of records, or null
     * @param skip   records to skip, or null
     * @param fields fields to return, or null for all
     * @return the records
     */
    List<T> filter(Map<String, ?> query, String sort, Integer limit, Integer skip, List<String> fields);

    /**
     * Reads one cursor page of matching records ({@code GET {base}/v2/list?q=...}).
     *
     * @param query   the filter
     * @param options sort, limit, cursor and fields
     * @return the page
     */
    Page<T> filter(Map<String, ?> query, ListOptions options);

    /**
     * Walks every matching record, page after page through cursors, as a lazy stream: a page
     * ({@value ListOptions#DEFAULT_LIMIT} records) is read only when the stream reaches it, and
     * closing the stream (try-with-resources) ends the walk. Each record comes once, even when
     * records are added during the walk (keyset pagination).
     *
     * <pre>{@code
     * try (Stream<Task> open = tasks.stream(Map.of("status", "open"), "-created_date")) {
     *     open.filter(t -> t.dueDate() != null).limit(500).forEach(this::remind);
     * }
     * }</pre>
     *
     * @param query the filter, or {@code null} for all records
     * @param sort  the sort ({@code "-created_date"}, {@code "title"}), or {@code null} for the server's
     * @return the records, in sort order
     * @throws Base44Exception from the stream's terminal operation when a page cannot be read
     */
    java.util.stream.Stream<T> stream(Map<String, ?> query, String sort);

    /**
     * Like {@link #stream(Map, String)}, with the sort, the page size (limit), the fields and
     * the cursor to start from in {@code options}.
     *
     * @param query   the filter, or {@code null} for all records
     * @param options sort, page size, fields, starting cursor
     * @return the records, in sort order
     */
    java.util.stream.Stream<T> stream(Map<String, ?> query, ListOptions options);

    /**
     * Walks every matching record as an {@link Iterable}, for a for-each loop; each iteration
     * starts a new walk from the first page, reading pages as the loop reaches them. A loop left
     * early reads no further page.
     *
     * <pre>{@code
     * for (Task t : tasks.iterate(null, "title")) {
     *     System.out.println(t.title());
     * }
     * }</pre>
     *
     * @param query the filter, or {@code null} for all records
     * @param sort  the sort, or {@code null} for the server's
     * @return the records, in sort order
     */
    Iterable<T> iterate(Map<String, ?> query, String sort);

    /**
     * Like {@link #iterate(Map, String)}, with the sort, page size, fields and starting cursor
     * in {@code options}.
     *
     * @param query   the filter, or {@code null} for all records
     * @param options sort, page size, fields, starting cursor
     * @return the records, in sort order
     */
    Iterable<T> iterate(Map<String, ?> query, ListOptions options);

    /**
     * Reads the first page of distinct values of a field, ascending ({@code v2/list?distinct=}).
     *
     * @param field the field
     * @return the page of values
     */
    Page<Object> distinct(String field);

    /**
     * Reads a page of distinct values of a field among matching records. Sort and fields of
     * the options are not sent (the JavaScript client drops them in distinct mode).
     *
     * @param field   the field
     * @param query   the filter, or null for all records
     * @param options limit and cursor
     * @return the page of values
     */
    Page<Object> distinct(String field, Map<String, ?> query, ListOptions options);

    /**
     * Reads one record.
     *
     * @param id the record id
     * @return the record
     */
    T get(String id);

    /**
     * Creates a record.
     *
     * @param data the fields (a {@code T}, a map or any serialisable object)
     * @return the stored record
     */
    T create(Object data);

    /**
     * Updates a record with a partial, shallow merge.
     *
     * @param id   the record id
     * @param data the fields to change
     * @return the updated record
     */
    T update(String id, Object data);

    /**
     * Deletes a record.
     *
     * @param id the record id
     * @return the server's {@code {success}}
     */
    DeleteResult delete(String id);

    /**
     * Deletes every record matching a filter ({@code DELETE {base}} with the filter as body).
     * NB: an empty filter matches every record.
     *
     * @param query the filter
     * @return {@code {success, deleted}}
     */
    DeleteManyResult deleteMany(Map<String, ?> query);

    /**
     * Creates several records in one request.
     *
     * @param items the records to create
     * @return the created records, in input order
     */
    List<T> bulkCreate(List<?> items);

    /**
     * Updates several records by id in one request; each item carries its {@code id}
     * (at most 500).
     *
     * @param items the partial records, each with an id
     * @return the updated records, in input order
     */
    List<T> bulkUpdate(List<?> items);

    /**
     * Applies update operators to matching records (at most 500 per call).
     *
     * @param query      the filter
     * @param operations update operators, e.g. {@code Map.of("$set", Map.of("status", "done"))}
     * @return {@code {success, updated, has_more}}
     */
    UpdateManyResult updateMany(Map<String, ?> query, Map<String, ?> operations);

    /**
     * Counts all readable records.
     *
     * @return the count
     */
    long count();

    /**
     * Counts matching records.
     *
     * @param query the filter, or null for all records
     * @return the count
     */
    long count(Map<String, ?> query);

    /**
     * Runs a server-side group-by aggregation. The spec is sent as given, e.g.
     * {@code Map.of("groupBy", "status", "sum", "amount")}.
     *
     * @param spec the aggregation spec (camelCase keys, see api-contract §4.13)
     * @return the rows
     */
    AggregateResult aggregate(Map<String, ?> spec);

    /**
     * Creates or updates records by a natural key (at most 500).
     *
     * @param records the records
     * @param key     the key field
     * @return counts and the written records
     */
    UpsertResult<T> upsert(List<?> records, String key);

    /**
     * Creates or updates records by a compound natural key (at most 500).
     *
     * @param records the records
     * @param keys    the key fields
     * @return counts and the written records
     */
    UpsertResult<T> upsert(List<?> records, List<String> keys);

    /**
     * Imports records from a file (typically CSV), sent as multipart part {@code file}.
     *
     * @param file the file to read
     * @return the import result
     */
    ImportResult<T> importEntities(Path file);

    /**
     * Imports records from in-memory file content.
     *
     * @param file the file
     * @return the import result
     */
    ImportResult<T> importEntities(FilePart file);

    /**
     * Subscribes to realtime changes of this entity (room {@code entities:{appId}:{name}}). The
     * callback gets each event with its record converted to {@code T}; it runs on the client's
     * realtime event thread, one event at a time, and an exception it throws is logged and does
     * not affect other subscribers. The connection is shared by all subscriptions of the client,
     * reconnects after a drop and re-joins.
     *
     * <p>It returns once the server has acknowledged the join, so a change made right after it
     * is delivered; it waits at most {@code ClientConfig.subscribeTimeout()} (10 s by default,
     * connecting included). With a subscribe timeout of zero (for servers that do not
     * acknowledge joins) it returns at once, as the JavaScript client does.
     *
     * <pre>{@code
     * try (Subscription sub = base44.entities("Task").subscribe(e -> System.out.println(e.type() + " " + e.id()))) {
     *     base44.entities("Task").create(Map.of("title", "seen by the subscriber"));
     * }
     * }</pre>
     *
     * @param callback receives the events
     * @return the subscription; close it to stop
     * @throws IllegalStateException when the client is closed
     * @throws Base44Exception code {@code CONNECT_ERROR} when the server refuses the connection
     *         (unknown app), {@code SUBSCRIBE_REFUSED} when it refuses the room (with its reason,
     *         e.g. too many rooms), or a {@link dev.homebase.sdk.NetworkException} with code
     *         {@code SUBSCRIBE_TIMEOUT} when no acknowledgement arrived in time
     */
    Subscription subscribe(Consumer<? super EntityEvent<T>> callback);

    /**
     * Like {@link #subscribe}, without blocking: the future completes with the subscription once
     * the server has acknowledged the join, or exceptionally with the same exceptions.
     *
     * @param callback receives the events
     * @return the subscription, once joined
     */
    CompletableFuture<Subscription> subscribeAsync(Consumer<? super EntityEvent<T>> callback);

    /**
     * Lists records without blocking; see {@link #list()}.
     *
     * @return the records
     */
    default CompletableFuture<List<T>> listAsync() {
        return listAsync(null, null, null, null);
    }

    /**
     * Lists records without blocking; see {@link #list(String, Integer, Integer, List)}.
     *
     * @param sort   sort field, or null
     * @param limit  maximum number of records, or null
     * @param skip   records to skip, or null
     * @param fields fields to return, or null for all
     * @return the records
     */
    CompletableFuture<List<T>> listAsync(String sort, Integer limit, Integer skip, List<String> fields);

    /**
     * Reads one cursor page without blocking; see {@link #list(ListOptions)}.
     *
     * @param options sort, limit, cursor and fields
     * @return the page
     */
    CompletableFuture<Page<T>> listAsync(ListOptions options);

    /**
     * Lists matching records without blocking; see {@link #filter(Map)}.
     *
     * @param query the filter
     * @return the records
     */
    default CompletableFuture<List<T>> filterAsync(Map<String, ?> query) {
        return filterAsync(query, null, null, null, null);
    }

    /**
     * Lists matching records without blocking; see {@link #filter(Map, String, Integer, Integer, List)}.
     *
     * @param query  the filter
     * @param sort   sort field, or null
     * @param limit  maximum number of records, or null
     * @param skip   records to skip, or null
     * @param fields fields to return, or null for all
     * @return the records
     */
    CompletableFuture<List<T>> filterAsync(Map<String, ?> query, String sort, Integer limit, Integer skip,
                                           List<String> fields);

    /**
     * Reads one cursor page of matching records without blocking; see {@link #filter(Map, ListOptions)}.
     *
     * @param query   the filter
     * @param options sort, limit, cursor and fields
     * @return the page
     */
    CompletableFuture<Page<T>> filterAsync(Map<String, ?> query, ListOptions options);

    /**
     * Reads a page of distinct values without blocking; see {@link #distinct(String, Map, ListOptions)}.
     *
     * @param field   the field
     * @param query   the filter, or null for all records
     * @param options limit and cursor, or null
     * @return the page of values
     */
    CompletableFuture<Page<Object>> distinctAsync(String field, Map<String, ?> query, ListOptions options);

    /**
     * Reads one record without blocking; see {@link #get(String)}.
     *
     * @param id the record id
     * @return the record
     */
    CompletableFuture<T> getAsync(String id);

    /**
     * Creates a record without blocking; see {@link #create(Object)}.
     *
     * @param data the fields
     * @return the stored record
     */
    CompletableFuture<T> createAsync(Object data);

    /**
     * Updates a record without blocking; see {@link #update(String, Object)}.
     *
     * @param id   the record id
     * @param data the fields to change
     * @return the updated record
     */
    CompletableFuture<T> updateAsync(String id, Object data);

    /**
     * Deletes a record without blocking; see {@link #delete(String)}.
     *
     * @param id the record id
     * @return the server's {@code {success}}
     */
    CompletableFuture<DeleteResult> deleteAsync(String id);

    /**
     * Deletes matching records without blocking; see {@link #deleteMany(Map)}.
     *
     * @param query the filter
     * @return {@code {success, deleted}}
     */
    CompletableFuture<DeleteManyResult> deleteManyAsync(Map<String, ?> query);

    /**
     * Creates several records without blocking; see {@link #bulkCreate(List)}.
     *
     * @param items the records to create
     * @return the created records
     */
    CompletableFuture<List<T>> bulkCreateAsync(List<?> items);

    /**
     * Updates several records by id without blocking; see {@link #bulkUpdate(List)}.
     *
     * @param items the partial records, each with an id
     * @return the updated records
     */
    CompletableFuture<List<T>> bulkUpdateAsync(List<?> items);

    /**
     * Applies update operators to matching records without blocking; see {@link #updateMany(Map, Map)}.
     *
     * @param query      the filter
     * @param operations update operators
     * @return {@code {success, updated, has_more}}
     */
    CompletableFuture<UpdateManyResult> updateManyAsync(Map<String, ?> query, Map<String, ?> operations);

    /**
     * Counts matching records without blocking; see {@link #count(Map)}.
     *
     * @param query the filter, or null for all records
     * @return the count
     */
    CompletableFuture<Long> countAsync(Map<String, ?> query);

    /**
     * Runs an aggregation without blocking; see {@link #aggregate(Map)}.
     *
     * @param spec the aggregation spec
     * @return the rows
     */
    CompletableFuture<AggregateResult> aggregateAsync(Map<String, ?> spec);

    /**
     * Creates or updates records by a natural key without blocking; see {@link #upsert(List, String)}.
     *
     * @param records the records
     * @param key     the key field
     * @return counts and the written records
     */
    CompletableFuture<UpsertResult<T>> upsertAsync(List<?> records, String key);

    /**
     * Creates or updates records by a compound key without blocking; see {@link #upsert(List, List)}.
     *
     * @param records the records
     * @param keys    the key fields
     * @return counts and the written records
     */
    CompletableFuture<UpsertResult<T>> upsertAsync(List<?> records, List<String> keys);

    /**
     * Imports records from a file without blocking; the file is read before this returns. See
     * {@link #importEntities(Path)}.
     *
     * @param file the file to read
     * @return completes with the import result, or exceptionally with the {@link Base44Exception}
     */
    CompletableFuture<ImportResult<T>> importEntitiesAsync(Path file);

    /**
     * Imports records from in-memory file content without blocking; see
     * {@link #importEntities(FilePart)}.
     *
     * @param file the file
     * @return completes with the import result, or exceptionally with the {@link Base44Exception}
     */
    CompletableFuture<ImportResult<T>> importEntitiesAsync(FilePart file);
}
