package dev.homebase.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.AuthException;
import dev.homebase.server.entity.PermissionDeniedException;
import dev.homebase.server.entity.RecordNotFoundException;
import dev.homebase.server.entity.ValidationException;
import dev.homebase.server.internal.Json;
import dev.homebase.server.project.UnknownAppException;
import dev.homebase.server.query.QueryException;
import dev.homebase.server.store.QueryTimeoutException;
import dev.homebase.server.store.StoreBusyException;
import io.javalin.http.Context;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every failure as JSON with a top-level {@code message} (which the official client shows)
 * plus {@code detail}, {@code code}, {@code error_type} and {@code request_id}. Unexpected failures
 * become a 500 with a generic message; their detail goes only to the log, under the request id.
 */
final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {}

    static void handle(Exception e, Context ctx) {
        if (e instanceof AuthException a && a.kind() == AuthException.Kind.TOO_MANY) {
            // Every 429 says when to come back (RFC 9110 §10.2.3): whole seconds, at least 0.
            ctx.header("Retry-After", Long.toString(Math.max(0, a.retryAfterSeconds())));
        }
        if (e instanceof QueryTimeoutException || e instanceof StoreBusyException) {
            // The statement was stopped and its connection is back in the pool: the same request may work soon.
            ctx.header("Retry-After", "1");
        }
        ApiException api = translate(e);
        if (api == null) {
            log.error("request {} {} {} failed", RequestIds.of(ctx), ctx.method(), ctx.path(), e);
            api = new ApiException(500, "internal_error", "InternalServerError", "Internal server error", Map.of());
        }
        write(ctx, api);
    }

    /** Writes an error answer. */
    static void write(Context ctx, ApiException e) {
        ObjectNode body = Json.object();
        body.put("message", e.getMessage());
        body.put("detail", e.getMessage());
        body.put("code", e.code());
        body.put("error_type", e.errorType());
        body.put("request_id", RequestIds.of(ctx));
        e.extra().forEach((k, v) -> body.set(k, Json.MAPPER.valueToTree(v)));
        ctx.status(e.status()).contentType("application/json").result(Json.write(body));
    }

    private static ApiException fromAuth(AuthException a) {
        return switch (a.kind()) {
            case UNAUTHORIZED -> ApiException.unauthorized();
            case INVALID -> ApiException.auth(400, a.code(), a.getMessage());
            case FORBIDDEN -> ApiException.auth(403, a.code(), a.getMessage());
            case NOT_FOUND -> ApiException.auth(404, a.code(), a.getMessage());
            case TOO_MANY -> ApiException.auth(429, a.code(), a.getMessage());
        };
    }

    private static ApiException translate(Exception e) {
        return switch (e) {
            case ApiException api -> api;
            case AuthException a -> fromAuth(a);
            case QueryException q -> ApiException.badRequest(q.getMessage());
            case ValidationException v -> ApiException.validation(v.getMessage());
            case RecordNotFoundException n -> ApiException.notFound(n.getMessage());
            case UnknownAppException u -> ApiException.notFound(u.getMessage());
            case PermissionDeniedException p -> ApiException.forbidden(p.getMessage());
            case QueryTimeoutException t -> ApiException.unavailable("query_timeout", t.getMessage());
            case StoreBusyException b -> ApiException.unavailable("database_busy", b.getMessage());
            default -> null;
        };
    }
}
