package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homebase.sdk.auth.AuthModule;
import dev.homebase.sdk.auth.LoginResult;
import dev.homebase.sdk.auth.User;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthModuleTest {
    private RecordingServer server;
    private Base44Client client;
    private AuthModule auth;

    @BeforeEach
    void start() throws IOException {
        server = new RecordingServer();
        client = Base44.createClient(ClientConfig.builder().serverUrl(server.url()).appId("app1")
                .appBaseUrl("https://myapp.example.com").functionsVersion("v3").build());
        auth = client.auth();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void loginSetsTheTokenForUserCallsAndFunctions() {
        server.respondJson("{\"access_token\":\"jwt-1\",\"success\":true,\"user\":{\"id\":\"u1\",\"email\":\"ana@example.com\","
                + "\"full_name\":\"Ana\",\"role\":\"user\",\"team\":\"blue\"}}");
        LoginResult result = auth.loginViaEmailPassword("ana@example.com", "s3cret-pass");
        RecordingServer.Recorded login = server.take();
        assertEquals("POST", login.method());
        assertEquals("/api/apps/app1/auth/login", login.rawPath());
        assertEquals("{\"email\":\"ana@example.com\",\"password\":\"s3cret-pass\"}", login.text());
        assertFalse(login.hasHeader("Authorization"));
        assertEquals("jwt-1", result.accessToken());
        User user = result.user();
        assertEquals("u1", user.id());
        assertEquals("ana@example.com", user.email());
        assertEquals("Ana", user.fullName());
        assertEquals("user", user.role());
        assertEquals("blue", user.get("team"));
        assertEquals(Optional.of("jwt-1"), client.token());
        assertFalse(result.toString().contains("jwt-1"));

        client.entities("Task").count();
        assertEquals("Bearer jwt-1", server.take().header("Authorization"));
        client.functions().invoke("f");
        RecordingServer.Recorded fn = server.take();
        assertEquals("Bearer jwt-1", fn.header("Authorization"));
        assertEquals("v3", fn.header("Base44-Functions-Version"));
    }

    @Test
    void loginWithTurnstileToken() {
        server.respondJson("{\"access_token\":\"t\",\"user\":{}}");
        auth.loginViaEmailPassword("a@b.c", "pw", "captcha");
        assertEquals("{\"email\":\"a@b.c\",\"password\":\"pw\",\"turnstile_token\":\"captcha\"}", server.take().text());
    }

    @Test
    void failedLoginThrowsAndKeepsNoToken() {
        server.respond(400, "{\"detail\":\"Invalid email or password\",\"message\":\"Invalid email or password\"}");
        Base44Exception e = assertThrows(Base44Exception.class, () -> auth.loginViaEmailPassword("a@b.c", "bad"));
        assertEquals(400, e.status());
        assertEquals("Invalid email or password", e.getMessage());
        assertEquals(Optional.empty(), client.token());
    }

    @Test
    void meAndUpdateMe() {
        server.respondJson("{\"id\":\"u1\",\"email\":\"a@b.c\"}");
        assertEquals("u1", auth.me().id());
        RecordingServer.Recorded me = server.take();
        assertEquals("GET", me.method());
        assertEquals("/api/apps/app1/entities/User/me", me.rawPath());

        server.respondJson("{\"id\":\"u1\",\"nickname\":\"an\"}");
        assertEquals("an", auth.updateMe(Map.of("nickname", "an")).get("nickname"));
        RecordingServer.Recorded put = server.take();
        assertEquals("PUT", put.method());
        assertEquals("/api/apps/app1/entities/User/me", put.rawPath());
        assertEquals("{\"nickname\":\"an\"}", put.text());
    }

    @Test
    void isAuthenticatedIsFalseOnAnyError() {
        server.respond(401, "{\"detail\":\"Unauthorized\"}");
        assertFalse(auth.isAuthenticated());
        server.take();
        server.respondJson("{\"id\":\"u\"}");
        assertTrue(auth.isAuthenticated());
    }

    @Test
    void otpPasswordAndInviteBodies() {
        auth.register("n@b.c", "longpassword");
        assertRequest("/api/apps/app1/auth/register", "{\"email\":\"n@b.c\",\"password\":\"longpassword\"}");
        auth.register(Map.of("email", "n@b.c", "referral_code", "R1"));
        assertEquals("R1", server.take().json().path("referral_code").asText());

        server.respondJson("{\"id\":\"u2\",\"access_token\":\"otp-jwt\",\"success\":true}");
        Map<String, Object> verified = auth.verifyOtp("n@b.c", "123456");
        assertRequest("/api/apps/app1/auth/verify-otp", "{\"email\":\"n@b.c\",\"otp_code\":\"123456\"}");
        assertEquals("otp-jwt", verified.get("access_token"));
        assertEquals(Optional.empty(), client.token(), "verifyOtp does not set the token");

        auth.resendOtp("n@b.c");
        assertRequest("/api/apps/app1/auth/resend-otp", "{\"email\":\"n@b.c\"}");
        auth.resetPasswordRequest("n@b.c");
        assertRequest("/api/apps/app1/auth/reset-password-request", "{\"email\":\"n@b.c\"}");
        auth.resetPassword("rt", "newpass123");
        assertRequest("/api/apps/app1/auth/reset-password", "{\"reset_token\":\"rt\",\"new_password\":\"newpass123\"}");
        auth.changePassword("u1", "old", "new");
        assertRequest("/api/apps/app1/auth/change-password",
                "{\"user_id\":\"u1\",\"current_password\":\"old\",\"new_password\":\"new\"}");
        auth.inviteUser("x@b.c", "editor");
        assertRequest("/api/apps/app1/users/invite-user", "{\"user_email\":\"x@b.c\",\"role\":\"editor\"}");
    }

    private void assertRequest(String path, String body) {
        RecordingServer.Recorded r = server.take();
        assertEquals("POST", r.method());
        assertEquals(path, r.rawPath());
        assertEquals(body, r.text());
    }

    @Test
    void setTokenIgnoresEmptyAndLogoutClears() {
        auth.setToken("abc");
        auth.setToken("");
        auth.setToken(null);
        assertEquals(Optional.of("abc"), client.token());
        String url = auth.logout("/bye");
        assertEquals("https://myapp.example.com/api/apps/auth/logout?from_url=https%3A%2F%2Fmyapp.example.com%2Fbye", url);
        assertEquals(Optional.empty(), client.token());
        client.entities("Task").count();
        assertFalse(server.take().hasHeader("Authorization"));
        assertEquals("https://myapp.example.com/api/apps/auth/logout?from_url=https%3A%2F%2Fmyapp.example.com",
                auth.logout());
    }

    @Test
    void navigationMethodsReturnUrls() {
        assertEquals("https://myapp.example.com/login?from_url=https%3A%2F%2Fmyapp.example.com%2Fdashboard%3Fa%3D1",
                auth.redirectToLogin("/dashboard?a=1"));
        assertEquals("https://myapp.example.com/login?from_url=https%3A%2F%2Fother.example%2Fx",
                auth.redirectToLogin("https://other.example/x"));
        assertEquals("https://myapp.example.com/api/apps/auth/login?app_id=app1&from_url=https%3A%2F%2Fmyapp.example.com%2F",
                auth.loginWithProvider("google"));
        assertEquals("https://myapp.example.com/api/apps/auth/microsoft/login?app_id=app1"
                + "&from_url=https%3A%2F%2Fmyapp.example.com%2Fhome", auth.loginWithProvider("microsoft", "/home"));
        assertEquals("https://myapp.example.com/api/apps/app1/auth/sso/login?app_id=app1"
                + "&from_url=https%3A%2F%2Fmyapp.example.com%2F", auth.loginWithProvider("sso"));
        assertThrows(IllegalArgumentException.class, () -> auth.loginWithProvider(" "));
    }

    @Test
    void loginUrlAndTokenFromCallbackHelpers() {
        assertEquals("https://base44.app/login?from_url=https%3A%2F%2Fa.b%2Fx&app_id=app1",
                Base44.loginUrl("https://a.b/x", "https://base44.app", "app1"));
        assertEquals("serverUrl and appId are required to construct login URL",
                assertThrows(IllegalArgumentException.class, () -> Base44.loginUrl("/", "", "a")).getMessage());
        assertEquals(Optional.of("a.b c"), Base44.accessTokenFromUrl("https://x/cb?z=1&access_token=a.b%20c&is_new_user=true"));
        assertEquals(Optional.empty(), Base44.accessTokenFromUrl("https://x/cb?z=1"));
        assertEquals(Optional.empty(), Base44.accessTokenFromUrl(null));
    }

    @Test
    void emptyResponseBodyYieldsNull() {
        server.respond(200, "");
        assertNull(auth.resendOtp("a@b.c"));
    }
}
