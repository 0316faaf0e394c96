package dev.marketplace.shared.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.auth.TokenService;
import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.user.UserService;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Tight limits, in memory: each policy rejects past its quota with a 429 problem and the RateLimit headers. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "marketplace.rate-limit.auth.requests=3",
            "marketplace.rate-limit.anonymous.requests=5",
            "marketplace.rate-limit.authenticated.requests=4",
            // Hour-long windows: buckets refill gradually, and on a loaded machine a minute's window refilled a token
            // between two requests of one test (4/min = one every 15 s).
            "marketplace.rate-limit.auth.window=1h",
            "marketplace.rate-limit.anonymous.window=1h",
            "marketplace.rate-limit.authenticated.window=1h"
        })
class RateLimitIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    UserService users;

    @Autowired
    TokenService tokens;

    @Test
    void signInIsLimitedPerClientIpAndAnswers429WithRetryAfter() {
        ApiClient api = new ApiClient(port);
        Map<String, String> wrongPassword =
                Map.of("grant_type", "password", "username", "nobody@example.com", "password", "guess-guess-guess");
        for (int i = 0; i < 3; i++) {
            Response attempt = api.postForm("/api/v2/auth/token", wrongPassword);
            assertThat(attempt.status()).isEqualTo(400);
            assertThat(attempt.header("RateLimit-Policy")).isEqualTo("\"auth\";q=3;w=3600");
            assertThat(attempt.header("RateLimit")).startsWith("\"auth\";r=" + (2 - i) + ";t=");
        }

        Response limited = api.postForm("/api/v2/auth/token", wrongPassword);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
        assertThat(limited.body()).contains("\"code\":\"rate_limited\"");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 1200);
        assertThat(limited.header("RateLimit")).startsWith("\"auth\";r=0;t=");
        // Sign-up shares the strict bucket.
        assertThat(api.post(
                                "/api/v2/users",
                                "{\"email\":\"a@example.com\",\"password\":\"long-enough-pw\",\"display_name\":\"A\"}")
                        .status())
                .isEqualTo(429);
    }

    @Test
    void anonymousCallersAreLimitedPerIpAndActuatorIsNot() {
        ApiClient api = new ApiClient(port);
        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/api/v2/items?limit=1").status()).isEqualTo(200);
        }
        Response limited = api.get("/api/v2/items?limit=1");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("RateLimit-Policy")).isEqualTo("\"anonymous\";q=5;w=3600");
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    @Test
    void eachSignedInCallerHasItsOwnBucket() {
        ApiClient first = new ApiClient(port).withToken(tokenFor("first"));
        ApiClient second = new ApiClient(port).withToken(tokenFor("second"));
        for (int i = 0; i < 4; i++) {
            assertThat(first.get("/api/v2/users/me").status()).isEqualTo(200);
        }
        assertThat(first.get("/api/v2/users/me").status()).isEqualTo(429);
        Response other = second.get("/api/v2/users/me");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("RateLimit")).startsWith("\"user\";r=3;t=");
    }

    /** Tokens straight from the token service: the HTTP sign-in bucket is only 3 here. */
    private String tokenFor(String name) {
        String email = name + "-" + UUID.randomUUID() + "@example.com";
        users.createAccount(email, "long-enough-pw", name, "buyer");
        return tokens.passwordGrant(email, "long-enough-pw", null).getAccessToken();
    }
}
