package dev.marketplace.shared.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.marketplace.MarketplaceApplication;
import dev.marketplace.testsupport.ApiClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two server instances configured with one Redis draw from one limit. Uses the machine's Redis on
 * 127.0.0.1:6379; skipped, visibly, where there is none.
 */
class SharedRateLimitRedisIntegrationTest {

    @Test
    void twoInstancesShareOneLimitThroughRedis() throws Exception {
        assumeTrue(redisReachable(), "No Redis on 127.0.0.1:6379: the shared-limit test is skipped");
        // Both instances sign and verify with the tests' fixed key (config/application.yaml), as two instances of one
        // deployment share theirs.
        String[] args = {
            "--server.port=0",
            "--marketplace.rate-limit.redis-url=redis://127.0.0.1:6379",
            "--marketplace.rate-limit.authenticated.requests=5",
            "--spring.main.banner-mode=off"
        };
        try (ConfigurableApplicationContext a = new SpringApplicationBuilder(MarketplaceApplication.class).run(args);
                ConfigurableApplicationContext b =
                        new SpringApplicationBuilder(MarketplaceApplication.class).run(args)) {
            // A subject no earlier run used, so the shared bucket starts full.
            String token = token(a.getBean(RSAKey.class), "rate-" + UUID.randomUUID());
            ApiClient first = new ApiClient(port(a)).withToken(token);
            ApiClient second = new ApiClient(port(b)).withToken(token);

            for (int i = 0; i < 3; i++) {
                assertThat(first.get("/api/v2/items?limit=1").status()).isEqualTo(200);
            }
            assertThat(second.get("/api/v2/items?limit=1").status()).isEqualTo(200);
            assertThat(second.get("/api/v2/items?limit=1").status()).isEqualTo(200);

            assertThat(first.get("/api/v2/items?limit=1").status()).isEqualTo(429);
            assertThat(second.get("/api/v2/items?limit=1").status()).isEqualTo(429);
        }
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static String token(RSAKey key, String subject) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("http://localhost:8080")
                .audience("marketplace-api")
                .subject(subject)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .claim("scope", "items:read")
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

    private static boolean redisReachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
