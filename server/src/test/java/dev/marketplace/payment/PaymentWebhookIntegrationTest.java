package dev.marketplace.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marketplace.order.OrderStatusChanged;
import dev.marketplace.order.OrderTestSupport;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.TestAccounts.Session;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The payment provider's webhook: a signed {@code payment.succeeded} pays the order once; unsigned, wrongly
 * signed, stale, malformed, mismatching and replayed events change nothing.
 */
class PaymentWebhookIntegrationTest extends ApiIntegrationTest {

    private static final String WEBHOOK = "/api/v2/payments/webhook";

    @Autowired
    WebhookSignatures signatures;

    @Autowired
    JdbcTemplate jdbc;

    OrderTestSupport orders;
    Session buyer;
    String orderId;

    @BeforeEach
    void placeAnOrder() {
        orders = new OrderTestSupport(anonymous);
        buyer = accounts.session("buyer");
        String lamp = orders.item(seller(), "49.90", "EUR", 5);
        orderId = orders.place(buyer, lamp, 2);
    }

    @Test
    void aSignedPaymentPaysTheOrderOnceAndARedeliveryIsADuplicate() {
        String event = event(
                "evt_" + UUID.randomUUID().toString().replace("-", ""), "payment.succeeded", orderId, "99.80", "EUR");

        Response paid = post(event, signatures.sign(now(), bytes(event)));

        assertThat(paid.status()).as(paid.body()).isEqualTo(200);
        assertThat(json(paid).get("status").asString()).isEqualTo("processed");
        JsonNode order = order();
        assertThat(order.get("status").asString()).isEqualTo("paid");
        assertThat(order.get("version").asLong()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        !recordedEvents.of(OrderStatusChanged.class, orderId).isEmpty());
        assertThat(recordedEvents
                        .of(OrderStatusChanged.class, orderId)
                        .getFirst()
                        .envelope())
                .contains("\"status\":\"paid\"");

        Response again = post(event, signatures.sign(now(), bytes(event)));

        assertThat(again.status()).isEqualTo(200);
        assertThat(json(again).get("status").asString()).isEqualTo("duplicate");
        assertThat(order().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void unsignedWronglySignedAndStaleRequestsAreRefusedAndChangeNothing() {
        String event = event(
                "evt_unsigned_" + UUID.randomUUID().toString().replace("-", ""),
                "payment.succeeded",
                orderId,
                "99.80",
                "EUR");
        long now = now();

        assertThat(problem(post(event, null), 401, "invalid_signature")
                        .get("detail")
                        .asString())
                .contains("no Payment-Signature");
        problem(post(event, "garbage"), 401, "invalid_signature");
        problem(post(event, "t=" + now + ",v1=" + "0".repeat(64)), 401, "invalid_signature");
        // Signed for another body (the amount changed on the way).
        problem(post(event.replace("99.80", "1.00"), signatures.sign(now, bytes(event))), 401, "invalid_signature");
        // Signed with another secret.
        problem(post(event, "t=" + now + ",v1=" + hmacWithOtherSecret(now, event)), 401, "invalid_signature");
        JsonNode stale = problem(post(event, signatures.sign(now - 301, bytes(event))), 401, "invalid_signature");
        assertThat(stale.get("detail").asString()).contains("300 s");
        // From the future: the server reads its clock after this test and in whole seconds, so "now + 301" was
        // 300 s ahead (accepted) whenever a second ticked over in between; a fresh clock and 5 s beyond it are not.
        problem(post(event, signatures.sign(now() + 305, bytes(event))), 401, "invalid_signature");

        assertThat(order().get("status").asString()).isEqualTo("placed");
        assertThat(recorded(event)).isZero();
    }

    @Test
    void signedButMalformedOrMismatchingEventsAreRefusedAndChangeNothing() {
        String id = "evt_bad_" + UUID.randomUUID().toString().replace("-", "");
        String malformed = "{\"id\":\"" + id + "\",\"type\":";
        problem(post(malformed, signatures.sign(now(), bytes(malformed))), 400, "malformed_request");
        String missingData = "{\"id\":\"" + id + "\",\"type\":\"payment.succeeded\",\"created\":1768469400}";
        assertValidationError(post(missingData, signatures.sign(now(), bytes(missingData))), "data", "required");

        String wrongAmount = event(id, "payment.succeeded", orderId, "99.00", "EUR");
        JsonNode mismatch =
                problem(post(wrongAmount, signatures.sign(now(), bytes(wrongAmount))), 422, "payment_mismatch");
        assertThat(mismatch.get("detail").asString()).contains("99.80 EUR");
        String wrongCurrency = event(id, "payment.succeeded", orderId, "99.80", "USD");
        problem(post(wrongCurrency, signatures.sign(now(), bytes(wrongCurrency))), 422, "payment_mismatch");
        String unknownOrder = event(id, "payment.succeeded", UUID.randomUUID().toString(), "99.80", "EUR");
        problem(post(unknownOrder, signatures.sign(now(), bytes(unknownOrder))), 422, "unknown_order");
        assertThat(order().get("status").asString()).isEqualTo("placed");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM payment_events WHERE id = ?", Integer.class, id))
                .isZero();

        // Nothing was recorded, so the provider's corrected delivery of the same event id goes through.
        String right = event(id, "payment.succeeded", orderId, "99.80", "EUR");
        assertThat(json(post(right, signatures.sign(now(), bytes(right))))
                        .get("status")
                        .asString())
                .isEqualTo("processed");
        assertThat(order().get("status").asString()).isEqualTo("paid");
    }

    @Test
    void otherEventTypesAreAcknowledgedAndIgnored() {
        String event = event(
                "evt_refund_" + UUID.randomUUID().toString().replace("-", ""),
                "payment.refunded",
                orderId,
                "99.80",
                "EUR");

        Response response = post(event, signatures.sign(now(), bytes(event)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(json(response).get("status").asString()).isEqualTo("ignored");
        assertThat(order().get("status").asString()).isEqualTo("placed");
    }

    @Test
    void aPaymentForACancelledOrderIsAConflict() {
        assertThat(orders.transition(buyer, orderId, "cancelled").status()).isEqualTo(200);
        String event = event(
                "evt_late_" + UUID.randomUUID().toString().replace("-", ""),
                "payment.succeeded",
                orderId,
                "99.80",
                "EUR");

        problem(post(event, signatures.sign(now(), bytes(event))), 409, "illegal_transition");

        assertThat(order().get("status").asString()).isEqualTo("cancelled");
        assertThat(recorded(event)).isZero();
    }

    private Response post(String body, String signature) {
        return anonymous.send(
                "POST",
                WEBHOOK,
                "application/json",
                body,
                signature == null ? Map.of() : Map.of("Payment-Signature", signature));
    }

    private JsonNode order() {
        return json(anonymous.withToken(buyer.accessToken()).get("/api/v2/orders/" + orderId));
    }

    private int recorded(String event) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM payment_events WHERE id = ?",
                Integer.class,
                JSON.readTree(event).get("id").asString());
    }

    private static String event(String id, String type, String orderId, String amount, String currency) {
        return """
                {"id":"%s","type":"%s","created":%d,"data":{"order_id":"%s","amount":"%s","currency":"%s"}}""".formatted(id, type, now(), orderId, amount, currency);
    }

    private static String hmacWithOtherSecret(long timestamp, String body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    "another-secret-of-enough-length".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of()
                    .formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
