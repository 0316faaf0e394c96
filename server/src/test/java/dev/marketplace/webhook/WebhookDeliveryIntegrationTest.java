package dev.marketplace.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.webhook.WebhookReceiver.Received;
import dev.marketplace.webhook.WebhookReceiver.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks delivered for real: a partner registers an endpoint on a loopback receiver, creates an item, and
 * the receiver sees signed Standard Webhooks requests — retried with a stable id, stopped by 410, delayed by
 * Retry-After, never redirected, double-signed after a rotation — and the delivery log shows every attempt.
 */
@TestPropertySource(
        properties = {
            "marketplace.webhooks.allow-insecure-urls=true",
            "marketplace.webhooks.allow-private-targets=true",
            "marketplace.webhooks.poll-interval=100ms",
            "marketplace.webhooks.retry-schedule=300ms,300ms,300ms"
        })
class WebhookDeliveryIntegrationTest extends ApiIntegrationTest {

    WebhookReceiver receiver;
    ApiClient partner;

    @BeforeEach
    void start() {
        receiver = new WebhookReceiver();
        partner = anonymous.withToken(accounts.session("partner").accessToken());
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void retriesWithTheSameIdAndValidSignaturesUntilDelivered() throws Exception {
        receiver.answer(Reply.of(500), Reply.of(500));
        JsonNode created = register(receiver.url("/hooks"), "item.created");
        String secret = created.get("secret").asString();
        String endpointId = created.get("webhook_endpoint").get("id").asString();
        String itemId = createItem();

        List<Received> got = awaitRequests(3);
        Received first = got.getFirst();
        String webhookId = first.header("webhook-id");
        JsonNode body = JSON.readTree(first.body());
        assertThat(body.get("type").asString()).isEqualTo("item.created");
        assertThat(body.get("id").asString()).isEqualTo(webhookId);
        assertThat(body.get("data").get("id").asString()).isEqualTo(itemId);
        assertThat(body.get("occurred_at").asString()).endsWith("Z");
        long previousTimestamp = 0;
        for (Received request : got) {
            assertThat(request.header("webhook-id")).isEqualTo(webhookId);
            assertThat(request.body()).isEqualTo(first.body());
            assertThat(request.header("Content-Type")).startsWith("application/json");
            assertThat(request.header("User-Agent")).startsWith("Marketplace-Webhooks/");
            long timestamp = Long.parseLong(request.header("webhook-timestamp"));
            assertThat(timestamp).isGreaterThanOrEqualTo(previousTimestamp);
            previousTimestamp = timestamp;
            new Webhook(secret).verify(request.body(), request.lowerCaseHeaders()); // the reference implementation
        }
        assertThat(Duration.between(got.get(0).at(), got.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(400));

        JsonNode delivery = awaitDelivery(endpointId, "delivered");
        assertThat(delivery.get("event_id").asString()).isEqualTo(webhookId);
        assertThat(delivery.get("attempt_count").asInt()).isEqualTo(3);
        List<Integer> statuses = new ArrayList<>();
        delivery.get("attempts").forEach(a -> statuses.add(a.get("status_code").asInt()));
        assertThat(statuses).containsExactly(200, 500, 500);
        assertThat(delivery.get("attempts").get(1).get("response_excerpt").asString())
                .isEqualTo("status 500");
        assertThat(receiver.received()).hasSize(3);
    }

    @Test
    void goneDisablesTheEndpointAtOnce() {
        receiver.answer(Reply.of(410));
        String endpointId = register(receiver.url("/gone"), "item.created")
                .get("webhook_endpoint")
                .get("id")
                .asString();
        createItem();

        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        "disabled".equals(endpoint(endpointId).get("status").asString()));
        JsonNode endpoint = endpoint(endpointId);
        assertThat(endpoint.get("disabled_reason").asString()).contains("410");
        assertThat(awaitDelivery(endpointId, "failed").get("attempt_count").asInt())
                .isEqualTo(1);

        createItem(); // nothing is queued for a disabled endpoint
        sleep(Duration.ofMillis(800));
        assertThat(receiver.received()).hasSize(1);
        Response redeliver = partner.post(
                "/api/v2/webhook-endpoints/" + endpointId + "/deliveries/"
                        + deliveries(endpointId).get("data").get(0).get("id").asString() + "/redeliver",
                null);
        problem(redeliver, 409, "webhook_endpoint_disabled");
    }

    @Test
    void retryAfterIsHonoured() {
        receiver.answer(new Reply(503, Map.of("Retry-After", "2"), "busy"));
        register(receiver.url("/busy"), "item.created");
        createItem();

        List<Received> got = awaitRequests(2);
        assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void redirectsAreNotFollowed() {
        receiver.answer(new Reply(302, Map.of("Location", receiver.url("/elsewhere")), ""));
        String endpointId = register(receiver.url("/moved"), "item.created")
                .get("webhook_endpoint")
                .get("id")
                .asString();
        createItem();

        awaitRequests(2);
        JsonNode delivery = awaitDelivery(endpointId, "delivered");
        JsonNode firstAttempt = delivery.get("attempts").get(1);
        assertThat(firstAttempt.get("status_code").asInt()).isEqualTo(302);
        assertThat(firstAttempt.get("error").asString()).isEqualTo("redirect_not_followed");
        assertThat(receiver.received()).extracting(Received::path).containsOnly("/moved");
    }

    @Test
    void afterARotationBothSecretsSignUntilTheGracePeriodEnds() throws Exception {
        JsonNode created = register(receiver.url("/rotating"), "item.created");
        String oldSecret = created.get("secret").asString();
        String endpointId = created.get("webhook_endpoint").get("id").asString();
        Response rotated = partner.post("/api/v2/webhook-endpoints/" + endpointId + "/secret/rotate", null);
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.header("Cache-Control")).contains("no-store");
        String newSecret = json(rotated).get("secret").asString();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        createItem();

        Received request = awaitRequests(1).getFirst();
        String[] signatures = request.header("webhook-signature").split(" ");
        assertThat(signatures).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        new Webhook(newSecret).verify(request.body(), request.lowerCaseHeaders());
        new Webhook(oldSecret).verify(request.body(), request.lowerCaseHeaders());
        String id = request.header("webhook-id");
        long timestamp = Long.parseLong(request.header("webhook-timestamp"));
        assertThat(signatures[0]).isEqualTo(new Webhook(newSecret).sign(id, timestamp, request.body()));
        assertThat(signatures[1]).isEqualTo(new Webhook(oldSecret).sign(id, timestamp, request.body()));
    }

    @Test
    void aDeliveryCanBeSentAgainWithTheSameId() {
        String endpointId = register(receiver.url("/again"), "item.created")
                .get("webhook_endpoint")
                .get("id")
                .asString();
        createItem();
        awaitRequests(1);
        JsonNode delivery = awaitDelivery(endpointId, "delivered");

        Response redeliver = partner.post(
                "/api/v2/webhook-endpoints/" + endpointId + "/deliveries/"
                        + delivery.get("id").asString() + "/redeliver",
                null);
        assertThat(redeliver.status()).isEqualTo(202);
        List<Received> got = awaitRequests(2);
        assertThat(got.get(1).header("webhook-id")).isEqualTo(got.get(0).header("webhook-id"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> awaitDelivery(endpointId, "delivered")
                                .get("attempt_count")
                                .asInt()
                        == 2);
    }

    @Test
    void exhaustedRetriesFailTheDeliveryAndDisableTheEndpoint() {
        receiver.otherwise(Reply.of(500));
        String endpointId = register(receiver.url("/down"), "item.created")
                .get("webhook_endpoint")
                .get("id")
                .asString();
        createItem();

        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        "disabled".equals(endpoint(endpointId).get("status").asString()));
        assertThat(awaitDelivery(endpointId, "failed").get("attempt_count").asInt())
                .isEqualTo(4); // first try + 3 retries
        assertThat(receiver.received()).hasSize(4);
        assertThat(endpoint(endpointId).get("disabled_reason").asString()).contains("failed");

        // Re-enabling resumes nothing already failed, but new events flow again.
        receiver.otherwise(Reply.of(200));
        assertThat(partner.patch("/api/v2/webhook-endpoints/" + endpointId, "{\"status\":\"active\"}")
                        .status())
                .isEqualTo(200);
        assertThat(endpoint(endpointId).get("disabled_reason").isNull()).isTrue();
        createItem();
        awaitRequests(5);
    }

    @Test
    void onlySubscribedTypesAndOwnEventsAreDelivered() {
        register(receiver.url("/orders-only"), "order.placed");
        try (WebhookReceiver other = new WebhookReceiver()) {
            ApiClient stranger = anonymous.withToken(accounts.session("partner").accessToken());
            assertThat(stranger.post("/api/v2/webhook-endpoints", """
                    {"url":"%s","event_types":["item.created"]}""".formatted(other.url("/stranger")))
                            .status())
                    .isEqualTo(201);
            createItem(); // by `partner`: not subscribed here, not in the stranger's audience
            sleep(Duration.ofMillis(1000));
            assertThat(receiver.received()).isEmpty();
            assertThat(other.received()).isEmpty();
        }
    }

    @Test
    void endpointsAreManagedByTheirOwnerOnly() {
        JsonNode created = register(receiver.url("/mine"), "item.created");
        String id = created.get("webhook_endpoint").get("id").asString();
        assertThat(created.get("secret").asString()).matches("whsec_[A-Za-z0-9+/]{32}");

        ApiClient stranger = anonymous.withToken(accounts.session("partner").accessToken());
        problem(stranger.get("/api/v2/webhook-endpoints/" + id), 404, "not_found");
        problem(stranger.patch("/api/v2/webhook-endpoints/" + id, "{\"description\":\"x\"}"), 404, "not_found");
        problem(stranger.delete("/api/v2/webhook-endpoints/" + id), 404, "not_found");
        problem(stranger.get("/api/v2/webhook-endpoints/" + id + "/deliveries"), 404, "not_found");
        problem(stranger.post("/api/v2/webhook-endpoints/" + id + "/secret/rotate", null), 404, "not_found");
        assertThat(json(stranger.get("/api/v2/webhook-endpoints")).get("data")).isEmpty();

        JsonNode listed = json(partner.get("/api/v2/webhook-endpoints")).get("data");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).has("secret")).isFalse();
        Response patched = partner.patch(
                "/api/v2/webhook-endpoints/" + id,
                "{\"description\":null,\"event_types\":[\"order.placed\",\"item.created\"]}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(json(patched).get("description").isNull()).isTrue();
        problem(partner.patch("/api/v2/webhook-endpoints/" + id, "{}"), 400, "empty_patch");
        assertValidationError(
                partner.patch("/api/v2/webhook-endpoints/" + id, "{\"event_types\":[]}"), "event_types", "length");
        assertThat(partner.delete("/api/v2/webhook-endpoints/" + id).status()).isEqualTo(204);
        problem(partner.get("/api/v2/webhook-endpoints/" + id), 404, "not_found");
    }

