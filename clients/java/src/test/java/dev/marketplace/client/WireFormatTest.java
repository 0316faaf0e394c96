package dev.marketplace.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.marketplace.client.model.ItemCreate;
import dev.marketplace.client.model.ItemPatch;
import dev.marketplace.client.model.ItemStatus;
import dev.marketplace.client.model.Problem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openapitools.jackson.nullable.JsonNullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the client actually puts on the wire, captured by a throwaway JDK HTTP server: merge-patch
 * content type and absent / value / null semantics, accepted media types, and problem parsing.
 */
class WireFormatTest {

    private static final String ITEM_JSON = """
            {"id":"0b7d2a52-5c3e-4f55-9a53-6b1f0f0d7c11","name":"Brass desk lamp","description":null,
             "price":"39.50","currency":"EUR","status":"active","created_at":"2026-01-15T09:30:00.123456Z",
             "updated_at":"2026-01-16T10:00:00.5Z","version":4,"some_future_property":{"x":1}}""";

    record Captured(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(",", e.getValue())).findFirst().orElse(null);
        }
    }

    private final JsonMapper json = JsonMapper.builder().build();
    private final List<Captured> captured = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String contentType = "application/json";
    private volatile String responseBody = ITEM_JSON;
    private HttpServer server;
    private MarketplaceClient client;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            captured.add(new Captured(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] bytes = responseBody.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.getResponseHeaders().add("X-Request-Id", "req-123");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        client = MarketplaceClient.create("http://localhost:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void patchIsSentAsMergePatchJsonWithOnlyTheSetProperties() {
        client.items().updateItem(UUID.fromString("0b7d2a52-5c3e-4f55-9a53-6b1f0f0d7c11"),
                new ItemPatch().price("39.50"));

        Captured request = captured.getFirst();
        assertThat(request.method()).isEqualTo("PATCH");
        assertThat(request.path()).isEqualTo("/api/v2/items/0b7d2a52-5c3e-4f55-9a53-6b1f0f0d7c11");
        assertThat(request.header("Content-Type")).startsWith("application/merge-patch+json");
        assertThat(json.readTree(request.body())).isEqualTo(json.readTree("{\"price\":\"39.50\"}"));
    }

    @Test
    void explicitNullDescriptionIsSentAsJsonNullToClearIt() {
        client.items().updateItem(UUID.randomUUID(), new ItemPatch().description(null));

        JsonNode body = json.readTree(captured.getFirst().body());
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.has("description")).isTrue();
        assertThat(body.get("description").isNull()).isTrue();
    }

    @Test
    void undefinedJsonNullableIsOmittedAndValuesAreSent() {
        ItemPatch patch = new ItemPatch().name("Lamp").status(ItemStatus.ARCHIVED);
        patch.setDescription_JsonNullable(JsonNullable.undefined());
        client.items().updateItem(UUID.randomUUID(), patch);

        assertThat(json.readTree(captured.getFirst().body()))
                .isEqualTo(json.readTree("{\"name\":\"Lamp\",\"status\":\"archived\"}"));
    }

    @Test
    void createSendsJsonWithoutUnsetOptionalProperties() {
        contentType = "application/json";
        status = 201;
        client.items().createItemWithHttpInfo(new ItemCreate().name("Lamp").price("49.90").currency("EUR"));

        Captured request = captured.getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(json.readTree(request.body()))
                .isEqualTo(json.readTree("{\"name\":\"Lamp\",\"price\":\"49.90\",\"currency\":\"EUR\"}"));
    }

    @Test
    void requestsAcceptBothJsonAndProblemJson() {
        client.items().getItem(UUID.randomUUID());

        assertThat(captured.getFirst().header("Accept"))
                .contains("application/json").contains("application/problem+json");
    }

    @Test
    void deleteAlsoAcceptsJsonAndProblemJson() {
        status = 204;
        responseBody = "";
        client.items().deleteItem(UUID.randomUUID());

        assertThat(captured.getFirst().method()).isEqualTo("DELETE");
        assertThat(captured.getFirst().header("Accept"))
                .contains("application/json").contains("application/problem+json");
    }

    @Test
    void nullValuesInARawMapBodyAreKept() {
        java.util.Map<String, Object> rawPatch = new java.util.HashMap<>();
        rawPatch.put("price", null);

        assertThat(client.jsonMapper().writeValueAsString(rawPatch)).isEqualTo("{\"price\":null}");
    }

    @Test
    void everyRequestCarriesARequestIdFromTheConfiguredSupplier() {
        MarketplaceClient withIds = MarketplaceClient.builder("http://localhost:" + server.getAddress().getPort())
                .requestIds(() -> "partner-req-0042").build();

        withIds.items().getItem(UUID.randomUUID());
        client.items().getItem(UUID.randomUUID());

        assertThat(captured.get(0).header("X-Request-Id")).isEqualTo("partner-req-0042");
        assertThat(captured.get(1).header("X-Request-Id")).matches("[0-9a-f-]{36}");
    }

    @Test
    void responsesWithUnknownPropertiesAndEnumValuesAreTolerated() {
        responseBody = ITEM_JSON.replace("\"active\"", "\"reserved\"");

        var item = client.items().getItem(UUID.randomUUID());

        assertThat(item.getName()).isEqualTo("Brass desk lamp");
        assertThat(item.getStatus()).isEqualTo(ItemStatus.UNKNOWN_DEFAULT_OPEN_API);
        assertThat(item.getDescription()).isNull();
        assertThat(item.getVersion()).isEqualTo(4L);
    }

    @Test
    void errorResponseIsThrownAsProblemExceptionWithParsedProblem() {
        status = 404;
        contentType = "application/problem+json";
        responseBody = """
                {"type":"https://api.marketplace.example/problems/not-found","title":"The resource was not found.",
                 "status":404,"detail":"No item with id x.","instance":"/api/v2/items/x","code":"item_not_found",
                 "request_id":"req-123"}""";

        assertThatThrownBy(() -> client.items().getItem(UUID.randomUUID()))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(404);
                    assertThat(e.getCode()).contains("item_not_found");
                    assertThat(e.getRequestId()).contains("req-123");
                    assertThat(e.getProblem()).get().extracting(Problem::getTitle)
                            .isEqualTo("The resource was not found.");
                    assertThat(e.getMessage()).contains("404").contains("item_not_found");
                });
    }

    @Test
    void nonProblemErrorBodyStillGivesAProblemExceptionWithoutProblem() {
        status = 502;
        contentType = "text/html";
        responseBody = "<html>Bad gateway</html>";

        assertThatThrownBy(() -> client.items().getItem(UUID.randomUUID()))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(502);
                    assertThat(e.getProblem()).isEmpty();
                    assertThat(e.getRequestId()).contains("req-123");
                    assertThat(e.getResponseBodyAsString()).contains("Bad gateway");
                });
    }
}
