package dev.marketplace.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Standard Webhooks reference vector (standard-webhooks/libraries, WebhookTest#verifyWebhookSignWorks) and the failure cases. */
class WebhookVerifierTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private final WebhookVerifier verifier = new WebhookVerifier(
            SECRET, Duration.ofMinutes(5), Clock.fixed(Instant.ofEpochSecond(TIMESTAMP + 10), ZoneOffset.UTC));

    @Test
    void signsTheReferenceVector() {
        assertThat(verifier.sign(ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
        assertThat(new WebhookVerifier("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").sign(ID, TIMESTAMP, BODY))
                .isEqualTo(SIGNATURE);
    }

    @Test
    void acceptsTheReferenceVectorAlsoAmongOtherSignatures() throws Exception {
        verifier.verify(BODY, headers(SIGNATURE));
        verifier.verify(BODY, headers("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,xyz " + SIGNATURE));
        verifier.verify(
                BODY,
                Map.of(
                        "Webhook-Id",
                        ID,
                        "Webhook-Timestamp",
                        Long.toString(TIMESTAMP),
                        "Webhook-Signature",
                        SIGNATURE));
    }

    @Test
    void refusesATamperedBodyAWrongSecretAMissingHeaderAndAStaleTimestamp() {
        assertThatThrownBy(() -> verifier.verify(BODY + " ", headers(SIGNATURE)))
                .isInstanceOf(WebhookVerifier.InvalidSignatureException.class);
        assertThatThrownBy(() -> new WebhookVerifier(
                                "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
                                Duration.ofMinutes(5),
                                Clock.fixed(Instant.ofEpochSecond(TIMESTAMP), ZoneOffset.UTC))
                        .verify(BODY, headers(SIGNATURE)))
                .isInstanceOf(WebhookVerifier.InvalidSignatureException.class);
        assertThatThrownBy(() -> verifier.verify(BODY, Map.of("webhook-id", ID, "webhook-signature", SIGNATURE)))
                .isInstanceOf(WebhookVerifier.InvalidSignatureException.class);
        assertThatThrownBy(() -> verifier.verify(BODY, headers("v2," + SIGNATURE.substring(3))))
                .isInstanceOf(WebhookVerifier.InvalidSignatureException.class);
        WebhookVerifier later = new WebhookVerifier(
                SECRET, Duration.ofMinutes(5), Clock.fixed(Instant.ofEpochSecond(TIMESTAMP + 301), ZoneOffset.UTC));
        assertThatThrownBy(() -> later.verify(BODY, headers(SIGNATURE))).hasMessageContaining("tolerance");
    }

    private static Map<String, String> headers(String signature) {
        return Map.of("webhook-id", ID, "webhook-timestamp", Long.toString(TIMESTAMP), "webhook-signature", signature);
    }
}
