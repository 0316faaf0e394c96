package dev.marketplace.contracts;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mints the long-lived access tokens that are written as literals into the contracts, signed with the test-only
 * key {@code src/test/resources/contract-signing-key.pem} that {@link ContractTestBase} configures as the server's
 * {@code marketplace.auth.signing-key}. They look exactly like the server's own tokens (RS256, header {@code kid},
 * claims {@code iss aud sub scope role iat nbf exp}) but expire on 2100-01-01.
 *
 * <p>RS256 signatures are deterministic, so minting again with the same key and claims yields the same strings.
 * Re-mint (after changing the key, a fixture user, the issuer or the audience) with
 * {@code ./mvnw -B -o -pl contracts test -Dtest=ContractTokensTest -Dsurefire.failIfNoSpecifiedTests=false} — it prints the tokens — and replace the
 * literals in the YAML contracts; {@link ContractTokensTest} fails while any literal is not a valid token.
 */
public final class ContractTokens {

    static final String KEY_RESOURCE = "contract-signing-key.pem";
    static final String KEY_ID = "marketplace-1";
    static final String ISSUER = "http://localhost:8080";
    static final String AUDIENCE = "marketplace-api";
    static final Instant ISSUED_AT = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant EXPIRES_AT = Instant.parse("2100-01-01T00:00:00Z");

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN PRIVATE KEY-----[A-Za-z0-9+/=\\s]+-----END PRIVATE KEY-----");

    private ContractTokens() {}

    public static void main(String[] args) {
        for (UserFixtures.User user : UserFixtures.USERS) {
            System.out.println(
                    user.email() + " (" + user.role() + ", sub " + user.id() + ", scope \"" + user.scope() + "\"):");
            System.out.println("  Bearer " + mint(user));
        }
    }

    /** An access token for a fixture user with the scopes of its role. */
    static String mint(UserFixtures.User user) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(user.id())
                .issueTime(Date.from(ISSUED_AT))
                .notBeforeTime(Date.from(ISSUED_AT))
                .expirationTime(Date.from(EXPIRES_AT))
                .claim("scope", user.scope())
                .claim("role", user.role())
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(KEY_ID)
                .type(JOSEObjectType.JWT)
                .build();
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(privateKey()));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PEM block of the test key (the file also holds an explanatory header, which the server would not accept). */
    static String signingKeyPem() {
        try (InputStream in = ContractTokens.class.getClassLoader().getResourceAsStream(KEY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(KEY_RESOURCE + " is not on the test classpath");
            }
            Matcher m = PEM.matcher(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            if (!m.find()) {
                throw new IllegalStateException(
                        KEY_RESOURCE + " holds no PKCS#8 PEM block (-----BEGIN PRIVATE KEY-----)");
            }
            return m.group();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RSAPrivateCrtKey privateKey() {
        String base64 = signingKeyPem()
                .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(KEY_RESOURCE + " is not an RSA private key", e);
        }
    }

    static RSAPublicKey publicKey() {
        RSAPrivateCrtKey key = privateKey();
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
