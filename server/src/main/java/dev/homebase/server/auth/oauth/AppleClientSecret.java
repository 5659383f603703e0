package dev.homebase.server.auth.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;

/**
 * Sign in with Apple's client secret: not a fixed string but an ES256 JWT signed with the
 * {@code .p8} private key Apple issues for the Services ID, with {@code iss} = team id,
 * {@code sub} = client (Services) id, {@code aud} = Apple's issuer and a short life. Minted anew
 * for each code exchange (they are cheap; nothing to cache or rotate). Stateless.
 */
final class AppleClientSecret {
    /** How long a minted secret is valid (Apple allows up to six months; one exchange needs seconds). */
    static final Duration TTL = Duration.ofMinutes(5);

    private AppleClientSecret() {}

    /**
     * A client secret for one token request.
     *
     * @param p8 the private key: the {@code .p8} file's PEM text, or its base64 body alone
     * @throws OAuthFailure 503 when the stored key is not an EC P-256 private key
     */
    static String mint(String p8, String teamId, String keyId, String clientId, String audience, Clock clock) {
        ECPrivateKey key = privateKey(p8);
        Date now = new Date(clock.millis());
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(teamId).subject(clientId).audience(audience)
                .issueTime(now).expirationTime(new Date(clock.millis() + TTL.toMillis())).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keyId).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw notAKey();
        }
        return jwt.serialize();
    }

    /** The EC private key of a {@code .p8} (PKCS #8) text. */
    static ECPrivateKey privateKey(String p8) {
        String body = p8.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s+", "");
        try {
            var key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
            if (key instanceof ECPrivateKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256) return ec;
            throw notAKey();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw notAKey();
        }
    }

    private static OAuthFailure notAKey() {
        // NB: the message names no part of the key; the operator learns what to fix from the log line of SocialLogin.
        return new OAuthFailure(503, "Sign-in with Apple is not set up correctly for this app (its private key cannot be used).");
    }
}
