package dev.marketplace.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every error the HTTP layer can produce is a problem+json with the request id; never a 5xx or a stack trace. */
class HttpErrorsIntegrationTest extends ApiIntegrationTest {

    /** Signed in as a seller, so write requests reach the checks under test. */
    ApiClient api;

    @BeforeEach
    void signIn() {
        api = anonymous.withToken(seller().accessToken());
    }

    @Test
    void unknownPathIsA404Problem() {
        problem(api.get("/api/v2/nothing-here"), 404, "not_found");
        problem(api.get("/definitely/not/here.html"), 404, "not_found");
    }

    @Test
    void wrongMethodIsA405ProblemWithAllow() {
        Response response = api.send("PUT", "/api/v2/items", "application/json", "{}", Map.of());
        problem(response, 405, "method_not_allowed");
        assertThat(response.header("Allow")).contains("GET").contains("POST");
    }

    @Test
    void unsupportedContentTypeIsA415Problem() {
        problem(api.send("POST", "/api/v2/items", "text/plain", "name=lamp", Map.of()), 415, "unsupported_media_type");
        problem(api.send("POST", "/api/v2/items", null, "{}", Map.of()), 415, "unsupported_media_type");
    }

    @Test
    void unacceptableAcceptIsA406Problem() {
        Response response = api.send("GET", "/api/v2/items", null, null, Map.of("Accept", "application/xml"));
        problem(response, 406, "not_acceptable");
    }

    @Test
    void malformedJsonIsA400Problem() {
        problem(api.post("/api/v2/items", "{\"name\": \"lamp\","), 400, "malformed_request");
        problem(api.post("/api/v2/items", ""), 400, "malformed_request");
        problem(api.post("/api/v2/items", "[1,2]"), 400, "validation_error");
    }

    @Test
    void oversizedBodyIsA413ProblemWhetherDeclaredOrChunked() {
        String big = "{\"name\":\"" + "x".repeat(70_000) + "\",\"price\":\"1.00\",\"currency\":\"EUR\"}";
        problem(api.post("/api/v2/items", big), 413, "payload_too_large");

        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/items"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + seller().accessToken())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .build();
        problem(api.sendRaw("POST", "/api/v2/items", chunked), 413, "payload_too_large");
    }

    @Test
    void validRequestIdIsEchoedAndAnInvalidOneReplaced() {
        Response echoed = api.send("GET", "/api/v2/items?limit=1", null, null, Map.of("X-Request-Id", "trace-abc.123"));
        assertThat(echoed.header("X-Request-Id")).isEqualTo("trace-abc.123");

        Response replaced = api.send("GET", "/api/v2/nope", null, null, Map.of("X-Request-Id", "bad id with spaces"));
        assertThat(replaced.header("X-Request-Id")).matches("[0-9a-f-]{36}");
        assertThat(JSON.readTree(replaced.body()).get("request_id").asString())
                .isEqualTo(replaced.header("X-Request-Id"));
    }

    @Test
    void theSourceSpecAndOfflineDocsAreServed() throws Exception {
        Response spec = api.get("/api/openapi.yaml");
        assertThat(spec.status()).isEqualTo(200);
        assertThat(spec.header("Content-Type")).startsWith("application/yaml");
        try (var in = getClass().getClassLoader().getResourceAsStream("openapi/openapi.yaml")) {
            assertThat(spec.body()).isEqualTo(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        Response events = api.get("/api/asyncapi.yaml");
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.header("Content-Type")).startsWith("application/yaml");
        assertThat(events.body())
                .startsWith("asyncapi: 3.0.0")
                .contains("/ws/events", "./openapi.yaml#/components/schemas/OrderPlacedEvent");
        Response swagger = api.get("/api/docs");
        assertThat(swagger.status()).isEqualTo(200);
        assertThat(swagger.body()).contains("swagger-ui-bundle.js");
        assertThat(api.get("/webjars/swagger-ui/swagger-ui-bundle.js").status()).isEqualTo(200);
        assertThat(api.get("/api-docs/swagger-init.js").body()).contains("/api/openapi.yaml");
        Response redoc = api.get("/api/redoc");
        assertThat(redoc.status()).isEqualTo(200);
        assertThat(api.get("/webjars/redoc/bundles/redoc.standalone.js").status())
                .isEqualTo(200);
    }

    @Test
    void healthHasLivenessAndReadinessGroups() {
        assertThat(api.get("/actuator/health").body()).contains("\"UP\"");
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
    }
}
