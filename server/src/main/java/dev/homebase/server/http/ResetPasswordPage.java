package dev.homebase.server.http;

import dev.homebase.server.project.Apps;
import io.javalin.http.Context;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page reset and invitation mails link to: {@code GET /reset-password?token=&app_id=}
 * (api-contract §2.5 chooses {@code {appBaseUrl}/reset-password?token=<t>}). A form for the new
 * password whose script calls {@code POST /api/apps/{appId}/auth/reset-password} and then offers the
 * login page. The token stays in the page (never in a log or a referrer: {@code no-referrer}); an
 * invalid, used or expired token is reported by that call, with the rest of the sign-in errors.
 *
 * <p>The app: {@code app_id} from the query, or the only hosted app.
 */
final class ResetPasswordPage {
    private static final Pattern SLOT = Pattern.compile("\\{\\{(\\w+)}}");
    /** Reset tokens are 43 base64url characters; anything else is not one of ours. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    private final Apps apps;

    ResetPasswordPage(Apps apps) {
        this.apps = apps;
    }

    /** {@code GET /reset-password}. */
    void page(Context ctx) {
        String token = ctx.queryParam("token");
        if (token == null || !TOKEN.matcher(token).matches()) {
            LoginPage.errorPage(ctx, 400, "This password link is not complete. Please open the link from the email again.");
            return;
        }
        String requested = ctx.queryParam("app_id");
        String appId = requested != null ? apps.find(requested).map(a -> a.project().appId()).orElse(null)
                : apps.all().size() == 1 ? apps.all().get(0).project().appId() : null;
        if (appId == null) {
            LoginPage.errorPage(ctx, requested == null ? 400 : 404,
                    requested == null ? "This password link does not name an app." : "This app does not exist.");
            return;
        }
        String nonce = LoginPage.nonce();
        LoginPage.securityHeaders(ctx, nonce);
        Map<String, String> slots = Map.of("nonce", nonce, "css", LoginPage.CSS, "js", JS, "appId", LoginPage.html(appId),
                "token", LoginPage.html(token), "min", Integer.toString(dev.homebase.server.auth.Passwords.MIN_LENGTH),
                "login", LoginPage.html("/login?app_id=" + java.net.URLEncoder.encode(appId, java.nio.charset.StandardCharsets.UTF_8)));
        ctx.status(200).contentType("text/html; charset=utf-8")
                .result(SLOT.matcher(TEMPLATE).replaceAll(m -> Matcher.quoteReplacement(slots.getOrDefault(m.group(1), m.group()))));
    }

    private static final String TEMPLATE = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>Choose a new password</title>
            <style nonce="{{nonce}}">{{css}}</style>
            </head>
            <body>
            <main class="card" id="reset" data-app-id="{{appId}}" data-token="{{token}}">
              <section id="choose" aria-labelledby="reset-title">
                <h1 id="reset-title">Choose a new password</h1>
                <p class="sub">Enter the password you want to use from now on.</p>
                <form id="reset-form" novalidate>
                  <label for="reset-password">New password</label>
                  <input id="reset-password" name="password" type="password" autocomplete="new-password" required autofocus
                         aria-describedby="reset-password-hint">
                  <p class="hint" id="reset-password-hint">At least {{min}} characters.</p>
                  <label for="reset-confirm">Repeat the new password</label>
                  <input id="reset-confirm" name="confirm" type="password" autocomplete="new-password" required>
                  <button class="primary" type="submit">Save password</button>
                </form>
              </section>
              <section id="done" aria-labelledby="done-title" hidden>
                <h1 id="done-title">Password saved</h1>
                <p class="sub">You can now sign in with your new password.</p>
                <a class="provider" id="to-login" href="{{login}}">Sign in</a>
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
              var root = document.getElementById("reset");
              var form = document.getElementById("reset-form");
              var errorBox = document.getElementById("error");
              var statusBox = document.getElementById("status");
              form.addEventListener("submit", function (e) {
                e.preventDefault();
                var password = form.querySelector("[name=password]").value;
                var confirm = form.querySelector("[name=confirm]").value;
                statusBox.textContent = "";
                if (!password || password !== confirm) {
                  errorBox.textContent = password ? "The two passwords are not the same." : "Please enter a new password.";
                  form.querySelector(password ? "[name=confirm]" : "[name=password]").focus();
                  return;
                }
                errorBox.textContent = "";
                var button = form.querySelector("button[type=submit]");
                button.disabled = true;
                fetch("/api/apps/" + encodeURIComponent(root.getAttribute("data-app-id")) + "/auth/reset-password", {
                  method: "POST",
                  headers: { "Content-Type": "application/json", "Accept": "application/json" },
                  body: JSON.stringify({ reset_token: root.getAttribute("data-token"), new_password: password }),
                  credentials: "same-origin"
                }).then(function (res) {
                  return res.json().catch(function () { return {}; }).then(function (data) {
                    if (!res.ok) throw new Error(data.message || ("Request failed (" + res.status + ")"));
                    document.getElementById("choose").hidden = true;
                    document.getElementById("done").hidden = false;
                    statusBox.textContent = "Your password has been changed.";
                    document.getElementById("to-login").focus();
                  });
                }).catch(function (err) {
                  errorBox.textContent = err.message;
                }).finally(function () { button.disabled = false; });
              });
            })();
            """;
}
