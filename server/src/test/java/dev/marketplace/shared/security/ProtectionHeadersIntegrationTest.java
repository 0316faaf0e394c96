package dev.marketplace.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Security headers on every response, and CORS only for the configured origins (never a wildcard): the shared test
 * context allows {@code https://shop.example}.
 */
class ProtectionHeadersIntegrationTest extends ApiIntegrationTest {

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        ApiClient api = new ApiClient(port);
        for (Response response : new Response[] {
            api.get("/api/v2/items?limit=1"), api.get("/api/docs"), api.get("/nope"), api.post("/api/v2/items", "{}")
        }) {
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("X-XSS-Protection")).isEqualTo("0");
            assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(response.header("Strict-Transport-Security")).startsWith("max-age=31536000");
            assertThat(response.header("Content-Security-Policy"))
                    .contains("default-src 'self'", "frame-ancestors 'none'");
        }
    }

    @Test
    void allowedOriginsGetCorsWithExposedHeadersOthersGetNone() {
        ApiClient api = new ApiClient(port);
        Response allowed =
                api.send("GET", "/api/v2/items?limit=1", null, null, Map.of("Origin", "https://shop.example"));
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://shop.example");
        assertThat(allowed.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(allowed.header("Access-Control-Expose-Headers"))
                .contains("ETag", "Location", "X-Request-Id", "RateLimit", "traceresponse", "X-CSRF-Token");

        Response preflight = api.send(
                "OPTIONS",
                "/api/v2/items",
                null,
                null,
                Map.of(
                        "Origin",
                        "https://shop.example",
                        "Access-Control-Request-Method",
                        "POST",
                        "Access-Control-Request-Headers",
                        "authorization,content-type"));
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");

        Response foreign =
                api.send("GET", "/api/v2/items?limit=1", null, null, Map.of("Origin", "https://evil.example"));
        assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();
        Response foreignPreflight = api.send(
                "OPTIONS",
                "/api/v2/items",
                null,
                null,
                Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "POST"));
        assertThat(foreignPreflight.status()).isEqualTo(403);
    }
}
