package dev.marketplace.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.client.model.ApiKeyCreate;
import dev.marketplace.client.model.ApiKeyCreated;
import dev.marketplace.client.model.ApiKeyList;
import dev.marketplace.client.model.ApiKeyScope;
import dev.marketplace.client.model.FieldError;
import dev.marketplace.client.model.Image;
import dev.marketplace.client.model.ImageContentType;
import dev.marketplace.client.model.Item;
import dev.marketplace.client.model.ItemCreate;
import dev.marketplace.client.model.ItemPage;
import dev.marketplace.client.model.ItemPatch;
import dev.marketplace.client.model.ItemSort;
import dev.marketplace.client.model.ItemStatus;
import dev.marketplace.client.model.Order;
import dev.marketplace.client.model.OrderPage;
import dev.marketplace.client.model.OrderRole;
import dev.marketplace.client.model.OrderStatus;
import dev.marketplace.client.model.OrderTransition;
import dev.marketplace.client.model.PaymentEvent;
import dev.marketplace.client.model.PaymentEventData;
import dev.marketplace.client.model.Problem;
import dev.marketplace.client.model.TokenResponse;
import dev.marketplace.client.model.WebhookDelivery;
import dev.marketplace.client.model.WebhookDeliveryAttempt;
import dev.marketplace.client.model.WebhookDeliveryPage;
import dev.marketplace.client.model.WebhookDeliveryStatus;
import dev.marketplace.client.model.WebhookEndpoint;
import dev.marketplace.client.model.WebhookEndpointCreate;
import dev.marketplace.client.model.WebhookEndpointCreated;
import dev.marketplace.client.model.WebhookEndpointList;
import dev.marketplace.client.model.WebhookEndpointPatch;
import dev.marketplace.client.model.WebhookEndpointStatus;
import dev.marketplace.client.model.WebhookEventType;
import dev.marketplace.client.model.WebhookSecret;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.contract.stubrunner.spring.AutoConfigureStubRunner;
import org.springframework.cloud.contract.stubrunner.spring.StubRunnerPort;
import org.springframework.cloud.contract.stubrunner.spring.StubRunnerProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Consumer side of the {@code partner-integration} contracts: the generated client, used the way a
 * partner would, against the WireMock stubs that Spring Cloud Contract built from
 * {@code contracts/src/test/resources/contracts/partner-integration/*.yml}. A stub answers only if the
 * request matches its contract (method, URL, query, headers, body), so each test proves the client
 * sends what the producer verified, and parses what it returns.
 *
 * <p>The stubs jar ({@code dev.marketplace:contracts:stubs}) is a test dependency and is found on the
 * classpath; only the partner-integration consumer's stubs are registered.
 *
 * <p>Each test's client signs in through the password-grant stub ({@link MarketplaceClient#login}) as
 * the contracts' fixture seller, so item writes carry the {@code Authorization: Bearer} header the
 * stubs require; the token the stub hands out is the fixture seller's (it owns the fixture items).
 */
@SpringBootTest(
        classes = PartnerIntegrationContractTest.NoApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        // The server jar is on the test classpath; this test needs no database.
        properties = "marketplace.db.embedded=false")
@AutoConfigureStubRunner(
        ids = "dev.marketplace:contracts:+:stubs",
        stubsMode = StubRunnerProperties.StubsMode.CLASSPATH,
        stubsPerConsumer = true,
        consumerName = "partner-integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartnerIntegrationContractTest {

    /** Nothing but the stub runner: no application, no auto-configuration of the server on the classpath. */
    @Configuration(proxyBeanMethods = false)
    static class NoApplication {}

    private static final String REQUEST_ID = "partner-req-0001";
    private static final UUID UNKNOWN = UUID.fromString("99999999-9999-4999-8999-999999999999");
    private static final UUID RADIO = UUID.fromString("33333333-3333-4333-8333-333333333333");
    /** The contracts' fixture orders (OrderFixtures): placed, and paid (ready to ship). */
    private static final UUID PLACED_ORDER = UUID.fromString("0d000000-0000-4000-8000-000000000001");

    private static final UUID PAID_ORDER = UUID.fromString("0d000000-0000-4000-8000-000000000002");

    /** The contracts' fixture seller (owner of the fixture items) and their password. */
    private static final String SELLER_EMAIL = "contract-seller@example.com";

    private static final String SELLER_PASSWORD = "contract-password-123";
    private static final String SELLER_ID = "5e11e400-0000-4000-8000-000000000001";
    /** The fixture seller's access token, as the password-grant stub hands it out. */
    private static final String SELLER_TOKEN =
            "eyJraWQiOiJtYXJrZXRwbGFjZS0xIiwidHlwIjoiSldUIiwiYWxnIjoiUlMyNTYifQ.eyJhdWQiOiJtYXJrZXRwbGFjZS1hcGkiLCJzdWIiOiI1ZTExZTQwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEiLCJuYmYiOjE3NjcyMjU2MDAsInJvbGUiOiJzZWxsZXIiLCJzY29wZSI6ImFjY291bnQgaXRlbXM6cmVhZCBpdGVtczp3cml0ZSBvcmRlcnM6cmVhZCBvcmRlcnM6d3JpdGUiLCJpc3MiOiJodHRwOi8vbG9jYWxob3N0OjgwODAiLCJleHAiOjQxMDI0NDQ4MDAsImlhdCI6MTc2NzIyNTYwMH0.AbGqKJNytLwGg5-IpjexI3LDqbDMKhUqyIwltUtwYTterpX0LdSONlWPyw9ROXl6dNRnjwd5yJd8lZwmZvT5eF419BNj5ejTeFnKGPj2koKr0BDLr-Vuv0X4m-JsNcr71wCMy5wV8OThLoqRI6uqr7JlFYxiAnoPRjmmgbiSM6HizoO_N6anUripwLlsCGGZPoVQYPP3IPnu_1oWsvwGE8OO--8rATXWcNDixQ57StLJS0iYiy9l4bjJWHJNA3gMozjhjcVqrQLm1CjdKnZaobQIWRvOYNW6TxA9NFy1XYdGwn8cTN1xKGrKORaDR77mEStcnOd1jUaAzu-KyT6Fcg";
    /** The refresh token the refresh-grant contract exchanges (seeded on the producer side). */
    private static final String PARTNER_API_KEY = "mk_live_contract-fixture-partner-key-0000000001";

    private static final UUID PARTNER_API_KEY_ID = UUID.fromString("a9000000-0000-4000-8000-000000000001");
    private static final String PARTNER_ID = "9a000000-0000-4000-8000-000000000006";
    private static final String SELLER_REFRESH_TOKEN = "rt_contract-fixture-seller-refresh-token-0001";
    /** Another seller's access token (items:write, owns none of the fixture items), from their identity provider. */
    private static final String OTHER_SELLER_TOKEN =
            "eyJraWQiOiJtYXJrZXRwbGFjZS0xIiwidHlwIjoiSldUIiwiYWxnIjoiUlMyNTYifQ.eyJhdWQiOiJtYXJrZXRwbGFjZS1hcGkiLCJzdWIiOiI1ZTExZTQwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDIiLCJuYmYiOjE3NjcyMjU2MDAsInJvbGUiOiJzZWxsZXIiLCJzY29wZSI6ImFjY291bnQgaXRlbXM6cmVhZCBpdGVtczp3cml0ZSBvcmRlcnM6cmVhZCBvcmRlcnM6d3JpdGUiLCJpc3MiOiJodHRwOi8vbG9jYWxob3N0OjgwODAiLCJleHAiOjQxMDI0NDQ4MDAsImlhdCI6MTc2NzIyNTYwMH0.EgGCthrEbss6S8m23fJkhrqbkezDUtel6qKeU4JklP-PWmDKGgwJm22leU5IKG9pDv0J4nS5y__zt1ZNfIx7oLF4UoyOj3vJwsrD1Lof7eUivAGGI5dO1IgXuKog93qB2uGfDlMBHMS0b9y9hhfYbPJo8fXIDRJnngaImKgl0x-d2zZCiOk1_3bUPH82qhQSNRiTaNzP0x5Gph0sr_YDF6Gne-cKt6ihkEtHLTgrX2319wZfYZwXxz1FTNtRGAqO2rWr_4qBm-r59r_NrSNyBykzKDckOslbIWsANBPA71yyGezbIzE1jnSGYbgvVDUeJiExbhAxk6ynmhBBSV39Ig";

    @StubRunnerPort("contracts")
    int stubPort;

    private MarketplaceClient client;

    @BeforeEach
    void client() {
        client = anonymousClient();
        client.login(SELLER_EMAIL, SELLER_PASSWORD);
    }

    private MarketplaceClient anonymousClient() {
        return MarketplaceClient.builder("http://localhost:" + stubPort)
                .requestIds(() -> REQUEST_ID)
                .build();
    }

    /**
     * Guards against a new partner-integration contract nobody exercises: every stub registered from
     * the contracts must have been matched by at least one request of this class (WireMock admin API).
     */
    @AfterAll
    void everyPartnerIntegrationContractWasExercised() {
        RestClient admin = RestClient.create("http://localhost:" + stubPort + "/__admin");
        JsonNode mappings = admin.get().uri("/mappings").retrieve().body(JsonNode.class);
        JsonNode requests = admin.get().uri("/requests").retrieve().body(JsonNode.class);
        Set<String> matched = new HashSet<>();
        requests.get("requests").forEach(r -> {
            if (r.path("wasMatched").asBoolean(false) && r.has("stubMapping")) {
                matched.add(r.get("stubMapping").get("id").asString());
            }
        });
        List<String> unexercised = new ArrayList<>();
        List<String> contractStubs = new ArrayList<>();
        mappings.get("mappings").forEach(m -> {
            JsonNode request = m.get("request");
            String path = request.path("urlPath").asString(request.path("url").asString(""));
            if (!path.startsWith("/api/")) {
                return; // the stub runner's own /ping and /health
            }
            String stub = request.path("method").asString() + " " + path
                    + (m.hasNonNull("name") ? " (" + m.get("name").asString() + ")" : "");
            contractStubs.add(stub);
            if (!matched.contains(m.get("id").asString())) {
                unexercised.add(stub);
            }
        });
        assertThat(contractStubs).as("registered partner-integration stubs").isNotEmpty();
        assertThat(unexercised).as("partner-integration stubs no test matched").isEmpty();
    }

    @Test
    void loginWithThePasswordGrantKeepsTheTokensAndSendsTheAccessToken() {
        MarketplaceClient fresh = anonymousClient();

        TokenResponse tokens = fresh.login(SELLER_EMAIL, SELLER_PASSWORD);

        assertThat(tokens.getTokenType()).isEqualTo(TokenResponse.TokenTypeEnum.BEARER);
        assertThat(tokens.getAccessToken()).isEqualTo(SELLER_TOKEN);
        assertThat(tokens.getRefreshToken()).matches("rt_[A-Za-z0-9_-]{20,250}");
        assertThat(tokens.getExpiresIn()).isEqualTo(900);
        assertThat(tokens.getScope().split(" "))
                .containsExactlyInAnyOrder("account", "items:read", "items:write", "orders:read", "orders:write");
        assertThat(fresh.tokens()).contains(tokens);
    }

    @Test
    void loginWithAWrongPasswordIsAnInvalidGrantProblem() {
        MarketplaceClient fresh = anonymousClient();

        assertThatThrownBy(() -> fresh.login(SELLER_EMAIL, "not-the-password-000"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getCode()).contains("invalid_grant");
                    Problem problem = e.getProblem().orElseThrow();
                    assertThat(problem.getType()).isEqualTo("https://api.marketplace.example/problems/invalid-grant");
                    assertThat(problem.getInstance()).isEqualTo("/api/v2/auth/token");
                    assertThat(problem.getRequestId()).isEqualTo(REQUEST_ID);
                });
        assertThat(fresh.tokens()).isEmpty();
    }

    @Test
    void resumeWithASavedRefreshTokenUsesTheRefreshGrant() {
        MarketplaceClient restarted = anonymousClient();

        TokenResponse tokens = restarted.resume(SELLER_REFRESH_TOKEN);

        assertThat(tokens.getAccessToken()).isEqualTo(SELLER_TOKEN);
        assertThat(tokens.getRefreshToken()).isNotEqualTo(SELLER_REFRESH_TOKEN).matches("rt_[A-Za-z0-9_-]{20,250}");
        assertThat(restarted.tokens()).contains(tokens);
    }

    @Test
    void anonymousCreateIsAnUnauthorizedProblemWithABearerChallenge() {
        MarketplaceClient anonymous = anonymousClient();

        assertThatThrownBy(() -> anonymous
                        .items()
                        .createItem(new ItemCreate()
                                .name("Cast-iron teapot")
                                .price("4500")
                                .currency("JPY")
                                .status(ItemStatus.DRAFT)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
                    assertThat(e.getCode()).contains("unauthorized");
                    assertThat(e.getResponseHeaders().getFirst("WWW-Authenticate"))
                            .startsWith("Bearer");
                    Problem problem = e.getProblem().orElseThrow();
                    assertThat(problem.getType()).isEqualTo("https://api.marketplace.example/problems/unauthorized");
                    assertThat(problem.getInstance()).isEqualTo("/api/v2/items");
                });
        assertThat(anonymous.tokens()).isEmpty();
    }

    @Test
    void aConditionalPatchWithTheCurrentETagAppliesAndReturnsTheNextETag() {
        ResponseEntity<Item> updated =
                client.items().updateItemWithHttpInfo(RADIO, new ItemPatch().price("72.00"), "\"" + RADIO + "-v1\"");

        assertThat(updated.getStatusCode().value()).isEqualTo(200);
        // WireMock's Jetty marks a tag of a gzipped stub response ("…-v2--gzip"); the server's Tomcat weakens it
        // (W/"…").
        assertThat(updated.getHeaders().getETag()).startsWith("\"" + RADIO + "-v2");
        Item item = updated.getBody();
        assertThat(item).isNotNull();
        assertThat(item.getPrice()).isEqualTo("72.00");
        assertThat(item.getVersion()).isEqualTo(2L);
        assertThat(item.getTags()).isEmpty();
    }

    @Test
    void aConditionalPatchWithAStaleETagIsAPreconditionFailedProblem() {
        assertThatThrownBy(
                        () -> client.items().updateItem(RADIO, new ItemPatch().price("72.00"), "\"" + RADIO + "-v0\""))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(412);
                    assertThat(e.getCode()).contains("precondition_failed");
                    assertThat(e.getRequestId()).contains(REQUEST_ID);
                });
    }

    @Test
    void anotherSellersPatchIsAForbiddenProblem() {
        // A partner whose tokens come from their own identity provider: a caller-supplied token.
        MarketplaceClient otherSeller = MarketplaceClient.builder("http://localhost:" + stubPort)
                .requestIds(() -> REQUEST_ID)
                .accessTokens(() -> OTHER_SELLER_TOKEN)
                .build();

        assertThatThrownBy(() -> otherSeller.items().updateItem(RADIO, new ItemPatch().name("Not my item"), null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
                    assertThat(e.getCode()).contains("forbidden");
                    Problem problem = e.getProblem().orElseThrow();
                    assertThat(problem.getType()).isEqualTo("https://api.marketplace.example/problems/forbidden");
                    assertThat(problem.getInstance()).isEqualTo("/api/v2/items/" + RADIO);
                });
    }

    @Test
    void theSellerListsTheirPaidOrdersAndShipsOne() {
        OrderPage paid = client.orders().listOrders(null, null, OrderRole.SELLER, OrderStatus.PAID);

        assertThat(paid.getData()).hasSize(1);
        Order order = paid.getData().getFirst();
        assertThat(order.getId()).isEqualTo(PAID_ORDER);
        assertThat(order.getLines())
                .allSatisfy(line -> assertThat(line.getSellerId()).contains(SELLER_ID));
        assertThat(paid.getHasMore()).isFalse();

        Order shipped =
                client.orders().transitionOrder(order.getId(), new OrderTransition().status(OrderStatus.SHIPPED));

        assertThat(shipped.getStatus()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(shipped.getVersion()).isEqualTo(order.getVersion() + 1);
        assertThat(shipped.getTotal()).isEqualTo("189.00");
    }

    @Test
    void anUnsignedPaymentEventIsAnInvalidSignatureProblem() {
        MarketplaceClient provider = anonymousClient();
        PaymentEvent event = new PaymentEvent()
                .id("evt_contract_0001")
                .type("payment.succeeded")
                .created(1768469400L)
                .data(new PaymentEventData()
                        .orderId(PLACED_ORDER)
                        .amount("99.80")
                        .currency("EUR"));

        assertThatThrownBy(() -> provider.payments().receivePaymentEvent(event, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
                    assertThat(e.getCode()).contains("invalid_signature");
                    assertThat(e.getProblem().orElseThrow().getRequestId()).isEqualTo(REQUEST_ID);
                });
    }

    @Test
    void createApiKeyReturnsTheKeyOnlyInThisResponse() {
        ResponseEntity<ApiKeyCreated> response = client.apiKeys()
                .createApiKeyWithHttpInfo(new ApiKeyCreate()
                        .name("catalogue sync")
                        .scopes(new java.util.LinkedHashSet<>(
                                List.of(ApiKeyScope.ITEMS_READ, ApiKeyScope.ITEMS_WRITE))));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        ApiKeyCreated created = response.getBody();
        assertThat(created).isNotNull();
        assertThat(created.getKey()).startsWith("mk_live_");
        assertThat(created.getApiKey().getPrefix()).isEqualTo(created.getKey().substring(0, 12));
        assertThat(created.getApiKey().getScopes()).containsExactly(ApiKeyScope.ITEMS_READ, ApiKeyScope.ITEMS_WRITE);
        assertThat(response.getHeaders().getLocation().getPath())
                .isEqualTo("/api/v2/api-keys/" + created.getApiKey().getId());
    }

    @Test
    void listApiKeysShowsTheKeysWithoutTheirSecrets() {
        ApiKeyList keys = client.apiKeys().listApiKeys();

        assertThat(keys.getData()).hasSize(1);
        assertThat(keys.getData().getFirst().getPrefix()).isEqualTo(PARTNER_API_KEY.substring(0, 12));
        assertThat(keys.getData().getFirst().getRevokedAt()).isNull();
    }

    @Test
    void revokeApiKeySucceedsWithNoContent() {
        ResponseEntity<Void> response = client.apiKeys().revokeApiKeyWithHttpInfo(PARTNER_API_KEY_ID);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    private static final UUID ENDPOINT_ID = UUID.fromString("3b9e8f1c-7a2d-4e6f-8b1a-2c3d4e5f6a7b");
    private static final UUID DELIVERY_ID = UUID.fromString("9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");

    @Test
    void createWebhookEndpointReturnsTheSecretOnlyInThisResponse() {
        ResponseEntity<WebhookEndpointCreated> response = client.webhooks()
                .createWebhookEndpointWithHttpInfo(new WebhookEndpointCreate()
                        .url("https://partner.example.com/hooks/items")
                        .eventTypes(new java.util.LinkedHashSet<>(List.of(WebhookEventType.ITEM_CREATED)))
                        .description("catalogue"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        WebhookEndpointCreated created = response.getBody();
        assertThat(created).isNotNull();
        assertThat(created.getSecret()).startsWith("whsec_");
        assertThat(created.getWebhookEndpoint().getStatus()).isEqualTo(WebhookEndpointStatus.ACTIVE);
        assertThat(response.getHeaders().getLocation().getPath())
                .isEqualTo("/api/v2/webhook-endpoints/"
                        + created.getWebhookEndpoint().getId());
    }

    @Test
    void listAndGetWebhookEndpointsShowNoSecret() {
        WebhookEndpointList endpoints = client.webhooks().listWebhookEndpoints();
        assertThat(endpoints.getData()).extracting(WebhookEndpoint::getId).containsExactly(ENDPOINT_ID);

        WebhookEndpoint endpoint = client.webhooks().getWebhookEndpoint(ENDPOINT_ID);
        assertThat(endpoint.getEventTypes())
                .containsExactly(WebhookEventType.ORDER_PLACED, WebhookEventType.ORDER_STATUS_CHANGED);
        assertThat(endpoint.getDisabledReason()).isNull();
    }

    @Test
    void getAnotherPartnersWebhookEndpointIsNotFound() {
        assertThatThrownBy(() -> client.webhooks().getWebhookEndpoint(UNKNOWN))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        problem -> assertThat(problem.getCode()).contains("not_found"));
    }

    @Test
    void disablingAnEndpointSendsOnlyTheStatus() {
        WebhookEndpoint endpoint = client.webhooks()
                .updateWebhookEndpoint(ENDPOINT_ID, new WebhookEndpointPatch().status(WebhookEndpointStatus.DISABLED));

        assertThat(endpoint.getStatus()).isEqualTo(WebhookEndpointStatus.DISABLED);
        assertThat(endpoint.getDisabledReason()).isEqualTo("Disabled by its owner.");
    }

    @Test
    void deleteWebhookEndpointSucceedsWithNoContent() {
        assertThat(client.webhooks()
                        .deleteWebhookEndpointWithHttpInfo(ENDPOINT_ID)
                        .getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
    }

    @Test
    void rotatingTheSecretReturnsTheNewOneAndWhenTheOldStopsSigning() {
        WebhookSecret secret = client.webhooks().rotateWebhookSecret(ENDPOINT_ID);

        assertThat(secret.getSecret()).startsWith("whsec_");
        assertThat(secret.getPreviousSecretExpiresAt()).isNotNull();
    }

    @Test
    void theDeliveryLogShowsAttemptsAndADeliveryCanBeSentAgain() {
        WebhookDeliveryPage page = client.webhooks().listWebhookDeliveries(ENDPOINT_ID, null, null);
        WebhookDelivery delivery = page.getData().getFirst();
        assertThat(delivery.getStatus()).isEqualTo(WebhookDeliveryStatus.DELIVERED);
        assertThat(delivery.getAttempts())
                .extracting(WebhookDeliveryAttempt::getStatusCode)
                .containsExactly(200, 500);

        ResponseEntity<WebhookDelivery> again =
                client.webhooks().redeliverWebhookWithHttpInfo(ENDPOINT_ID, DELIVERY_ID);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(again.getBody().getEventId()).isEqualTo(delivery.getEventId());
        assertThat(again.getBody().getStatus()).isEqualTo(WebhookDeliveryStatus.PENDING);
    }

    @Test
    void anApiKeyClientCreatesItemsOwnedByThePartner() {
        MarketplaceClient withKey = MarketplaceClient.builder("http://localhost:" + stubPort)
                .requestIds(() -> REQUEST_ID)
                .apiKey(PARTNER_API_KEY)
                .build();

        Item item = withKey.items()
                .createItem(new ItemCreate().name("Synced lamp").price("12.00").currency("EUR"));

        assertThat(item.getOwnerId()).isEqualTo(PARTNER_ID);
        assertThat(item.getStatus()).isEqualTo(ItemStatus.ACTIVE);
    }

    @Test
    void createItemReturnsTheCreatedDraftWithLocation() {
        ResponseEntity<Item> response = client.items()
                .createItemWithHttpInfo(new ItemCreate()
                        .name("Cast-iron teapot")
                        .price("4500")
                        .currency("JPY")
                        .status(ItemStatus.DRAFT));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Item item = response.getBody();
        assertThat(item).isNotNull();
        assertThat(response.getHeaders().getLocation()).isNotNull();
        assertThat(response.getHeaders().getLocation().getPath()).isEqualTo("/api/v2/items/" + item.getId());
        assertThat(response.getHeaders().getFirst("X-Request-Id")).isEqualTo(REQUEST_ID);
        assertThat(item.getId()).isNotNull();
        assertThat(item.getName()).isEqualTo("Cast-iron teapot");
        assertThat(item.getDescription()).isNull();
        assertThat(item.getPrice()).isEqualTo("4500");
        assertThat(item.getCurrency()).isEqualTo("JPY");
        assertThat(item.getStatus()).isEqualTo(ItemStatus.DRAFT);
        assertThat(item.getCreatedAt()).isNotNull();
        assertThat(item.getUpdatedAt()).isNotNull();
        assertThat(item.getVersion()).isZero();
        assertThat(item.getOwnerId()).isEqualTo(SELLER_ID);
    }

    @Test
    void createItemWithADecimalCommaIsAValidationProblemNamingPrice() {
        assertThatThrownBy(() -> client.items()
                        .createItem(new ItemCreate()
                                .name("Cast-iron teapot")
                                .price("12,50")
                                .currency("EUR")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    Problem problem = e.getProblem().orElseThrow();
                    assertThat(problem.getCode()).isEqualTo("validation_error");
                    assertThat(problem.getType())
                            .isEqualTo("https://api.marketplace.example/problems/validation-error");
                    assertThat(problem.getStatus()).isEqualTo(400);
                    assertThat(problem.getInstance()).isEqualTo("/api/v2/items");
                    assertThat(problem.getRequestId()).isEqualTo(REQUEST_ID);
                    assertThat(problem.getErrors())
                            .extracting(FieldError::getField, FieldError::getCode)
                            .containsExactly(org.assertj.core.groups.Tuple.tuple("price", "pattern"));
                });
    }

    /** The 70-byte PNG of the contracts (lamp.png). */
    private static final byte[] LAMP_PNG = java.util.Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private static final UUID LAMP = UUID.fromString("11111111-1111-4111-8111-111111111111");

    @Test
    void uploadItemImageSendsTheFileAsMultipartAndReturnsTheStoredImage(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var file = new org.springframework.core.io.FileSystemResource(
                java.nio.file.Files.write(dir.resolve("lamp.png"), LAMP_PNG));

        Image image = client.images().uploadItemImage(LAMP, file);

        assertThat(image.getItemId()).isEqualTo(LAMP);
        assertThat(image.getContentType()).isEqualTo(ImageContentType.PNG);
        assertThat(image.getSize()).isEqualTo(70L);
        assertThat(image.getSha256()).isEqualTo("c414cd0e204de974f73753c7e28d7638e7b3691bb8b1a2bab6b25bb7fed7ce77");
        assertThat(image.getUrl()).isEqualTo("/api/v2/items/" + LAMP + "/images/" + image.getId());
    }

    @Test
    void uploadingAGifIsAnUnsupportedImageTypeProblem() {
        // In memory: a ByteArrayResource needs a file name, or the part is sent as a plain form field.
        var gif =
                new org.springframework.core.io.ByteArrayResource("GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;"
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) {
                    @Override
                    public String getFilename() {
                        return "not-an-image.gif";
                    }
                };

        assertThatThrownBy(() -> client.images().uploadItemImage(LAMP, gif))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
                    assertThat(e.getCode()).contains("unsupported_image_type");
                    assertThat(e.getRequestId()).contains(REQUEST_ID);
                });
    }

    @Test
    void deleteItemImageSucceedsWithNoContent() {
        client.images().deleteItemImage(LAMP, UUID.fromString("1a000000-0000-4000-8000-000000000001"));
    }

    @Test
    void getItemReturnsTheItem() {
        Item item = client.items().getItem(UUID.fromString("33333333-3333-4333-8333-333333333333"), null);

        assertThat(item.getId()).isEqualTo(UUID.fromString("33333333-3333-4333-8333-333333333333"));
        assertThat(item.getName()).isEqualTo("Vintage valve radio");
        assertThat(item.getDescription()).isEqualTo("Valve radio from 1962, in working order.");
        assertThat(item.getPrice()).isEqualTo("75.50");
        assertThat(item.getCurrency()).isEqualTo("USD");
        assertThat(item.getStatus()).isEqualTo(ItemStatus.ACTIVE);
        assertThat(item.getCreatedAt()).isEqualTo(OffsetDateTime.parse("2026-01-12T09:00:00Z"));
        assertThat(item.getUpdatedAt()).isEqualTo(OffsetDateTime.parse("2026-01-13T08:15:00Z"));
        assertThat(item.getVersion()).isEqualTo(1L);
    }

    @Test
    void getUnknownItemIsAnItemNotFoundProblem() {
        assertThatThrownBy(() -> client.items().getItem(UNKNOWN, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
                    assertThat(e.getCode()).contains("item_not_found");
                    assertThat(e.getRequestId()).contains(REQUEST_ID);
                    Problem problem = e.getProblem().orElseThrow();
                    assertThat(problem.getType()).isEqualTo("https://api.marketplace.example/problems/not-found");
                    assertThat(problem.getInstance()).isEqualTo("/api/v2/items/" + UNKNOWN);
                    assertThat(problem.getStatus()).isEqualTo(404);
                });
    }

    @Test
    void listItemsByPriceRangeReturnsOneCheapestFirstPage() {
        ItemPage page = client.items().listItems(10, null, null, null, "50", "200", ItemSort.PRICE_ASC);

        assertThat(page.getHasMore()).isFalse();
        assertThat(page.getNextCursor()).isNull();
        // Anonymous: the fixture seller's draft bookshelf (120.00 EUR) is visible only to its owner and admins.
        assertThat(page.getData()).extracting(Item::getName).containsExactly("Vintage valve radio", "Arc floor lamp");
        assertThat(page.getData()).extracting(Item::getPrice).containsExactly("75.50", "189.00");
        assertThat(page.getData()).extracting(Item::getStatus).containsOnly(ItemStatus.ACTIVE);
        assertThat(page.getData()).extracting(Item::getCurrency).containsExactly("USD", "EUR");
    }

    @Test
    void listItemPagesStopsAfterTheOnlyPage() {
        List<ItemPage> pages = client.listItemPages(10, null, null, "50", "200", ItemSort.PRICE_ASC)
                .toList();

        assertThat(pages).hasSize(1);
        assertThat(pages.getFirst().getData()).hasSize(2);
    }

    @Test
    void listItemsWithALimitAbove100IsAValidationProblemNamingLimit() {
        assertThatThrownBy(() -> client.items().listItems(101, null, null, null, null, null, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getCode()).contains("validation_error");
                    assertThat(e.getProblem().orElseThrow().getErrors())
                            .extracting(FieldError::getField)
                            .containsExactly("limit");
                });
    }

    @Test
    void listItemsWithAnUnknownCursorIsAnInvalidCursorProblem() {
        assertThatThrownBy(() ->
                        client.items().listItems(null, "not-a-cursor-the-server-issued", null, null, null, null, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getCode()).contains("invalid_cursor");
                    assertThat(e.getProblem().orElseThrow().getInstance()).isEqualTo("/api/v2/items");
                });
    }

    @Test
    void patchWithStatusAndPriceReturnsTheUpdatedItem() {
        Item item = client.items()
                .updateItem(
                        UUID.fromString("33333333-3333-4333-8333-333333333333"),
                        new ItemPatch().status(ItemStatus.ARCHIVED).price("70"),
                        null);

        assertThat(item.getStatus()).isEqualTo(ItemStatus.ARCHIVED);
        assertThat(item.getPrice()).isEqualTo("70.00");
        assertThat(item.getName()).isEqualTo("Vintage valve radio");
        assertThat(item.getDescription()).isEqualTo("Valve radio from 1962, in working order.");
        assertThat(item.getVersion()).isEqualTo(2L);
    }

    @Test
    void patchWithNullDescriptionClearsIt() {
        Item item = client.items()
                .updateItem(
                        UUID.fromString("44444444-4444-4444-8444-444444444444"),
                        new ItemPatch().description(null),
                        null);

        assertThat(item.getDescription()).isNull();
        assertThat(item.getName()).isEqualTo("Ceramic vase");
        assertThat(item.getStatus()).isEqualTo(ItemStatus.ARCHIVED);
        assertThat(item.getVersion()).isEqualTo(3L);
    }

    @Test
    void emptyPatchIsAnEmptyPatchProblem() {
        assertThatThrownBy(() -> client.items()
                        .updateItem(UUID.fromString("33333333-3333-4333-8333-333333333333"), new ItemPatch(), null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getCode()).contains("empty_patch");
                });
    }

    @Test
    void nullPriceInAPatchIsAValidationProblemNamingPrice() {
        // ItemPatch cannot express "price": null (price is not nullable), so send a raw merge patch
        // through the generated ApiClient.
        Map<String, Object> nullPrice = new LinkedHashMap<>();
        nullPrice.put("price", null);

        assertThatThrownBy(() -> client.apiClient()
                        .invokeAPI(
                                "/api/v2/items/{item_id}",
                                HttpMethod.PATCH,
                                Map.of("item_id", "33333333-3333-4333-8333-333333333333"),
                                new LinkedMultiValueMap<>(),
                                nullPrice,
                                new HttpHeaders(),
                                new LinkedMultiValueMap<>(),
                                new LinkedMultiValueMap<>(),
                                List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON),
                                MediaType.valueOf("application/merge-patch+json"),
                                new String[0],
                                new ParameterizedTypeReference<Item>() {})
                        .body(Item.class))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getCode()).contains("validation_error");
                    assertThat(e.getProblem().orElseThrow().getErrors())
                            .extracting(FieldError::getField)
                            .containsExactly("price");
                });
    }

    @Test
    void deleteItemSucceedsWithNoContent() {
        ResponseEntity<Void> response =
                client.items().deleteItemWithHttpInfo(UUID.fromString("55555555-5555-4555-8555-555555555555"), null);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(response.getHeaders().getFirst("X-Request-Id")).isEqualTo(REQUEST_ID);
    }

    @Test
    void deleteUnknownItemIsAnItemNotFoundProblem() {
        assertThatThrownBy(() -> client.items().deleteItem(UNKNOWN, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
                    assertThat(e.getCode()).contains("item_not_found");
                    assertThat(e.getProblem().orElseThrow().getInstance()).isEqualTo("/api/v2/items/" + UNKNOWN);
                });
    }
}
