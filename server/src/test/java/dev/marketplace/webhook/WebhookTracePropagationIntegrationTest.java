package dev.marketplace.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.webhook.WebhookReceiver.Received;
import dev.marketplace.webhook.WebhookReceiver.Reply;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The trace of the request that caused an event reaches the partner: through the outbox (which records the trace
 * with the event), the relay's fan-out (which copies it to the delivery) and the poller that sends it later — every attempt's
 * {@code traceparent} carries the request's trace id with a span id of its own, and the attempt's log lines
 * carry the same trace id.
 */
@ExtendWith(OutputCaptureExtension.class)
// The same settings as WebhookDeliveryIntegrationTest, so both share one application context.
@TestPropertySource(
        properties = {
            "marketplace.webhooks.allow-insecure-urls=true",
            "marketplace.webhooks.allow-private-targets=true",
            "marketplace.webhooks.poll-interval=100ms",
            "marketplace.webhooks.retry-schedule=300ms,300ms,300ms"
        })
class WebhookTracePropagationIntegrationTest extends ApiIntegrationTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    DeliveryRepository deliveries;

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
    void everyAttemptOfADeliveryCarriesTheTraceOfTheRequestThatCausedIt(CapturedOutput output) {
        receiver.answer(Reply.of(500));
        String endpointId = register(receiver.url("/traced"));
        String traceId = randomHex(16);
        String callerSpanId = randomHex(8);

        Response item = partner.send(
                "POST",
                "/api/v2/items",
                "application/json",
                "{\"name\":\"Traced lamp\",\"price\":\"10.00\",\"currency\":\"EUR\"}",
                Map.of("traceparent", "00-" + traceId + "-" + callerSpanId + "-01"));
        assertThat(item.status()).as(item.body()).isEqualTo(201);

        List<Received> got = awaitRequests(2); // 500, then delivered on the retry
        assertThat(got)
                .extracting(r -> r.header("webhook-id"))
                .containsOnly(got.getFirst().header("webhook-id"));
        List<String> spanIds = got.stream()
                .map(request -> {
                    String traceparent = request.header("traceparent");
                    assertThat(traceparent)
                            .as("traceparent of an attempt")
                            .matches("00-" + traceId + "-[0-9a-f]{16}-01");
                    return traceparent.split("-")[2];
                })
                .toList();
        // each attempt is a span of its own, neither the caller's nor the server span it answered with
        assertThat(spanIds)
                .doesNotHaveDuplicates()
                .doesNotContain(callerSpanId, item.header("traceresponse").split("-")[2]);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> "delivered"
                        .equals(latestDelivery(endpointId).get("status").asString()));
        JsonNode attemptLine = jsonLines(output).stream()
                .filter(l -> l.path("log").path("logger").asString().equals(DeliveryWorker.class.getName()))
                .filter(l -> l.path("message").asString().contains("not delivered: status 500"))
                .filter(l -> l.path("message").asString().contains(endpointId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no log line for the failed attempt"));
        assertThat(attemptLine.path("trace.id").asString()).isEqualTo(traceId);
    }

    @Test
    void withoutATraceparentTheDeliveryJoinsTheTraceTheRequestStarted() {
        register(receiver.url("/fresh"));

        Response item =
                partner.post("/api/v2/items", "{\"name\":\"Untraced lamp\",\"price\":\"10.00\",\"currency\":\"EUR\"}");
        assertThat(item.status()).as(item.body()).isEqualTo(201);

        String requestTraceId = item.header("traceresponse").split("-")[1];
        assertThat(awaitRequests(1).getFirst().header("traceparent"))
                .matches("00-" + requestTraceId + "-[0-9a-f]{16}-0[01]");
    }

    @Test
    void aQueuedDeliveryContinuesItsStoredTraceWhicheverInstanceSendsItAndWithoutOneStartsANewTrace() {
        // Rows as another instance (or this one before a restart) queued them: only the database holds the trace.
        UUID endpointId = UUID.fromString(register(receiver.url("/queued")));
        String traceId = randomHex(16);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        assertThat(deliveries.enqueue(
                        endpointId,
                        UUID.randomUUID(),
                        "item.created",
                        "{}",
                        "00-" + traceId + "-" + randomHex(8) + "-01",
                        now))
                .isTrue();
        List<Received> got = awaitRequests(1);
        assertThat(got.getFirst().header("traceparent")).matches("00-" + traceId + "-[0-9a-f]{16}-01");

        assertThat(deliveries.enqueue(endpointId, UUID.randomUUID(), "item.created", "{}", null, now))
                .isTrue();
        String untraced = awaitRequests(2).get(1).header("traceparent");
        assertThat(untraced).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        assertThat(untraced.split("-")[1]).isNotEqualTo(traceId);
    }

    private String register(String url) {
        Response created = partner.post("/api/v2/webhook-endpoints", """
                {"url":"%s","event_types":["item.created"]}""".formatted(url));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return json(created).get("webhook_endpoint").get("id").asString();
    }

    private List<Received> awaitRequests(int count) {
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received().size() >= count);
        return receiver.received();
    }

    private JsonNode latestDelivery(String endpointId) {
        Response response = partner.get("/api/v2/webhook-endpoints/" + endpointId + "/deliveries?limit=1");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode data = json(response).get("data");
        return data.isEmpty() ? JSON.createObjectNode() : data.get(0);
    }

    private static String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private static List<JsonNode> jsonLines(CapturedOutput output) {
        return output.getAll()
                .lines()
                .filter(l -> l.startsWith("{"))
                .map(JSON::readTree)
                .toList();
    }
}
