package dev.homebase.server.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The page that carries a provider's cross-site {@code form_post} return (Sign in with Apple) back
 * to the same callback URL as a same-site POST, so the browser sends the {@code SameSite=Lax} cookie
 * that binds the sign-in to it (see {@link OAuthApi}). The fields are copied into a form that a
 * nonce'd script submits at once (a button does it without script); the relayed POST carries
 * {@link #RELAYED} so it is never bounced twice. The page is {@code no-store} and sends no referrer.
 */
final class FormPostRelay {
    /** The form field that marks a relayed POST. */
    static final String RELAYED = "homebase_relayed";
    /** Longest field value copied (Apple's {@code user} JSON and codes are far shorter). */
    private static final int MAX_FIELD = 8192;

    private FormPostRelay() {}

    /** The present form fields among {@code names}, in that order; over-long values are left out. */
    static Map<String, String> fields(Context ctx, String... names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names) {
            String v = ctx.formParam(name);
            if (v != null && v.length() <= MAX_FIELD) out.put(name, v);
        }
        return out;
    }

    /** Answers the page that posts {@code fields} to {@code action} (a path of this origin). */
    static void page(Context ctx, String action, Map<String, String> fields) {
        String nonce = LoginPage.nonce();
        LoginPage.securityHeaders(ctx, nonce);
        StringBuilder inputs = new StringBuilder();
        fields.forEach((k, v) -> inputs.append("<input type=\"hidden\" name=\"").append(LoginPage.html(k)).append("\" value=\"")
                .append(LoginPage.html(v)).append("\">"));
        String body = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signing in</title>"
                + "<style nonce=\"" + nonce + "\">" + LoginPage.CSS + "</style></head><body><main class=\"card\"><h1>Signing in</h1>"
                + "<form id=\"relay\" method=\"post\" action=\"" + LoginPage.html(action) + "\">" + inputs
                + "<input type=\"hidden\" name=\"" + RELAYED + "\" value=\"1\">"
                + "<p role=\"status\">One moment…</p><noscript><button class=\"primary\" type=\"submit\">Continue</button></noscript>"
                + "</form></main><script nonce=\"" + nonce + "\">document.getElementById(\"relay\").submit();</script></body></html>";
        ctx.status(200).contentType("text/html; charset=utf-8").result(body);
    }
}
