package dev.homebase.server.http;

import dev.homebase.server.auth.AuthException;
import dev.homebase.server.auth.RateLimiter;
import dev.homebase.server.auth.oauth.OAuthFailure;
import dev.homebase.server.auth.oauth.SocialLogin;
import dev.homebase.server.config.RateLimits;
import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Social login and SSO (api-contract §2.8), browser navigations on the app's origin:
 *
 * <ul>
 *   <li>{@code GET /api/apps/auth/login?app_id&from_url[&popup_origin]}: Google;</li>
 *   <li>{@code GET /api/apps/auth/{provider}/login?...}: any other configured provider;</li>
 *   <li>{@code GET /api/apps/{appId}/auth/sso/login?...}: the provider named {@code sso};</li>
 *   <li>{@code GET /api/apps/auth/{provider}/callback?state&code}: where the provider returns;</li>
 *   <li>{@code POST /api/apps/auth/{provider}/callback} (form: {@code state, code[, user]}): where
 *       Apple returns ({@code response_mode=form_post}).</li>
 * </ul>
 *
 * <p>The start checks {@code from_url} by the login page's rule ({@link LoginPage#safeFromUrl}) and
 * {@code popup_origin} (it must be this origin), sets a short-lived HttpOnly cookie that binds the
 * sign-in to this browser and redirects (302) to the provider. The callback redirects (302) to
 * {@code from_url} with {@code access_token} and {@code is_new_user} added to its query, or, in
 * popup mode, answers a page that posts {@code {access_token, is_new_user}} to the opener at
 * {@code popup_origin} and closes. Failures answer an HTML page with the status and a plain
 * explanation. The callback URL is {@code HOMEBASE_PUBLIC_URL} (else the request's origin) plus
 * {@code /api/apps/auth/<provider>/callback}; register that with the provider. Starts count
 * against the per-IP login limit (429 with {@code Retry-After} past it).
 *
 * <p><b>Apple's form_post and the browser cookie.</b> Apple returns with a cross-site POST, which
 * does not carry our {@code SameSite=Lax} cookie. Rather than weaken the cookie to
 * {@code SameSite=None; Secure} (which also needs https, so not on a plain-http development
 * server), the state stays server-side ({@code oauth_states}, single use) and a POST without the
 * cookie is answered with a small page of this origin that posts the same fields back to the same
 * URL ({@link FormPostRelay}): that POST is same-site, so the browser sends the cookie, and the
 * sign-in is checked exactly as a GET callback is. A relayed POST that still has no cookie (another
 * browser) fails like any foreign state.
 */
final class OAuthApi {
    /** The browser-binding cookie of a sign-in in flight. */
    static final String COOKIE = "homebase_oauth";
    private static final String COOKIE_PATH = "/api/apps";
    /** Provider names as {@code config.jsonc} allows them. */
    private static final java.util.regex.Pattern PROVIDER = java.util.regex.Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private final Apps apps;
    private final SocialLogin social;
    private final RateLimiter limiter;
    private final RateLimits limits;
    private final Optional<String> publicUrl;
    private final Optional<String> publicOrigin;

    OAuthApi(Apps apps, SocialLogin social, RateLimiter limiter, RateLimits limits, Optional<String> publicUrl) {
        this.apps = apps;
        this.social = social;
        this.limiter = limiter;
        this.limits = limits;
        this.publicUrl = publicUrl;
        this.publicOrigin = publicUrl.map(LoginPage::originOf);
    }

    /** {@code GET /api/apps/auth/login}: Google, the client's default provider. */
    void googleLogin(Context ctx) {
        start(ctx, "google", ctx.queryParam("app_id"));
    }

    /** {@code GET /api/apps/auth/{provider}/login}. */
    void providerLogin(Context ctx) {
        start(ctx, ctx.pathParam("provider"), ctx.queryParam("app_id"));
    }

    /** {@code GET /api/apps/{appId}/auth/sso/login}: the app's SSO provider (configured as {@code sso}). */
    void ssoLogin(Context ctx) {
        start(ctx, "sso", ctx.pathParam("appId"));
    }

    /** {@code GET /api/apps/auth/{provider}/callback}. */
    void callback(Context ctx) {
        finish(ctx, ctx.queryParam("state"), ctx.queryParam("code"), ctx.queryParam("error"), null);
    }

    /** {@code POST /api/apps/auth/{provider}/callback}: a provider's {@code form_post} return (Apple). */
    void callbackPost(Context ctx) {
        // form_post is a URL-encoded form; anything else (a malformed multipart body, say) is refused before it is parsed.
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            LoginPage.errorPage(ctx, 400, "The sign-in answer must be an application/x-www-form-urlencoded form.");
            return;
        }
        String cookie = ctx.cookie(COOKIE);
        if (cookie == null && ctx.formParam(FormPostRelay.RELAYED) == null) {
            // The provider's cross-site POST: bounce it off this origin so the browser adds the cookie.
            FormPostRelay.page(ctx, ctx.path(), FormPostRelay.fields(ctx, "state", "code", "error", "user"));
            return;
        }
        finish(ctx, ctx.formParam("state"), ctx.formParam("code"), ctx.formParam("error"), ctx.formParam("user"));
    }

    private void finish(Context ctx, String state, String code, String error, String user) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        SocialLogin.Finished done;
        try {
            done = social.finish(ctx.pathParam("provider"), state, code, error, ctx.cookie(COOKIE), user);
        } catch (OAuthFailure f) {
            LoginPage.errorPage(ctx, f.status(), f.getMessage()); // the cookie stays: a stray request must not break a sign-in
            return;
        }
        clearCookie(ctx);
        if (done.popupOrigin() != null) {
            LoginPage.popupResult(ctx, done.popupOrigin(), done.accessToken(), done.newUser(), withToken(done.fromUrl(), done));
            return;
        }
        ctx.redirect(withToken(done.fromUrl(), done), HttpStatus.FOUND);
    }

    private void start(Context ctx, String provider, String requestedApp) {
        ctx.header("Cache-Control", "no-store");
        if (!PROVIDER.matcher(provider).matches()) {
            LoginPage.errorPage(ctx, 404, "Sign-in with this provider is not enabled for this app.");
            return;
        }
        try {
            // Each start holds a slot in the table of sign-ins in flight: counted like a login attempt.
            limiter.check("login:ip:" + ctx.ip(), limits.loginPerIp());
        } catch (AuthException e) {
            ctx.header("Retry-After", Long.toString(Math.max(0, e.retryAfterSeconds())));
            LoginPage.errorPage(ctx, 429, e.getMessage());
            return;
        }
        String origin = LoginPage.requestOrigin(ctx);
        if (origin == null && publicUrl.isEmpty()) {
            LoginPage.errorPage(ctx, 400, "This sign-in link is not valid: the request names no host.");
            return;
        }
        String from = LoginPage.safeFromUrl(ctx.queryParam("from_url"), origin, publicOrigin);
        if (from == null) {
            LoginPage.errorPage(ctx, 400, "This sign-in link is not valid: it would send you to another site.");
            return;
        }
        String popup = ctx.queryParam("popup_origin");
        if (popup != null && !popup.equalsIgnoreCase(origin) && !publicOrigin.map(popup::equalsIgnoreCase).orElse(false)) {
            LoginPage.errorPage(ctx, 400, "This sign-in link is not valid: the popup belongs to another site.");
            return;
        }
        String appId = appId(requestedApp);
        if (appId == null) {
            LoginPage.errorPage(ctx, requestedApp == null ? 400 : 404,
                    requestedApp == null ? "This sign-in link does not name an app." : "This app does not exist.");
            return;
        }
        URI callback = URI.create(publicUrl.orElse(origin) + "/api/apps/auth/" + provider + "/callback");
        SocialLogin.Started started;
        try {
            started = social.start(appId, provider, callback, from, popup == null ? null : popup.toLowerCase(java.util.Locale.ROOT));
        } catch (OAuthFailure f) {
            LoginPage.errorPage(ctx, f.status(), f.getMessage());
            return;
        }
        // The origin is the forwarded one behind a trusted proxy (TrustedProxies), so TLS ended at the proxy counts.
        boolean secure = (origin != null && origin.startsWith("https:")) || publicUrl.map(u -> u.startsWith("https:")).orElse(false);
        ctx.header("Set-Cookie", COOKIE + "=" + started.browserValue() + "; Path=" + COOKIE_PATH + "; Max-Age=600; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : ""));
        ctx.redirect(started.authorizationUrl().toString(), HttpStatus.FOUND);
    }

    private static void clearCookie(Context ctx) {
        ctx.header("Set-Cookie", COOKIE + "=; Path=" + COOKIE_PATH + "; Max-Age=0; HttpOnly; SameSite=Lax");
    }

    private String appId(String requested) {
        if (requested != null) return apps.find(requested).map(a -> a.project().appId()).orElse(null);
        List<Apps.HostedApp> all = apps.all();
        return all.size() == 1 ? all.get(0).project().appId() : null;
    }

    /** {@code from} with {@code access_token} and {@code is_new_user} added to its query (before any fragment). */
    static String withToken(String from, SocialLogin.Finished done) {
        int hash = from.indexOf('#');
        String base = hash < 0 ? from : from.substring(0, hash);
        String fragment = hash < 0 ? "" : from.substring(hash);
        String sep = base.contains("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?";
        return base + sep + "access_token=" + URLEncoder.encode(done.accessToken(), StandardCharsets.UTF_8)
                + "&is_new_user=" + done.newUser() + fragment;
    }
}
