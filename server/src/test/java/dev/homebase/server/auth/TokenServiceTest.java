package dev.homebase.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.homebase.server.store.Database;
import dev.homebase.server.store.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Token checks that need a hand-made token signed with the app's real key. */
class TokenServiceTest {
    private final Database db = Database.open(TestDatabases.freshUrl(TestDatabases.Kind.SQLITE));
    private final TestClock clock = new TestClock();
    private final AppKeys keys = new AppKeys(db, clock);
    private final TokenService tokens = new TokenService(keys, clock, Duration.ofDays(30));

    @AfterEach
    void close() {
        db.close();
    }

    private UserRecord user() {
        return new UserRecord("app1", "u1", "a@b.co", "a", "user", null, true, null, null, 3, "t", "t");
    }

    private String signed(JWTClaimsSet claims) throws Exception {
        return signed(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
    }

    private String signed(JWSHeader header, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new MACSigner(keys.signingKey("app1")));
        return jwt.serialize();
    }

    private JWTClaimsSet.Builder valid() {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder().subject("a@b.co").claim("user_id", "u1").claim("app_id", "app1")
                .claim("role", "user").claim("ver", 3).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)));
    }

    /** A remembered verification lasts until the token expires, and is kept per app; refusals are not remembered. */
    @Test
    void rememberedTokensStillExpireAndStayPerApp() throws Exception {
        String token = signed(valid().build()); // expires in 60 s
        TokenService.Verified first = tokens.verify("app1", token);
        assertEquals(first, tokens.verify("app1", token), "remembered");
        assertThrows(AuthException.class, () -> tokens.verify("app2", token), "not for another app");
        clock.advance(Duration.ofSeconds(59));
        assertEquals(first, tokens.verify("app1", token));
        clock.advance(Duration.ofSeconds(1));
        assertThrows(AuthException.class, () -> tokens.verify("app1", token), "expired, though remembered");
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
        assertThrows(AuthException.class, () -> tokens.verify("app1", forged));
        assertThrows(AuthException.class, () -> tokens.verify("app1", forged), "a refusal is not remembered as valid");
    }

    @Test
    void issuedTokensVerify() {
        TokenService.Verified v = tokens.verify("app1", tokens.issueUser(user()));
        assertEquals(new TokenService.Verified.UserToken("a@b.co", "u1", "user", 3), v);
        TokenService.Verified s = tokens.verify("app1", tokens.issueService("app1", "dev", null, Duration.ofMinutes(5)));
        assertEquals(new TokenService.Verified.ServiceToken("dev", null), s);
    }

    @Test
    void theKeyIsKeptInTheStore() {
        String token = tokens.issueUser(user());
        TokenService fresh = new TokenService(new AppKeys(db, clock), clock, Duration.ofDays(1));
        assertInstanceOf(TokenService.Verified.UserToken.class, fresh.verify("app1", token));
    }

    @Test
    void handMadeTokenWithTheRightKeyVerifies() throws Exception {
        assertInstanceOf(TokenService.Verified.UserToken.class, tokens.verify("app1", signed(valid().build())));
    }

    @Test
    void refusesMissingOrBadClaims() throws Exception {
        Instant now = clock.instant();
        for (JWTClaimsSet bad : new JWTClaimsSet[] {
                valid().expirationTime(null).build(),
                valid().issueTime(null).build(),
                valid().issueTime(Date.from(now.plusSeconds(3600))).build(),
                valid().expirationTime(Date.from(now.minusSeconds(1))).build(),
                valid().claim("app_id", "other").build(),
                valid().claim("app_id", null).build(),
                valid().claim("ver", null).build(),
                valid().claim("user_id", null).build(),
                valid().claim("kind", "service").build(), // service kind needs sub "service"
        }) {
            String token = signed(bad);
            assertThrows(AuthException.class, () -> tokens.verify("app1", token), bad.toString());
        }
    }

    @Test
    void refusesCriticalHeaders() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).criticalParams(Set.of("exp")).build();
        String token = signed(header, valid().build());
        assertThrows(AuthException.class, () -> tokens.verify("app1", token));
    }

    @Test
    void expiresWithTheClock() {
        String token = tokens.issueUser(user());
        clock.advance(Duration.ofDays(30));
        AuthException e = assertThrows(AuthException.class, () -> tokens.verify("app1", token));
        assertEquals(AuthException.Kind.UNAUTHORIZED, e.kind());
    }
}
