package dev.marketplace.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.contract.stubrunner.spring.AutoConfigureStubRunner;
import org.springframework.cloud.contract.stubrunner.spring.StubRunnerPort;
import org.springframework.cloud.contract.stubrunner.spring.StubRunnerProperties;
import org.springframework.context.annotation.Configuration;
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
 *
 * <p>The tests are split by concern ({@code Partner*ContractTest}); they extend this class and so share its
 * configuration, which the TestContext framework caches: one Spring context and one WireMock server for all of them.
 */
@SpringBootTest(
        classes = PartnerContractSupport.NoApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        // The server jar is on the test classpath; this test needs no database.
        properties = "marketplace.db.embedded=false")
@AutoConfigureStubRunner(
        ids = "dev.marketplace:contracts:+:stubs",
        stubsMode = StubRunnerProperties.StubsMode.CLASSPATH,
        stubsPerConsumer = true,
        consumerName = "partner-integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PartnerContractSupport {

    /** Nothing but the stub runner: no application, no auto-configuration of the server on the classpath. */
    @Configuration(proxyBeanMethods = false)
    static class NoApplication {}

    static final String REQUEST_ID = "partner-req-0001";
    static final UUID UNKNOWN = UUID.fromString("99999999-9999-4999-8999-999999999999");
    static final UUID RADIO = UUID.fromString("33333333-3333-4333-8333-333333333333");
    /** The contracts' fixture orders (OrderFixtures): placed, and paid (ready to ship). */
    static final UUID PLACED_ORDER = UUID.fromString("0d000000-0000-4000-8000-000000000001");

    static final UUID PAID_ORDER = UUID.fromString("0d000000-0000-4000-8000-000000000002");

    /** The contracts' fixture seller (owner of the fixture items) and their password. */
    static final String SELLER_EMAIL = "contract-seller@example.com";

    static final String SELLER_PASSWORD = "contract-password-123";
    static final String SELLER_ID = "5e11e400-0000-4000-8000-000000000001";
    /** The fixture seller's access token, as the password-grant stub hands it out. */
    static final String SELLER_TOKEN =
            "eyJraWQiOiJtYXJrZXRwbGFjZS0xIiwidHlwIjoiSldUIiwiYWxnIjoiUlMyNTYifQ.eyJhdWQiOiJtYXJrZXRwbGFjZS1hcGkiLCJzdWIiOiI1ZTExZTQwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEiLCJuYmYiOjE3NjcyMjU2MDAsInJvbGUiOiJzZWxsZXIiLCJzY29wZSI6ImFjY291bnQgaXRlbXM6cmVhZCBpdGVtczp3cml0ZSBvcmRlcnM6cmVhZCBvcmRlcnM6d3JpdGUiLCJpc3MiOiJodHRwOi8vbG9jYWxob3N0OjgwODAiLCJleHAiOjQxMDI0NDQ4MDAsImlhdCI6MTc2NzIyNTYwMH0.AbGqKJNytLwGg5-IpjexI3LDqbDMKhUqyIwltUtwYTterpX0LdSONlWPyw9ROXl6dNRnjwd5yJd8lZwmZvT5eF419BNj5ejTeFnKGPj2koKr0BDLr-Vuv0X4m-JsNcr71wCMy5wV8OThLoqRI6uqr7JlFYxiAnoPRjmmgbiSM6HizoO_N6anUripwLlsCGGZPoVQYPP3IPnu_1oWsvwGE8OO--8rATXWcNDixQ57StLJS0iYiy9l4bjJWHJNA3gMozjhjcVqrQLm1CjdKnZaobQIWRvOYNW6TxA9NFy1XYdGwn8cTN1xKGrKORaDR77mEStcnOd1jUaAzu-KyT6Fcg";
    /** The refresh token the refresh-grant contract exchanges (seeded on the producer side). */
    static final String PARTNER_API_KEY = "mk_live_contract-fixture-partner-key-0000000001";

    static final UUID PARTNER_API_KEY_ID = UUID.fromString("a9000000-0000-4000-8000-000000000001");
    static final String PARTNER_ID = "9a000000-0000-4000-8000-000000000006";
    static final String SELLER_REFRESH_TOKEN = "rt_contract-fixture-seller-refresh-token-0001";
    /** Another seller's access token (items:write, owns none of the fixture items), from their identity provider. */
    static final String OTHER_SELLER_TOKEN =
            "eyJraWQiOiJtYXJrZXRwbGFjZS0xIiwidHlwIjoiSldUIiwiYWxnIjoiUlMyNTYifQ.eyJhdWQiOiJtYXJrZXRwbGFjZS1hcGkiLCJzdWIiOiI1ZTExZTQwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDIiLCJuYmYiOjE3NjcyMjU2MDAsInJvbGUiOiJzZWxsZXIiLCJzY29wZSI6ImFjY291bnQgaXRlbXM6cmVhZCBpdGVtczp3cml0ZSBvcmRlcnM6cmVhZCBvcmRlcnM6d3JpdGUiLCJpc3MiOiJodHRwOi8vbG9jYWxob3N0OjgwODAiLCJleHAiOjQxMDI0NDQ4MDAsImlhdCI6MTc2NzIyNTYwMH0.EgGCthrEbss6S8m23fJkhrqbkezDUtel6qKeU4JklP-PWmDKGgwJm22leU5IKG9pDv0J4nS5y__zt1ZNfIx7oLF4UoyOj3vJwsrD1Lof7eUivAGGI5dO1IgXuKog93qB2uGfDlMBHMS0b9y9hhfYbPJo8fXIDRJnngaImKgl0x-d2zZCiOk1_3bUPH82qhQSNRiTaNzP0x5Gph0sr_YDF6Gne-cKt6ihkEtHLTgrX2319wZfYZwXxz1FTNtRGAqO2rWr_4qBm-r59r_NrSNyBykzKDckOslbIWsANBPA71yyGezbIzE1jnSGYbgvVDUeJiExbhAxk6ynmhBBSV39Ig";

    static final UUID ENDPOINT_ID = UUID.fromString("3b9e8f1c-7a2d-4e6f-8b1a-2c3d4e5f6a7b");
    static final UUID DELIVERY_ID = UUID.fromString("9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
    /** The 70-byte PNG of the contracts (lamp.png). */
    static final byte[] LAMP_PNG = java.util.Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    static final UUID LAMP = UUID.fromString("11111111-1111-4111-8111-111111111111");

    @StubRunnerPort("contracts")
    int stubPort;

    MarketplaceClient client;

    @BeforeEach
    void client() {
        client = anonymousClient();
        client.login(SELLER_EMAIL, SELLER_PASSWORD);
    }

    MarketplaceClient anonymousClient() {
        return MarketplaceClient.builder("http://localhost:" + stubPort)
                .requestIds(() -> REQUEST_ID)
                .build();
    }

    /** The partner contract test classes; the guard below checks once all of them have run in this JVM. */
    private static final Set<Class<?>> CONCERNS = Set.of(
            PartnerAuthContractTest.class,
            PartnerItemsContractTest.class,
            PartnerImagesContractTest.class,
            PartnerOrdersContractTest.class,
            PartnerApiKeysContractTest.class,
            PartnerWebhooksContractTest.class);

    private static final Set<Class<?>> FINISHED = ConcurrentHashMap.newKeySet();

    /**
     * Guards against a new partner-integration contract nobody exercises: every stub registered from
     * the contracts must have been matched by at least one request of these classes (WireMock admin API).
     * They share one Spring context and so one WireMock server (the same configuration, cached by the
     * TestContext framework); the check runs after the last of them. When only some of them run (e.g.
     * {@code -Dtest=PartnerItemsContractTest}) there is nothing to check.
     */
    @AfterAll
    void everyPartnerIntegrationContractWasExercised() {
        FINISHED.add(getClass());
        if (!FINISHED.containsAll(CONCERNS)) {
            return;
        }
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
}
