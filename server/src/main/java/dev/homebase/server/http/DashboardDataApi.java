package dev.homebase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.entity.EntityContext;
import dev.homebase.server.entity.EntitySchema;
import dev.homebase.server.entity.RecordService;
import dev.homebase.server.project.Apps;
import dev.homebase.server.query.FieldPath;
import dev.homebase.server.query.Sort;
import dev.homebase.server.store.EntityScope;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's Data page export: {@code GET /api/apps/{appId}/dashboard/entities/{entity}/export?format=csv|json&q=&sort=},
 * every record of an entity that matches the filter, in the sort's order, as a downloaded file (README "Dashboard").
 * App admins and the service role only (anonymous 401, other users 403). The records are read as the service role
 * sees them (every record and field: the dashboard is the app owner's view of the data), a page of
 * {@value #PAGE} at a time by the store's keyset walk, and each page is written before the next is read: memory
 * stays one page whatever the table's size, and no database transaction stays open while the client reads.
 *
 * <p>Everything that can be wrong with the request (app, entity, format, filter, sort) is answered as a JSON error
 * before the first byte of the file: the first page is read before the headers are sent. A failure after that
 * aborts the connection, so the client sees a broken download rather than a short file that looks whole.
 */
final class DashboardDataApi {
    private static final Logger log = LoggerFactory.getLogger(DashboardDataApi.class);

    /** Records read per query. */
    static final int PAGE = 500;

    private final Apps apps;
    private final Callers callers;
    private final RecordService records;

    DashboardDataApi(Apps apps, Callers callers, RecordService records) {
        this.apps = apps;
        this.callers = callers;
        this.records = records;
    }

    void export(Context ctx) throws IOException {
        // Resolve and authorise.
        Apps.HostedApp app = apps.require(ctx.pathParam("appId"));
        Principal caller = callers.adminOrService(ctx, app.project().appId(), "Only app admins can use the dashboard");
        String name = ctx.pathParam("entity");
        EntitySchema schema = app.project().entity(name).filter(s -> !s.name().equals("User"))
                .orElseThrow(() -> ApiException.notFound("Entity \"" + name + "\" not found"));

        // Validate.
        String format = ctx.queryParam("format") == null ? "csv" : ctx.queryParam("format").strip();
        if (!format.equals("csv") && !format.equals("json")) throw ApiException.badRequest("Query parameter 'format' must be csv or json");
        JsonNode q = EntityApi.queryParam(ctx);
        String sort = sort(ctx.queryParam("sort"), schema);
        String env = EntityApi.dataEnv(ctx.header("X-Data-Env"), caller);
        EntityContext ec = new EntityContext(schema, new EntityScope(app.project().appId(), schema.name(), env),
                new Principal.Service(env, null), app.validator(), app.rules(schema));

        // Execute: the first page before anything is sent, so a bad filter is still a JSON 400.
        RecordService.KeysetPage page = records.listAfter(ec, q, sort, List.of(), PAGE, null);
        ctx.status(200);
        ctx.contentType(ExportWriter.contentType(format));
        ctx.header("Content-Disposition", "attachment; filename=\"" + schema.name() + "." + format + "\"");
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
        var writer = new BufferedWriter(new OutputStreamWriter(ctx.res().getOutputStream(), StandardCharsets.UTF_8), 64 * 1024);
        ExportWriter file = ExportWriter.of(format, writer, List.copyOf(schema.fields().keySet()));
        try {
            while (true) {
                for (JsonNode record : page.items()) file.write(record);
                if (!page.hasMore()) break;
                writer.flush();
                page = records.listAfter(ec, q, sort, List.of(), PAGE, page.position());
            }
            file.finish();
        } catch (IOException e) {
            log.debug("request {}: the export's client went away", RequestIds.of(ctx));
        } catch (RuntimeException e) {
            // The status line is sent: the error cannot be a JSON answer. Cut the connection instead.
            log.error("request {}: export of {} failed after its first page", RequestIds.of(ctx), schema.name(), e);
            ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().abort(e);
        }
    }

    /** The sort parameter, checked: a field of the schema or a system field, or absent (newest first). */
    private static String sort(String raw, EntitySchema schema) {
        if (raw == null || raw.isBlank()) return "-created_date";
        Sort sort = Sort.parse(raw);
        String top = sort.hasValidField() ? FieldPath.top(FieldPath.unalias(sort.field())) : null;
        if (top == null || !(RecordService.SYSTEM_FIELDS.contains(top) || schema.hasField(top))) {
            throw ApiException.badRequest("Query parameter 'sort' names no field of " + schema.name() + ": " + raw.strip());
        }
        return raw.strip();
    }
}
