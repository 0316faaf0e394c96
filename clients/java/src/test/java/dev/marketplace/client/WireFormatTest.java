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
import java.util.function.Function;
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
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(",", e.getValue()))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** A scripted answer. */
    record Reply(int status, String contentType, String body) {}

    private static final String UNAUTHORIZED = """
            {"type":"https://api.marketplace.example/problems/unauthorized","title":"Authentication is required.",
             "status":401,"code":"unauthorized","request_id":"req-123"}""";

    private static String tokens(String access, String refresh) {
        return """
                {"access_token":"%s","token_type":"Bearer","expires_in":900,"refresh_token":"%s",
                 "scope":"items:read items:write account"}""".formatted(access, refresh);
    }

    private final JsonMapper json = JsonMapper.builder().build();
    private final List<Captured> captured = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String contentType = "application/json";
    private volatile String responseBody = ITEM_JSON;
    /** When set, answers each request instead of status / contentType / responseBody. */
    private volatile Function<Captured, Reply> script;

    private HttpServer server;
    private final java.util.concurrent.ExecutorService handlers = java.util.concurrent.Executors.newFixedThreadPool(8);
    private MarketplaceClient client;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Captured request = new Captured(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            captured.add(request);
            Function<Captured, Reply> answer = script;
            Reply reply = answer != null ? answer.apply(request) : new Reply(status, contentType, responseBody);
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", reply.contentType());
            exchange.getResponseHeaders().add("X-Request-Id", "req-123");
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.setExecutor(handlers);
        server.start();
        client = MarketplaceClient.create(
                "http://localhost:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void patchIsSentAsMergePatchJsonWithOnlyTheSetProperties() {
        client.items()
                .updateItem(
                        UUID.fromString("0b7d2a52-5c3e-4f55-9a53-6b1f0f0d7c11"), new ItemPatch().price("39.50"), null);

        Captured request = captured.getFirst();
        assertThat(request.method()).isEqualTo("PATCH");
        assertThat(request.path()).isEqualTo("/api/v2/items/0b7d2a52-5c3e-4f55-9a53-6b1f0f0d7c11");
        assertThat(request.header("Content-Type")).startsWith("application/merge-patch+json");
        assertThat(json.readTree(request.body())).isEqualTo(json.readTree("{\"price\":\"39.50\"}"));
    }

    @Test
    void explicitNullDescriptionIsSentAsJsonNullToClearIt() {
        client.items().updateItem(UUID.randomUUID(), new ItemPatch().description(null), null);

        JsonNode body = json.readTree(captured.getFirst().body());
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.has("description")).isTrue();
        assertThat(body.get("description").isNull()).isTrue();
    }

    @Test
    void undefinedJsonNullableIsOmittedAndValuesAreSent() {
        ItemPatch patch = new ItemPatch().name("Lamp").status(ItemStatus.ARCHIVED);
        patch.setDescription_JsonNullable(JsonNullable.undefined());
        client.items().updateItem(UUID.randomUUID(), patch, null);

        assertThat(json.readTree(captured.getFirst().body()))
                .isEqualTo(json.readTree("{\"name\":\"Lamp\",\"status\":\"archived\"}"));
    }

    @Test
    void allThreeMergePatchStatesAndArrayReplacementGoOnTheWireAsWritten() {
        UUID id = UUID.randomUUID();
        // absent: JsonNullable.undefined() (the default) and a null list are not sent at all.
        ItemPatch absent = new ItemPatch().name("Lamp");
        absent.setDescription_JsonNullable(JsonNullable.undefined());
        // null: JsonNullable.of(null) clears the description.
        ItemPatch clear = new ItemPatch();
        clear.setDescription_JsonNullable(JsonNullable.of(null));
        // value: JsonNullable.of("…"); an array replaces the whole list ([] clears it).
        ItemPatch value = new ItemPatch().tags(List.of("lighting", "restored"));
        value.setDescription_JsonNullable(JsonNullable.of("Rewired"));
        ItemPatch emptyTags = new ItemPatch().tags(List.of());

        for (ItemPatch patch : List.of(absent, clear, value, emptyTags)) {
            client.items().updateItem(id, patch, "\"" + id + "-v4\"");
        }

        assertThat(captured)
                .extracting(c -> json.readTree(c.body()))
                .containsExactly(
                        json.readTree("{\"name\":\"Lamp\"}"),
                        json.readTree("{\"description\":null}"),
                        json.readTree("{\"description\":\"Rewired\",\"tags\":[\"lighting\",\"restored\"]}"),
                        json.readTree("{\"tags\":[]}"));
        assertThat(captured).allSatisfy(c -> assertThat(c.header("If-Match")).isEqualTo("\"" + id + "-v4\""));
    }

    @Test
    void createSendsJsonWithoutUnsetOptionalProperties() {
        contentType = "application/json";
        status = 201;
        client.items()
                .createItemWithHttpInfo(
                        new ItemCreate().name("Lamp").price("49.90").currency("EUR"));

        Captured request = captured.getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(json.readTree(request.body()))
                .isEqualTo(json.readTree("{\"name\":\"Lamp\",\"price\":\"49.90\",\"currency\":\"EUR\"}"));
    }

    @Test
    void requestsAcceptBothJsonAndProblemJson() {
        client.items().getItem(UUID.randomUUID(), null);

        assertThat(captured.getFirst().header("Accept"))
                .contains("application/json")
                .contains("application/problem+json");
    }

    @Test
    void deleteAlsoAcceptsJsonAndProblemJson() {
        status = 204;
        responseBody = "";
        client.items().deleteItem(UUID.randomUUID(), null);

        assertThat(captured.getFirst().method()).isEqualTo("DELETE");
        assertThat(captured.getFirst().header("Accept"))
                .contains("application/json")
                .contains("application/problem+json");
    }

    @Test
    void nullValuesInARawMapBodyAreKept() {
        java.util.Map<String, Object> rawPatch = new java.util.HashMap<>();
        rawPatch.put("price", null);

        assertThat(client.jsonMapper().writeValueAsString(rawPatch)).isEqualTo("{\"price\":null}");
    }

    @Test
    void everyRequestCarriesARequestIdFromTheConfiguredSupplier() {
        MarketplaceClient withIds = MarketplaceClient.builder(
                        "http://localhost:" + server.getAddress().getPort())
                .requestIds(() -> "partner-req-0042")
                .build();

        withIds.items().getItem(UUID.randomUUID(), null);
        client.items().getItem(UUID.randomUUID(), null);

        assertThat(captured.get(0).header("X-Request-Id")).isEqualTo("partner-req-0042");
        assertThat(captured.get(1).header("X-Request-Id")).matches("[0-9a-f-]{36}");
    }

    @Test
    void responsesWithUnknownPropertiesAndEnumValuesAreTolerated() {
        responseBody = ITEM_JSON.replace("\"active\"", "\"reserved\"");

        var item = client.items().getItem(UUID.randomUUID(), null);

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

        assertThatThrownBy(() -> client.items().getItem(UUID.randomUUID(), null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(404);
                    assertThat(e.getCode()).contains("item_not_found");
                    assertThat(e.getRequestId()).contains("req-123");
                    assertThat(e.getProblem())
                            .get()
                            .extracting(Problem::getTitle)
                            .isEqualTo("The resource was not found.");
                    assertThat(e.getMessage()).contains("404").contains("item_not_found");
                });
    }

    @Test
    void nonProblemErrorBodyStillGivesAProblemExceptionWithoutProblem() {
        status = 502;
        contentType = "text/html";
        responseBody = "<html>Bad gateway</html>";

        assertThatThrownBy(() -> client.items().getItem(UUID.randomUUID(), null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(502);
                    assertThat(e.getProblem()).isEmpty();
                    assertThat(e.getRequestId()).contains("req-123");
                    assertThat(e.getResponseBodyAsString()).contains("Bad gateway");
                });
    }
    // --- Authentication ---------------------------------------------------------------------------

    private static boolean isTokenRequest(Captured request) {
        return request.path().equals("/api/v2/auth/token");
    }

    @Test
    void loginSendsAFormEncodedPasswordGrantWithoutAuthorizationThenTheBearerTokenOnEveryRequest() {
        script = request -> isTokenRequest(request)
                ? new Reply(200, "application/json", tokens("at-1", "rt-1"))
                : new Reply(200, "application/json", ITEM_JSON);

        client.login("seller+1@example.com", "correct horse & battery");
        client.items().getItem(UUID.randomUUID(), null);
        client.items().updateItem(UUID.randomUUID(), new ItemPatch().price("1.00"), null);

        Captured login = captured.get(0);
        assertThat(login.method()).isEqualTo("POST");
        assertThat(login.path()).isEqualTo("/api/v2/auth/token");
        assertThat(login.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(login.header("Authorization")).isNull();
        assertThat(login.header("Accept")).contains("application/json").contains("application/problem+json");
        assertThat(login.body())
                .isEqualTo("grant_type=password&username=seller%2B1%40example.com&password=correct+horse+%26+battery");
        assertThat(captured.get(1).header("Authorization")).isEqualTo("Bearer at-1");
        assertThat(captured.get(2).header("Authorization")).isEqualTo("Bearer at-1");
        assertThat(client.tokens()).get().extracting(t -> t.getRefreshToken()).isEqualTo("rt-1");
    }

    @Test
    void anAnonymousClientSendsNoAuthorization() {
        client.items().getItem(UUID.randomUUID(), null);

        assertThat(captured.getFirst().header("Authorization")).isNull();
    }

    @Test
    void a401IsRetriedOnceWithTheRotatedTokensAndTheSameBody() {
        script = request -> switch (request.header("Authorization") == null
                ? request.body()
                : request.header("Authorization")) {
            case "grant_type=password&username=s%40example.com&password=pw" ->
                new Reply(200, "application/json", tokens("at-1", "rt-1"));
            case "grant_type=refresh_token&refresh_token=rt-1" ->
                new Reply(200, "application/json", tokens("at-2", "rt-2"));
            case "Bearer at-1" ->
                new Reply(401, "application/problem+json", UNAUTHORIZED); // e.g. the signing key was rotated
            case "Bearer at-2" -> new Reply(200, "application/json", ITEM_JSON);
            default -> new Reply(500, "text/plain", "unexpected " + request);
        };
        client.login("s@example.com", "pw");

        var item = client.items()
                .updateItem(
                        UUID.fromString("0b7d2a52-5c3e-4f55-9a53-6b1f0f0d7c11"), new ItemPatch().price("39.50"), null);

        assertThat(item.getName()).isEqualTo("Brass desk lamp");
        assertThat(captured)
                .extracting(c -> c.method() + " " + c.path() + " " + c.header("Authorization"))
                .containsExactly(
                        "POST /api/v2/auth/token null",
                        "PATCH /api/v2/items/0b7d2a52-5c3e-4f55-9a53-6b1f0f0d7c11 Bearer at-1",
                        "POST /api/v2/auth/token null",
                        "PATCH /api/v2/items/0b7d2a52-5c3e-4f55-9a53-6b1f0f0d7c11 Bearer at-2");
        assertThat(captured.get(3).body()).isEqualTo(captured.get(1).body()).isEqualTo("{\"price\":\"39.50\"}");
        assertThat(captured.get(3).header("Content-Type")).startsWith("application/merge-patch+json");
        assertThat(client.tokens()).get().extracting(t -> t.getRefreshToken()).isEqualTo("rt-2");
    }

    @Test
    void a401WithTheRefreshedTokenIsNotRetriedAgain() {
        script = request -> isTokenRequest(request)
                ? new Reply(
                        200,
                        "application/json",
                        request.body().startsWith("grant_type=password")
                                ? tokens("at-1", "rt-1")
                                : tokens("at-2", "rt-2"))
                : new Reply(401, "application/problem+json", UNAUTHORIZED);
        client.login("s@example.com", "pw");

        assertThatThrownBy(() -> client.items().getItem(UUID.randomUUID(), null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(401);
                    assertThat(e.getCode()).contains("unauthorized");
                });
        assertThat(captured)
                .extracting(c -> c.method() + " " + c.header("Authorization"))
                .containsExactly("POST null", "GET Bearer at-1", "POST null", "GET Bearer at-2");
    }

    @Test
    void aRefreshTheServerRefusesFailsTheCallAndSignsOut() {
        script = request -> {
            if (request.body().startsWith("grant_type=password")) {
                return new Reply(200, "application/json", tokens("at-1", "rt-1"));
            }
            if (isTokenRequest(request)) {
                return new Reply(400, "application/problem+json", """
                        {"type":"https://api.marketplace.example/problems/invalid-grant","title":"The grant is not valid.",
                         "status":400,"code":"invalid_grant","request_id":"req-123"}""");
            }
            return new Reply(401, "application/problem+json", UNAUTHORIZED);
        };
        client.login("s@example.com", "pw");

        assertThatThrownBy(() -> client.items().getItem(UUID.randomUUID(), null))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.getCode()).contains("invalid_grant"));
        assertThat(client.tokens()).isEmpty();

        // Signed out: the next request goes anonymously (and the refresh token is never sent again).
        assertThatThrownBy(() -> client.items().getItem(UUID.randomUUID(), null))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.getCode()).contains("unauthorized"));
        assertThat(captured.getLast().header("Authorization")).isNull();
        assertThat(captured)
                .filteredOn(c -> c.body().contains("refresh_token=rt-1"))
                .hasSize(1);
    }

    @Test
    void concurrentRequestsThatAreRejectedRefreshOnlyOnce() throws Exception {
        java.util.concurrent.atomic.AtomicInteger refreshes = new java.util.concurrent.atomic.AtomicInteger();
        script = request -> {
            if (request.body().startsWith("grant_type=password")) {
                return new Reply(200, "application/json", tokens("at-1", "rt-1"));
            }
            if (isTokenRequest(request)) {
                int n = refreshes.incrementAndGet();
                return new Reply(200, "application/json", tokens("at-" + (n + 1), "rt-" + (n + 1)));
            }
            return "Bearer at-1".equals(request.header("Authorization"))
                    ? new Reply(401, "application/problem+json", UNAUTHORIZED)
                    : new Reply(200, "application/json", ITEM_JSON);
        };
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            client.login("s@example.com", "pw");
            var calls = java.util.stream.IntStream.range(0, 16)
                    .mapToObj(i -> pool.submit(() -> client.items().getItem(UUID.randomUUID(), null)))
                    .toList();
            for (var call : calls) {
                assertThat(call.get().getName()).isEqualTo("Brass desk lamp");
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(refreshes).hasValue(1);
        assertThat(captured)
                .filteredOn(c -> c.body().contains("refresh_token=rt-1"))
                .hasSize(1);
    }

    @Test
    void aCallerSuppliedTokenIsSentAsIsAndA401IsNotRetried() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        MarketplaceClient external = MarketplaceClient.builder(
                        "http://localhost:" + server.getAddress().getPort())
                .accessTokens(() -> "idp-token-" + asked.incrementAndGet())
                .build();

        external.items().getItem(UUID.randomUUID(), null);
        status = 401;
        contentType = "application/problem+json";
        responseBody = UNAUTHORIZED;
        assertThatThrownBy(() -> external.items().getItem(UUID.randomUUID(), null))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(401));

        assertThat(captured)
                .extracting(c -> c.header("Authorization"))
                .containsExactly("Bearer idp-token-1", "Bearer idp-token-2");
        assertThatThrownBy(() -> external.login("a@example.com", "pw")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(external::refresh).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anExplicitAuthorizationHeaderWins() {
        MarketplaceClient external = MarketplaceClient.builder(
                        "http://localhost:" + server.getAddress().getPort())
                .accessTokens(() -> "idp-token")
                .restClient(rest -> rest.defaultHeader("Authorization", "Bearer fixed"))
                .build();

        external.items().getItem(UUID.randomUUID(), null);

        assertThat(captured.getFirst().header("Authorization")).isEqualTo("Bearer fixed");
    }

    @Test
    void refreshWithoutLoginIsAnIllegalState() {
        assertThatThrownBy(client::refresh).isInstanceOf(IllegalStateException.class);
        assertThat(client.tokens()).isEmpty();
    }
}