    @Test
    void registrationRefusesUnsafeUrlsAndUnknownTypes() {
        assertValidationError(partner.post("/api/v2/webhook-endpoints", """
                {"url":"ftp://partner.example.com/hook","event_types":["item.created"]}"""), "url", "url_not_allowed");
        assertValidationError(partner.post("/api/v2/webhook-endpoints", """
                {"url":"http://user:pw@127.0.0.1/hook","event_types":["item.created"]}"""), "url", "url_not_allowed");
        assertValidationError(partner.post("/api/v2/webhook-endpoints", """
                {"url":"http://2130706433/hook","event_types":["item.created"]}"""), "url", "url_not_allowed");
        problem(partner.post("/api/v2/webhook-endpoints", """
                {"url":"https://partner.example.com/hook","event_types":["item.deleted"]}"""), 400, "validation_error");
        problem(
                anonymous.withToken(seller().accessToken()).post("/api/v2/webhook-endpoints", """
                {"url":"https://partner.example.com/hook","event_types":["item.created"]}"""),
                403,
                "insufficient_scope");
    }

    private JsonNode register(String url, String... types) {
        String list =
                String.join(",", Arrays.stream(types).map(t -> "\"" + t + "\"").toList());
        Response created = partner.post("/api/v2/webhook-endpoints", """
                {"url":"%s","event_types":[%s],"description":"test receiver"}""".formatted(url, list));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).startsWith("/api/v2/webhook-endpoints/");
        return json(created);
    }

    private String createItem() {
        Response item =
                partner.post("/api/v2/items", "{\"name\":\"Hooked lamp\",\"price\":\"10.00\",\"currency\":\"EUR\"}");
        assertThat(item.status()).as(item.body()).isEqualTo(201);
        return json(item).get("id").asString();
    }

    private List<Received> awaitRequests(int count) {
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received().size() >= count);
        return receiver.received();
    }

    private JsonNode endpoint(String id) {
        Response response = partner.get("/api/v2/webhook-endpoints/" + id);
        assertThat(response.status()).isEqualTo(200);
        return json(response);
    }

    private JsonNode deliveries(String endpointId) {
        Response response = partner.get("/api/v2/webhook-endpoints/" + endpointId + "/deliveries?limit=10");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private JsonNode awaitDelivery(String endpointId, String status) {
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode data = deliveries(endpointId).get("data");
            return !data.isEmpty() && status.equals(data.get(0).get("status").asString());
        });
        return deliveries(endpointId).get("data").get(0);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
