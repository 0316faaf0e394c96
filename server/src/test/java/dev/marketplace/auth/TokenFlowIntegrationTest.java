package dev.marketplace.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.TestAccounts;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OAuth 2.0 token endpoint over real HTTP: grants, rotation, reuse detection, and verifiable JWTs. */
class TokenFlowIntegrationTest extends ApiIntegrationTest {

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = anonymous;
    }

    @Test
    void passwordGrantIssuesAnRs256JwtVerifiableWithThePublishedKeys() throws Exception {
        TestAccounts.Session seller = accounts.session("seller");

        JWKSet keys = JWKSet.parse(api.get("/.well-known/jwks.json").body());
        SignedJWT jwt = SignedJWT.parse(seller.accessToken());
        RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());

        assertThat(key).as("kid resolves in the JWKS").isNotNull();
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(seller.id());
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("http://localhost:8080");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("marketplace-api");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("scope"))
                .isEqualTo("account items:read items:write orders:read orders:write");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isAfter(new java.util.Date());
        assertThat(keys.getKeys()).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
    }

    @Test
    void tokenResponsesAreNotCachedAndAuthenticateTheCaller() {
        TestAccounts.Session buyer = accounts.session("buyer");
        Response response = api.postForm(
                "/api/v2/auth/token",
                Map.of("grant_type", "password", "username", buyer.email(), "password", TestAccounts.PASSWORD));
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        JsonNode me = JSON.readTree(
                api.withToken(buyer.accessToken()).get("/api/v2/users/me").body());
        assertThat(me.get("email").asString()).isEqualTo(buyer.email());
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        TestAccounts.Session buyer = accounts.session("buyer");
        Response wrong = api.postForm(
                "/api/v2/auth/token",
                Map.of("grant_type", "password", "username", buyer.email(), "password", "nope-nope-nope"));
        Response unknown = api.postForm(
                "/api/v2/auth/token",
                Map.of("grant_type", "password", "username", "nobody@example.com", "password", "nope-nope-nope"));

        assertThat(wrong.status()).isEqualTo(400);
        assertThat(JSON.readTree(wrong.body()).get("code").asString()).isEqualTo("invalid_grant");
        assertThat(JSON.readTree(unknown.body()).get("detail"))
                .isEqualTo(JSON.readTree(wrong.body()).get("detail"));
    }

    @Test
    void refreshTokensRotateAndAReusedOneRevokesItsFamily() {
        TestAccounts.Session seller = accounts.session("seller");

        JsonNode first = refresh(seller.refreshToken(), 200);
        String second = first.get("refresh_token").asString();
        assertThat(second).startsWith("rt_").isNotEqualTo(seller.refreshToken());

        JsonNode reuse = refresh(seller.refreshToken(), 400);
        assertThat(reuse.get("code").asString()).isEqualTo("invalid_grant");
        assertThat(reuse.get("detail").asString()).contains("already used");

        // The newer token of the same family was revoked by the reuse.
        assertThat(refresh(second, 400).get("code").asString()).isEqualTo("invalid_grant");
        // A fresh sign-in starts a new family and works.
        assertThat(accounts.token(seller.email(), TestAccounts.PASSWORD)
                        .get("access_token")
                        .asString())
                .isNotBlank();
    }

    @Test
    void scopesCanBeNarrowedButNotWidened() {
        TestAccounts.Session buyer = accounts.session("buyer");
        Response narrowed = api.postForm(
                "/api/v2/auth/token",
                Map.of(
                        "grant_type",
                        "password",
                        "username",
                        buyer.email(),
                        "password",
                        TestAccounts.PASSWORD,
                        "scope",
                        "items:read"));
        assertThat(JSON.readTree(narrowed.body()).get("scope").asString()).isEqualTo("items:read");

        Response widened = api.postForm(
                "/api/v2/auth/token",
                Map.of(
                        "grant_type",
                        "password",
                        "username",
                        buyer.email(),
                        "password",
                        TestAccounts.PASSWORD,
                        "scope",
                        "items:write"));
        assertThat(widened.status()).isEqualTo(400);
        assertThat(JSON.readTree(widened.body()).get("code").asString()).isEqualTo("invalid_scope");
    }

    @Test
    void unsupportedAndIncompleteGrantsAreProblems() {
        Response unsupported = api.postForm("/api/v2/auth/token", Map.of("grant_type", "client_credentials"));
        assertThat(JSON.readTree(unsupported.body()).get("code").asString()).isEqualTo("unsupported_grant_type");
        Response incomplete = api.postForm("/api/v2/auth/token", Map.of("grant_type", "password"));
        assertThat(JSON.readTree(incomplete.body()).get("code").asString()).isEqualTo("invalid_request");
        Response json = api.post("/api/v2/auth/token", "{\"grant_type\":\"password\"}");
        assertThat(json.status()).isEqualTo(415);
    }

    @Test
    void issuerMetadataPointsAtTheTokenEndpointAndKeys() {
        JsonNode metadata =
                JSON.readTree(api.get("/.well-known/oauth-authorization-server").body());
        assertThat(metadata.get("issuer").asString()).isEqualTo("http://localhost:8080");
        assertThat(metadata.get("jwks_uri").asString()).isEqualTo("http://localhost:8080/.well-known/jwks.json");
        assertThat(metadata.get("token_endpoint").asString()).endsWith("/api/v2/auth/token");
    }

    private JsonNode refresh(String refreshToken, int expectedStatus) {
        Response response = api.postForm(
                "/api/v2/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
        assertThat(response.status()).as(response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }
}
