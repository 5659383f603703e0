package dev.homebase.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.sdk.auth.AuthModule;
import dev.homebase.sdk.auth.LoginResult;
import dev.homebase.sdk.auth.User;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** {@link AuthModule} over the user channel. Thread-safe. */
final class DefaultAuthModule implements AuthModule {
    private final Channel channel;
    private final String appId;
    private final String appPath;
    private final String appBaseUrl;
    private final Consumer<String> setToken;
    private final Runnable clearToken;

    DefaultAuthModule(Channel channel, String appId, String appBaseUrl, Consumer<String> setToken,
                      Runnable clearToken) {
        this.channel = channel;
        this.appId = appId;
        this.appPath = "/apps/" + Encoding.component(appId);
        this.appBaseUrl = appBaseUrl;
        this.setToken = setToken;
        this.clearToken = clearToken;
    }

    @Override
    public User me() {
        return user(channel.call(ApiRequest.get(appPath + "/entities/User/me")));
    }

    @Override
    public User updateMe(Map<String, ?> data) {
        return user(channel.call(updateMeRequest(data)));
    }

    private ApiRequest updateMeRequest(Map<String, ?> data) {
        return ApiRequest.put(appPath + "/entities/User/me").json(Checks.notNull(data, "data"));
    }

    @Override
    public boolean isAuthenticated() {
        try {
            me();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public LoginResult loginViaEmailPassword(String email, String password) {
        return loginViaEmailPassword(email, password, null);
    }

    @Override
    public LoginResult loginViaEmailPassword(String email, String password, String turnstileToken) {
        return loggedIn(channel.call(loginRequest(email, password, turnstileToken)));
    }

    @Override
    public CompletableFuture<User> meAsync() {
        return channel.callAsync(ApiRequest.get(appPath + "/entities/User/me"), DefaultAuthModule::user);
    }

    @Override
    public CompletableFuture<LoginResult> loginViaEmailPasswordAsync(String email, String password) {
        return channel.callAsync(loginRequest(email, password, null), this::loggedIn);
    }

    private ApiRequest loginRequest(String email, String password, String turnstileToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", Checks.text(email, "email"));
        body.put("password", Checks.notNull(password, "password"));
        if (turnstileToken != null && !turnstileToken.isEmpty()) {
            body.put("turnstile_token", turnstileToken);
        }
        return ApiRequest.post(appPath + "/auth/login").json(body);
    }

    private LoginResult loggedIn(JsonNode r) {
        String accessToken = r == null || r.path("access_token").isNull() ? null : r.path("access_token").asText(null);
        if (accessToken != null && !accessToken.isEmpty()) {
            setToken.accept(accessToken);
        }
        JsonNode u = r == null ? null : r.get("user");
        return new LoginResult(accessToken, u != null && u.isObject() ? new User(Json.toMap(u)) : null);
    }

    @Override
    public Map<String, Object> register(Map<String, ?> params) {
        return call(registerRequest(params));
    }

    @Override
    public Map<String, Object> register(String email, String password) {
        return call(registerRequest(email, password));
    }

    @Override
    public Map<String, Object> verifyOtp(String email, String otpCode) {
        return call(verifyOtpRequest(email, otpCode));
    }

    @Override
    public Map<String, Object> resendOtp(String email) {
        return call(emailRequest("/auth/resend-otp", email));
    }

    @Override
    public Map<String, Object> resetPasswordRequest(String email) {
        return call(emailRequest("/auth/reset-password-request", email));
    }

    @Override
    public Map<String, Object> resetPassword(String resetToken, String newPassword) {
        return call(resetPasswordRequest(resetToken, newPassword));
    }

    @Override
    public Map<String, Object> changePassword(String userId, String currentPassword, String newPassword) {
        return call(changePasswordRequest(userId, currentPassword, newPassword));
    }

    @Override
    public Map<String, Object> inviteUser(String userEmail, String role) {
        return call(inviteRequest(userEmail, role));
    }

    // ---- async variants: the same requests, sent with HttpClient.sendAsync

    @Override
    public CompletableFuture<LoginResult> loginViaEmailPasswordAsync(String email, String password, String turnstileToken) {
        return channel.callAsync(loginRequest(email, password, turnstileToken), this::loggedIn);
    }

    @Override
    public CompletableFuture<User> updateMeAsync(Map<String, ?> data) {
        return channel.callAsync(updateMeRequest(data), DefaultAuthModule::user);
    }

    @Override
    public CompletableFuture<Boolean> isAuthenticatedAsync() {
        return meAsync().handle((user, failure) -> failure == null);
    }

    @Override
    public CompletableFuture<Map<String, Object>> registerAsync(Map<String, ?> params) {
        return callAsync(registerRequest(params));
    }

    @Override
    public CompletableFuture<Map<String, Object>> registerAsync(String email, String password) {
        return callAsync(registerRequest(email, password));
    }

    @Override
    public CompletableFuture<Map<String, Object>> verifyOtpAsync(String email, String otpCode) {
        return callAsync(verifyOtpRequest(email, otpCode));
    }

    @Override
    public CompletableFuture<Map<String, Object>> resendOtpAsync(String email) {
        return callAsync(emailRequest("/auth/resend-otp", email));
    }

    @Override
    public CompletableFuture<Map<String, Object>> resetPasswordRequestAsync(String email) {
        return callAsync(emailRequest("/auth/reset-password-request", email));
    }

    @Override
    public CompletableFuture<Map<String, Object>> resetPasswordAsync(String resetToken, String newPassword) {
        return callAsync(resetPasswordRequest(resetToken, newPassword));
    }

    @Override
    public CompletableFuture<Map<String, Object>> changePasswordAsync(String userId, String currentPassword,
                                                                      String newPassword) {
        return callAsync(changePasswordRequest(userId, currentPassword, newPassword));
    }

    @Override
    public CompletableFuture<Map<String, Object>> inviteUserAsync(String userEmail, String role) {
        return callAsync(inviteRequest(userEmail, role));
    }

    // ---- the requests (arguments are checked here, before anything is sent)

    private ApiRequest registerRequest(Map<String, ?> params) {
        return post("/auth/register", Checks.notNull(params, "params"));
    }

    private ApiRequest registerRequest(String email, String password) {
        return registerRequest(body("email", Checks.text(email, "email"), "password", Checks.notNull(password, "password")));
    }

    private ApiRequest verifyOtpRequest(String email, String otpCode) {
        return post("/auth/verify-otp", body("email", Checks.text(email, "email"),
                "otp_code", Checks.text(otpCode, "otpCode")));
    }

    private ApiRequest emailRequest(String path, String email) {
        return post(path, body("email", Checks.text(email, "email")));
    }

    private ApiRequest resetPasswordRequest(String resetToken, String newPassword) {
        return post("/auth/reset-password", body("reset_token", Checks.text(resetToken, "resetToken"),
                "new_password", Checks.notNull(newPassword, "newPassword")));
    }

    private ApiRequest changePasswordRequest(String userId, String currentPassword, String newPassword) {
        return post("/auth/change-password", body("user_id", Checks.text(userId, "userId"),
                "current_password", Checks.notNull(currentPassword, "currentPassword"),
                "new_password", Checks.notNull(newPassword, "newPassword")));
    }

    private ApiRequest inviteRequest(String userEmail, String role) {
        return post("/users/invite-user", body("user_email", Checks.text(userEmail, "userEmail"),
                "role", Checks.text(role, "role")));
    }

    @Override
    public void setToken(String token) {
        if (token != null && !token.isEmpty()) {
            setToken.accept(token);
        }
    }

    @Override
    public String logout() {
        return logout(null);
    }

    @Override
    public String logout(String redirectUrl) {
        clearToken.run();
        String from = redirectUrl == null || redirectUrl.isEmpty() ? appBaseUrl : absolute(redirectUrl);
        return appBaseUrl + "/api/apps/auth/logout?from_url=" + Encoding.component(from);
    }

    @Override
    public String redirectToLogin(String nextUrl) {
        String redirect = nextUrl == null || nextUrl.isEmpty() ? appBaseUrl : absolute(nextUrl);
        return appBaseUrl + "/login?from_url=" + Encoding.component(redirect);
    }

    @Override
    public String loginWithProvider(String provider) {
        return loginWithProvider(provider, "/");
    }

    @Override
    public String loginWithProvider(String provider, String fromUrl) {
        Checks.text(provider, "provider");
        String redirect = absolute(fromUrl == null || fromUrl.isEmpty() ? "/" : fromUrl);
        String query = "app_id=" + Encoding.component(appId) + "&from_url=" + Encoding.component(redirect);
        String authPath;
        if (provider.equals("sso")) {
            authPath = "/apps/" + Encoding.component(appId) + "/auth/sso/login";
        } else {
            // Google is the default provider: no provider segment.
            authPath = "/apps/auth" + (provider.equals("google") ? "" : "/" + Encoding.component(provider)) + "/login";
        }
        return appBaseUrl + "/api" + authPath + "?" + query;
    }

    // JavaScript resolves relative URLs against window.location.origin; here the app base URL.
    private String absolute(String url) {
        try {
            return URI.create(appBaseUrl + "/").resolve(url).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid URL: " + url, e);
        }
    }

    private ApiRequest post(String path, Object body) {
        return ApiRequest.post(appPath + path).json(body);
    }

    private Map<String, Object> call(ApiRequest request) {
        return Json.toMap(channel.call(request));
    }

    private CompletableFuture<Map<String, Object>> callAsync(ApiRequest request) {
        return channel.callAsync(request, Json::toMap);
    }

    private static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static User user(JsonNode node) {
        Map<String, Object> m = Json.toMap(node);
        return m == null ? null : new User(m);
    }
}
