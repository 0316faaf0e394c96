package dev.marketplace.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.TestAccounts;
import dev.marketplace.testsupport.TestAccounts.Session;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** Structured JSON logs: one access line per request with ids and the route template; no secret ever logged. */
@ExtendWith(OutputCaptureExtension.class)
class LoggingIntegrationTest extends ApiIntegrationTest {

    @Test
    void eachRequestLogsOneJsonAccessLineWithRequestIdRouteTemplateAndPrincipal(CapturedOutput output) {
        Session seller = accounts.session("seller");
        String id = json(anonymous
                        .withToken(seller.accessToken())
                        .post("/api/v2/items", "{\"name\":\"Logged\",\"price\":\"1.00\",\"currency\":\"EUR\"}"))
                .get("id")
                .asString();

        Response response = anonymous
                .withToken(seller.accessToken())
                .send("GET", "/api/v2/items/" + id, null, null, Map.of("X-Request-Id", "log-test-4711"));
        assertThat(response.status()).isEqualTo(200);

        JsonNode line = accessLines(output).stream()
                .filter(l -> "log-test-4711".equals(l.path("request_id").asString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no JSON access line with the request id"));
        assertThat(line.get("message").asString())
                .matches("GET /api/v2/items/\\{item_id\\} 200 \\d+ms \\d+B")
                .doesNotContain(id);
        assertThat(line.get("principal").asString()).isEqualTo(seller.id());
        assertThat(line.get("log").get("logger").asString()).isEqualTo("dev.marketplace.access");
    }

    @Test
    void passwordsTokensApiKeysAndCookiesNeverReachTheLogs(CapturedOutput output) {
        Session partner = accounts.session("partner");
        ApiClient asPartner = anonymous.withToken(partner.accessToken());
        String key = json(asPartner.post("/api/v2/api-keys", "{\"name\":\"log\",\"scopes\":[\"items:read\"]}"))
                .get("key")
                .asString();
        anonymous.withApiKey(key).get("/api/v2/items?limit=1");
        anonymous.withApiKey("mk_live_not-a-real-key-but-secret-looking").get("/api/v2/items?limit=1");
        Response session = anonymous.postForm(
                "/api/v2/auth/session", Map.of("username", partner.email(), "password", TestAccounts.PASSWORD));
        anonymous.postForm(
                "/api/v2/auth/token",
                Map.of("grant_type", "password", "username", partner.email(), "password", "wrong-password-99"));
        String cookie = session.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                .flatMap(e -> e.getValue().stream())
                .findFirst()
                .orElseThrow();
        String cookieValue = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));

        assertThat(output.getAll())
                .doesNotContain(
                        TestAccounts.PASSWORD,
                        "wrong-password-99",
                        partner.accessToken(),
                        partner.refreshToken(),
                        key,
                        "mk_live_not-a-real-key-but-secret-looking",
                        cookieValue);
    }

    private static List<JsonNode> accessLines(CapturedOutput output) {
        return output.getAll()
                .lines()
                .filter(l -> l.startsWith("{"))
                .map(l -> {
                    try {
                        return JSON.readTree(l);
                    } catch (RuntimeException e) {
                        throw new AssertionError("log line is not valid JSON: " + l, e);
                    }
                })
                .filter(n -> n.path("log").path("logger").asString("").equals("dev.marketplace.access"))
                .toList();
    }
}
