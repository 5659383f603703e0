package dev.homebase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homebase.server.auth.AccountService;
import dev.homebase.server.auth.OneTimeCodes;
import dev.homebase.server.auth.Principal;
import dev.homebase.server.internal.Json;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;

/**
 * The sign-in routes ({@code /api/apps/{appId}/auth/...}, api-contract §2): login, register,
 * verify-otp, resend-otp, reset-password-request, reset-password, change-password. Each handler
 * reads as resolve, rate-limit, validate, execute, respond.
 *
 * <p>NB: except change-password, these routes ignore the Authorization header. The official
 * client sends its stored token on every request, also on login; refusing an expired stored token
 * there would lock the user out.
 */
final class AuthApi {
    private static final long CODE_MINUTES = OneTimeCodes.CODE_TTL.toMinutes();

    private final Apps apps;
    private final AccountService accounts;
    private final SignInLimits limits;
    private final Callers callers;
    private final Bodies bodies;

    AuthApi(Apps apps, AuthServices auth, Callers callers, Bodies bodies) {
        this.apps = apps;
        this.accounts = auth.accounts();
        this.limits = new SignInLimits(auth);
        this.callers = callers;
        this.bodies = bodies;
    }

    void login(Context ctx) {
        String appId = appId(ctx);
        ObjectNode body = bodies.objectOrEmpty(ctx);
        String email = text(body, "email");
        limits.login(ctx, appId, email);
        AccountService.SignedIn in = accounts.login(appId, email, text(body, "password"));
        ObjectNode out = Json.object();
        out.put("access_token", in.accessToken());
        out.put("success", true);
        out.set("user", UserEntityApi.shown(apps.require(ctx.pathParam("appId")), in.user().principal(), in.user()));
        EntityApi.json(ctx, 200, out);
    }

    void register(Context ctx) {
        String appId = appId(ctx);
        ObjectNode body = bodies.objectOrEmpty(ctx);
        String email = text(body, "email");
        limits.mail(ctx, appId, email);
        String id = accounts.register(appId, email, text(body, "password"));
        ObjectNode out = Json.object();
        out.put("id", id);
        out.put("message", "Registration successful. Please check your email for the verification code.");
        out.put("otp_expires_in_minutes", CODE_MINUTES);
        EntityApi.json(ctx, 200, out);
    }

    void verifyOtp(Context ctx) {
        String appId = appId(ctx);
        ObjectNode body = bodies.objectOrEmpty(ctx);
        limits.verify(ctx);
        AccountService.SignedIn in = accounts.verifyEmail(appId, text(body, "email"), text(body, "otp_code"));
        ObjectNode out = Json.object();
        out.put("id", in.user().id());
        out.put("access_token", in.accessToken());
        out.put("message", "Email verified successfully. You are now logged in.");
        out.put("success", true);
        EntityApi.json(ctx, 200, out);
    }

    void resendOtp(Context ctx) {
        String appId = appId(ctx);
        ObjectNode body = bodies.objectOrEmpty(ctx);
        String email = text(body, "email");
        limits.mail(ctx, appId, email);
        // Same answer whether or not a registration is pending: no account enumeration.
        accounts.resendCode(appId, email);
        ObjectNode out = Json.object();
        out.put("message", "Verification code sent");
        out.put("otp_expires_in_minutes", CODE_MINUTES);
        EntityApi.json(ctx, 200, out);
    }

    void resetPasswordRequest(Context ctx) {
        String appId = appId(ctx);
        ObjectNode body = bodies.objectOrEmpty(ctx);
        String email = text(body, "email");
        limits.mail(ctx, appId, email);
        // Same answer whether or not the account exists: no account enumeration.
        accounts.requestReset(appId, email);
        ObjectNode out = Json.object();
        out.put("message", "If an account exists for this email, a password reset link has been sent.");
        EntityApi.json(ctx, 200, out);
    }

    void resetPassword(Context ctx) {
        String appId = appId(ctx);
        ObjectNode body = bodies.objectOrEmpty(ctx);
        limits.verify(ctx);
        ObjectNode out = Json.object();
        out.put("message", "Password reset successfully");
        dev.homebase.server.auth.UserRecord user = accounts.resetPassword(appId, text(body, "reset_token"), text(body, "new_password"));
        out.setAll(UserEntityApi.shown(apps.require(ctx.pathParam("appId")), user.principal(), user));
        EntityApi.json(ctx, 200, out);
    }

    void changePassword(Context ctx) {
        String appId = appId(ctx);
        Principal.User caller = callers.user(ctx, appId);
        ObjectNode body = bodies.objectOrEmpty(ctx);
        limits.loginOf(appId, caller.email());
        AccountService.SignedIn in = accounts.changePassword(appId, caller, text(body, "user_id"),
                text(body, "current_password"), text(body, "new_password"));
        ObjectNode out = Json.object();
        out.put("message", "Password changed successfully");
        // Older tokens, including the one used here, no longer work; this one replaces them.
        out.put("access_token", in.accessToken());
        EntityApi.json(ctx, 200, out);
    }

    private String appId(Context ctx) {
        return apps.require(ctx.pathParam("appId")).project().appId();
    }

    /** A string field of the body, or null when absent or not a string. */
    static String text(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
