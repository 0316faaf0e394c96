package dev.marketplace.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The causes of the 500s issue 12 found, one by one: a blank path id, undecodable form bodies and query strings,
 * and an Accept-Language longer than the container parses. Each is a clear problem now (or, for the language
 * list, simply ignored).
 */
class MalformedInputIntegrationTest extends ApiIntegrationTest {

    @Test
    void aBlankPathIdIsAValidationErrorNamingTheParameter() {
        ApiClient admin = anonymous.withToken(accounts.session("admin").accessToken());
        for (String[] call : List.of(
                new String[] {"GET", "/api/v2/items/%20", "item_id"},
                new String[] {"GET", "/api/v2/items/%20%20%20", "item_id"},
                new String[] {"PATCH", "/api/v2/items/%20", "item_id"},
                new String[] {"DELETE", "/api/v2/items/%20", "item_id"},
                new String[] {"GET", "/api/v2/items/%20/images", "item_id"},
                new String[] {"GET", "/api/v2/users/%20", "user_id"},
                new String[] {"GET", "/api/v2/orders/%20", "order_id"},
                new String[] {"GET", "/api/v1/items/%20", "item_id"},
                new String[] {"DELETE", "/api/v2/api-keys/%20", "api_key_id"},
                new String[] {"GET", "/api/v2/webhook-endpoints/%20", "webhook_endpoint_id"})) {
            boolean patch = call[0].equals("PATCH");
            Response response = admin.send(
                    call[0],
                    call[1],
                    patch ? "application/merge-patch+json" : null,
                    patch ? "{\"name\":\"x\"}" : null,
                    Map.of());
            assertValidationError(response, call[2], "type");
        }
    }

    @Test
    void anUndecodableFormBodyIsA400NamingTheForm() {
        for (String path : List.of("/api/v2/auth/token", "/api/v2/auth/session", "/api/v2/contact")) {
            for (String form : List.of("a=%zz", "====", "grant_type=password&username=%")) {
                Response response = anonymous.send("POST", path, "application/x-www-form-urlencoded", form, Map.of());
                JsonNode problem = problem(response, 400, "malformed_request");
                assertThat(problem.get("detail").asString())
                        .as(path + " " + form)
                        .contains("form body");
            }
        }
    }

    @Test
    void anUndecodableQueryStringIsA400NamingTheQuery() {
        // java.net.URI refuses to send a broken %-escape in a URL, so the query cases here are the ones it lets
        // through.
        for (String query : List.of("====", "limit=1&====")) {
            JsonNode problem = problem(anonymous.get("/api/v2/items?" + query), 400, "malformed_request");
            assertThat(problem.get("detail").asString()).as(query).contains("query string");
        }
        problem(anonymous.withToken(seller().accessToken()).get("/api/v2/users/me?===="), 400, "malformed_request");
    }

    @Test
    void anAcceptLanguageLongerThanTheContainerParsesIsIgnored() {
        String languages = "de;q=0.9, " + "x;q=0.1, ".repeat(30) + "fr;q=0.2";
        Response response =
                anonymous.send("GET", "/api/v2/items?limit=1", null, null, Map.of("Accept-Language", languages));
        assertThat(response.status()).isEqualTo(200);
        Response error = anonymous.send("GET", "/api/v2/items/nope", null, null, Map.of("Accept-Language", languages));
        problem(error, 400, "validation_error");
        assertThat(error.header("Content-Language")).isEqualTo("en");
    }
}
