package dev.marketplace.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * An external identity provider (a second key pair, published by a local JWKS server with OIDC
 * discovery) replaces this service's own tokens through configuration alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExternalIssuerIntegrationTest {

    private static final RSAKey IDP_KEY = generate("external-idp-key");
    private static final HttpServer IDP = startIdp();
    private static final String ISSUER = "http://127.0.0.1:" + IDP.getAddress().getPort();

    @DynamicPropertySource
    static void externalIssuer(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> "marketplace-api");
    }

    @LocalServerPort
    int port;

    @Autowired
    RSAKey ownKey;

    @AfterAll
    static void stopIdp() {
        IDP.stop(0);
    }

    @Test
    void tokensFromTheConfiguredIssuerAreAccepted() throws Exception {
        ApiClient api = new ApiClient(port)
                .withToken(token(IDP_KEY, ISSUER, "marketplace-api", "items:read items:write account"));

        Response created =
                api.post("/api/v2/items", "{\"name\":\"From the IdP\",\"price\":\"3.00\",\"currency\":\"EUR\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(created.body())
                        .get("owner_id")
                        .asString())
                .isEqualTo("idp-user-42");
        // No local account for an external subject: a clear 404 problem, not a 500.
        assertThat(api.get("/api/v2/users/me").status()).isEqualTo(404);
    }

    @Test
    void tokensSignedByAnyoneElseOrForAnotherAudienceAreRejected() throws Exception {
        ApiClient anonymous = new ApiClient(port);
        String ownToken = token(ownKey, "http://localhost:8080", "marketplace-api", "items:write");
        String otherAudience = token(IDP_KEY, ISSUER, "another-api", "items:write");
        String forged = token(generate("external-idp-key"), ISSUER, "marketplace-api", "items:write");
        for (String token : new String[] {ownToken, otherAudience, forged}) {
            Response response = anonymous
                    .withToken(token)
                    .post("/api/v2/items", "{\"name\":\"x\",\"price\":\"1.00\",\"currency\":\"EUR\"}");
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
        }
    }

    private static String token(RSAKey key, String issuer, String audience, String scope) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject("idp-user-42")
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .claim("scope", scope)
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A minimal OIDC provider: discovery document and JWKS on loopback. */
    private static HttpServer startIdp() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            String issuer = "http://127.0.0.1:" + server.getAddress().getPort();
            server.createContext(
                    "/.well-known/openid-configuration",
                    exchange -> respond(
                            exchange,
                            "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer
                                    + "/jwks\",\"subject_types_supported\":[\"public\"],"
                                    + "\"id_token_signing_alg_values_supported\":[\"RS256\"],\"response_types_supported\":[\"code\"]}"));
            server.createContext("/jwks", exchange -> respond(exchange, new JWKSet(IDP_KEY.toPublicJWK()).toString()));
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
