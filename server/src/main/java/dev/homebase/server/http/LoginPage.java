package dev.homebase.server.http;

import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The hosted login page and the logout redirect (api-contract §2.8).
 *
 * <p>{@code GET /login?from_url=&app_id=} serves a small server-rendered page whose script calls
 * the JSON sign-in routes (login, register + 6-digit code, reset-password-request) and, on success,
 * navigates to {@code from_url} with {@code access_token=<jwt>} added to its query string, which is
 * where the official client reads it. {@code GET /api/apps/auth/logout?from_url=} redirects (302)
 * to {@code from_url}: tokens are stateless, so there is nothing to clear on the server.
 *
 * <p><b>The from_url rule</b> (no open redirect): absent or empty means {@code /}; otherwise it
 * must be either a path on this server (starts with one {@code /}, not {@code //} nor
 * {@code /\}, no control characters) or an absolute {@code http}/{@code https} URL whose origin
 * (scheme, host, port) is the origin the request came to. Anything else is refused with 400.
 *
 * <p>The app: {@code app_id} from the query, or the only hosted app when there is exactly one.
 */
final class LoginPage {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Apps apps;
    private final ResetPasswordPage reset;
    private final Optional<String> publicOrigin;

    /** @param publicUrl the URL users reach the server at ({@code HOMEBASE_PUBLIC_URL}), when set */
    LoginPage(Apps apps, Optional<String> publicUrl) {
        this.apps = apps;
        this.reset = new ResetPasswordPage(apps);
        this.publicOrigin = publicUrl.map(LoginPage::originOf);
    }

    /** {@code GET /reset-password}: where reset and invitation mails link to ({@link ResetPasswordPage}). */
    void resetPage(Context ctx) {
        reset.page(ctx);
    }

    /** {@code GET /login}. */
    void page(Context ctx) {
        String from = ctx.queryParam("from_url");
        String safeFrom = safeFromUrl(from, requestOrigin(ctx), publicOrigin);
        if (safeFrom == null) {
            errorPage(ctx, 400, "This sign-in link is not valid: it would send you to another site.");
            return;
        }
        String appId = appIdOrNull(ctx.queryParam("app_id"));
        if (appId == null) {
            errorPage(ctx, ctx.queryParam("app_id") == null ? 400 : 404,
                    ctx.queryParam("app_id") == null ? "This sign-in link does not name an app." : "This app does not exist.");
            return;
        }
        String nonce = nonce();
        securityHeaders(ctx, nonce);
        ctx.status(200).contentType("text/html; charset=utf-8").result(render(appId, safeFrom, nonce, providerButtons(appId, safeFrom)));
    }

    /** "Continue with ..." links for the app's social-login providers (empty when it has none). */
    private String providerButtons(String appId, String from) {
        var providers = apps.require(appId).project().authProviders();
        if (providers.isEmpty()) return "";
        StringBuilder b = new StringBuilder("<div class=\"providers\" role=\"group\" aria-label=\"Other ways to sign in\">");
        providers.values().forEach(p -> b.append("<a class=\"provider\" href=\"")
                .append(html("/api/apps/auth/" + p.name() + "/login?app_id=" + enc(appId) + "&from_url=" + enc(from)))
                .append("\">Continue with ").append(html(p.displayName())).append("</a>"));
        return b.append("<p class=\"or\"><span>or</span></p></div>").toString();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The end of a popup sign-in (api-contract §2.8): posts {@code {access_token, is_new_user}} to
     * the window that opened the popup, at {@code popupOrigin} only, and closes; without an opener
     * it goes to {@code fallbackUrl} (which carries the token) instead.
     */
    static void popupResult(Context ctx, String popupOrigin, String accessToken, boolean newUser, String fallbackUrl) {
        String nonce = nonce();
        securityHeaders(ctx, nonce);
        String body = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signed in</title>"
                + "<style nonce=\"" + nonce + "\">" + CSS + "</style></head><body><main class=\"card\" id=\"result\" data-origin=\""
                + html(popupOrigin) + "\" data-token=\"" + html(accessToken) + "\" data-new=\"" + newUser + "\" data-fallback=\""
                + html(fallbackUrl) + "\"><h1>Signed in</h1><p role=\"status\">You are signed in. This window closes by itself.</p></main>"
                + "<script nonce=\"" + nonce + "\">" + POPUP_JS + "</script></body></html>";
        ctx.status(200).contentType("text/html; charset=utf-8").result(body);
    }

    private static final String POPUP_JS = """
            (function () {
              "use strict";
              var r = document.getElementById("result");
              var msg = { access_token: r.getAttribute("data-token"), is_new_user: r.getAttribute("data-new") === "true" };
              if (window.opener && !window.opener.closed) {
                window.opener.postMessage(msg, r.getAttribute("data-origin"));
                window.close();
              } else {
                window.location.replace(r.getAttribute("data-fallback"));
              }
            })();
            """;

    /** {@code GET /api/apps/auth/logout}. */
    void logout(Context ctx) {
        String safeFrom = safeFromUrl(ctx.queryParam("from_url"), requestOrigin(ctx), publicOrigin);
        if (safeFrom == null) throw ApiException.badRequest("from_url must be a path on this server or a URL of its origin");
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(safeFrom, io.javalin.http.HttpStatus.FOUND);
    }

    private String appIdOrNull(String requested) {
        if (requested != null) return apps.find(requested).map(a -> a.project().appId()).orElse(null);
        List<Apps.HostedApp> all = apps.all();
        return all.size() == 1 ? all.get(0).project().appId() : null;
    }

    /**
     * {@link #safeFromUrl(String, String)} for the request's origin or, behind a proxy, the public
     * URL's origin ({@code HOMEBASE_PUBLIC_URL}, e.g. {@code https://app.example} while the request
     * arrives as plain http).
     */
    static String safeFromUrl(String from, String requestOrigin, Optional<String> publicOrigin) {
        String safe = safeFromUrl(from, requestOrigin);
        return safe != null || publicOrigin.isEmpty() ? safe : safeFromUrl(from, publicOrigin.get());
    }

    /** {@code scheme://host[:port]} of an absolute URL, lower-cased; null when it has none. */
    static String originOf(String url) {
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || u.getHost() == null) return null;
            return (u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort())).toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * The origin this request was sent to, e.g. {@code http://127.0.0.1:8080}; behind a trusted proxy
     * ({@link TrustedProxies}), the one its {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} name.
     */
    static String requestOrigin(Context ctx) {
        String forwarded = ctx.attribute(TrustedProxies.ORIGIN_ATTRIBUTE);
        if (forwarded != null) return forwarded;
        String host = ctx.host();
        if (host == null || host.isBlank()) return null;
        return ctx.scheme().toLowerCase(Locale.ROOT) + "://" + host.toLowerCase(Locale.ROOT);
    }

    /**
     * {@code from} if it is safe to redirect to (see the class comment), {@code /} when absent,
     * else null.
     */
    static String safeFromUrl(String from, String origin) {
        if (from == null || from.isEmpty()) return "/";
        for (int i = 0; i < from.length(); i++) {
            char c = from.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') return null;
        }
        if (from.startsWith("/")) return from.startsWith("//") ? null : from;
        if (origin == null) return null;
        try {
            URI u = new URI(from);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) return null;
            if (u.getRawUserInfo() != null || u.getHost() == null) return null;
            int port = u.getPort() != -1 ? u.getPort() : scheme.equals("https") ? 443 : 80;
            URI o = new URI(origin);
            int oPort = o.getPort() != -1 ? o.getPort() : o.getScheme().equals("https") ? 443 : 80;
            boolean same = scheme.equals(o.getScheme()) && u.getHost().equalsIgnoreCase(o.getHost()) && port == oPort;
            return same ? from : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String html(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String nonce() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static void securityHeaders(Context ctx, String nonce) {
        ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce
                + "'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }

    /** An HTML page that says what went wrong, with {@code status}. */
    static void errorPage(Context ctx, int status, String message) {
        String nonce = nonce();
        securityHeaders(ctx, nonce);
        String body = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Sign in</title>"
                + "<style nonce=\"" + nonce + "\">" + CSS + "</style></head><body><main class=\"card\"><h1>Sign in</h1>"
                + "<p role=\"alert\" class=\"msg error\">" + html(message) + "</p></main></body></html>";
        ctx.status(status).contentType("text/html; charset=utf-8").result(body);
    }

    private static final java.util.regex.Pattern SLOT = java.util.regex.Pattern.compile("\\{\\{(\\w+)}}");

    /** Fills the template's slots in one pass, so text put into one slot is never read as another slot. */
    private static String render(String appId, String from, String nonce, String providers) {
        java.util.Map<String, String> slots = java.util.Map.of(
                "nonce", html(nonce), "css", CSS, "js", JS,
                "min", Integer.toString(dev.homebase.server.auth.Passwords.MIN_LENGTH),
                "appId", html(appId), "from", html(from), "providers", providers);
        return SLOT.matcher(TEMPLATE).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(slots.getOrDefault(m.group(1), m.group())));
    }

    static final String CSS = """
            *{box-sizing:border-box}
            body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;
              font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2937;
              background:linear-gradient(135deg,#eef2ff,#f8fafc)}
            .card{width:100%;max-width:400px;margin:24px;padding:32px;background:#fff;border-radius:14px;
              box-shadow:0 10px 30px rgba(15,23,42,.12)}
            h1{margin:0 0 4px;font-size:1.5rem}
            .sub{margin:0 0 20px;color:#6b7280;font-size:.95rem}
            label{display:block;margin:14px 0 6px;font-weight:600;font-size:.9rem}
            input{width:100%;padding:10px 12px;border:1px solid #cbd5e1;border-radius:8px;font:inherit}
            input:focus{outline:3px solid #c7d2fe;border-color:#4f46e5}
            button{font:inherit;cursor:pointer}
            .primary{width:100%;margin-top:20px;padding:11px;border:0;border-radius:8px;background:#4f46e5;color:#fff;font-weight:600}
            .primary:hover{background:#4338ca}
            .primary:focus-visible,.link:focus-visible{outline:3px solid #a5b4fc;outline-offset:2px}
            .primary[disabled]{opacity:.6;cursor:progress}
            .link{background:none;border:0;padding:0;color:#4f46e5;text-decoration:underline}
            .row{display:flex;justify-content:space-between;gap:12px;margin-top:16px;font-size:.9rem}
            .msg{margin:16px 0 0;padding:10px 12px;border-radius:8px;font-size:.9rem}
            .msg:empty{margin:0;padding:0;border:0}
            #verify-email{overflow-wrap:anywhere}
            .error{background:#fef2f2;color:#991b1b;border:1px solid #fecaca}
            .info{background:#f0fdf4;color:#166534;border:1px solid #bbf7d0}
            .hint{margin:6px 0 0;color:#6b7280;font-size:.85rem}
            [hidden]{display:none!important}
            .provider{display:block;margin:10px 0 0;padding:10px;border:1px solid #cbd5e1;border-radius:8px;color:#1f2937;
              text-align:center;text-decoration:none;font-weight:600}
            .provider:hover{background:#f8fafc}
            .provider:focus-visible{outline:3px solid #a5b4fc;outline-offset:2px}
            .or{display:flex;align-items:center;gap:10px;margin:18px 0 0;color:#6b7280;font-size:.85rem}
            .or::before,.or::after{content:"";flex:1;border-top:1px solid #e5e7eb}
            """;

    private static final String TEMPLATE = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>Sign in</title>
            <style nonce="{{nonce}}">{{css}}</style>
            </head>
            <body>
            <main class="card" id="login" data-app-id="{{appId}}" data-from-url="{{from}}">
              <section id="signin" aria-labelledby="signin-title">
                <h1 id="signin-title">Sign in</h1>
                <p class="sub">Welcome back. Sign in with your email and password.</p>
                {{providers}}
                <form id="signin-form" novalidate>
                  <label for="signin-email">Email</label>
                  <input id="signin-email" name="email" type="email" autocomplete="username" required autofocus>
                  <label for="signin-password">Password</label>
                  <input id="signin-password" name="password" type="password" autocomplete="current-password" required>
                  <button class="primary" type="submit">Sign in</button>
                </form>
                <div class="row">
                  <button type="button" class="link" data-show="forgot">Forgot password?</button>
                  <button type="button" class="link" data-show="register">Create an account</button>
                </div>
              </section>

              <section id="register" aria-labelledby="register-title" hidden>
                <h1 id="register-title">Create an account</h1>
                <p class="sub">We will email you a 6-digit code to confirm your address.</p>
                <form id="register-form" novalidate>
                  <label for="register-email">Email</label>
                  <input id="register-email" name="email" type="email" autocomplete="email" required>
                  <label for="register-password">Password</label>
                  <input id="register-password" name="password" type="password" autocomplete="new-password" required
                         aria-describedby="register-password-hint">
                  <p class="hint" id="register-password-hint">At least {{min}} characters.</p>
                  <button class="primary" type="submit">Create account</button>
                </form>
                <div class="row"><button type="button" class="link" data-show="signin">I already have an account</button></div>
              </section>

              <section id="verify" aria-labelledby="verify-title" hidden>
                <h1 id="verify-title">Check your email</h1>
                <p class="sub">Enter the 6-digit code we sent to <strong id="verify-email"></strong>.</p>
                <form id="verify-form" novalidate>
                  <label for="verify-code">Verification code</label>
                  <input id="verify-code" name="otp_code" inputmode="numeric" autocomplete="one-time-code"
                         pattern="[0-9]{6}" maxlength="6" required>
                  <button class="primary" type="submit">Verify and sign in</button>
                </form>
                <div class="row">
                  <button type="button" class="link" id="resend">Send a new code</button>
                  <button type="button" class="link" data-show="signin">Back to sign in</button>
                </div>
              </section>

              <section id="forgot" aria-labelledby="forgot-title" hidden>
                <h1 id="forgot-title">Reset your password</h1>
                <p class="sub">Enter your email and we will send you a link to choose a new password.</p>
                <form id="forgot-form" novalidate>
                  <label for="forgot-email">Email</label>
                  <input id="forgot-email" name="email" type="email" autocomplete="email" required>
                  <button class="primary" type="submit">Send reset link</button>
                </form>
                <div class="row"><button type="button" class="link" data-show="signin">Back to sign in</button></div>
              </section>

              <p id="error" class="msg error" role="alert" aria-live="assertive"></p>
              <p id="status" class="msg info" role="status" aria-live="polite"></p>
            </main>
            <script nonce="{{nonce}}">{{js}}</script>
            </body>
            </html>
            """;

    private static final String JS = """
            (function () {
              "use strict";
              var root = document.getElementById("login");
              var appId = root.getAttribute("data-app-id");
              var fromUrl = root.getAttribute("data-from-url") || "/";
              var api = "/api/apps/" + encodeURIComponent(appId) + "/auth/";
              var errorBox = document.getElementById("error");
              var statusBox = document.getElementById("status");
              var pendingEmail = "";

              // Errors go to the alert region, news to the status region; both stay in the page so
              // screen readers announce changes.
              function say(text, kind) {
                errorBox.textContent = kind === "info" ? "" : (text || "");
                statusBox.textContent = kind === "info" ? (text || "") : "";
              }
              function show(id) {
                ["signin", "register", "verify", "forgot"].forEach(function (s) {
                  document.getElementById(s).hidden = s !== id;
                });
                say("");
                var first = document.querySelector("#" + id + " input");
                if (first) first.focus();
              }
              function post(path, body) {
                return fetch(api + path, {
                  method: "POST",
                  headers: { "Content-Type": "application/json", "Accept": "application/json" },
                  body: JSON.stringify(body),
                  credentials: "same-origin"
                }).then(function (res) {
                  return res.json().catch(function () { return {}; }).then(function (data) {
                    if (!res.ok) throw new Error(data.message || ("Request failed (" + res.status + ")"));
                    return data;
                  });
                });
              }
              function done(token) {
                var url = new URL(fromUrl, window.location.href);
                url.searchParams.set("access_token", token);
                window.location.assign(url.toString());
              }
              function busy(form, on) {
                var b = form.querySelector("button[type=submit]");
                b.disabled = on;
                form.setAttribute("aria-busy", on ? "true" : "false");
              }
              function handle(formId, run) {
                var form = document.getElementById(formId);
                form.addEventListener("submit", function (e) {
                  e.preventDefault();
                  var data = {};
                  new FormData(form).forEach(function (v, k) { data[k] = String(v).trim(); });
                  if (form.querySelector("[name=password]")) data.password = form.querySelector("[name=password]").value;
                  for (var k in data) if (!data[k]) {
                    say("Please fill in every field.");
                    form.querySelector("[name=" + k + "]").focus();
                    return;
                  }
                  busy(form, true);
                  say("");
                  run(data).catch(function (err) { say(err.message); }).finally(function () { busy(form, false); });
                });
              }

              document.querySelectorAll("[data-show]").forEach(function (b) {
                b.addEventListener("click", function () { show(b.getAttribute("data-show")); });
              });
              handle("signin-form", function (d) {
                return post("login", { email: d.email, password: d.password }).then(function (r) { done(r.access_token); });
              });
              handle("register-form", function (d) {
                return post("register", { email: d.email, password: d.password }).then(function () {
                  pendingEmail = d.email;
                  document.getElementById("verify-email").textContent = d.email;
                  show("verify");
                  say("We sent a code to your email.", "info");
                });
              });
              handle("verify-form", function (d) {
                return post("verify-otp", { email: pendingEmail, otp_code: d.otp_code }).then(function (r) { done(r.access_token); });
              });
              handle("forgot-form", function (d) {
                return post("reset-password-request", { email: d.email }).then(function (r) {
                  say(r.message || "If an account exists for this email, a reset link has been sent.", "info");
                });
              });
              document.getElementById("resend").addEventListener("click", function () {
                post("resend-otp", { email: pendingEmail })
                  .then(function () { say("A new code is on its way.", "info"); })
                  .catch(function (err) { say(err.message); });
              });
            })();
            """;
}
