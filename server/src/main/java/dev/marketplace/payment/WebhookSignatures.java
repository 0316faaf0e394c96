package dev.marketplace.payment;

import dev.marketplace.shared.problem.ApiException;
import dev.marketplace.shared.problem.ProblemType;
import dev.marketplace.shared.security.SecretTokens;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Verifies the payment provider's {@code Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>">} (Stripe's scheme) with the shared secret: constant-time comparison, timestamps more
 * than the tolerance (5 minutes) away from now refused, so a captured request cannot be replayed later.
 */
@Component
@EnableConfigurationProperties(PaymentProperties.class)
public class WebhookSignatures {

    static final String HEADER = "Payment-Signature";
    private static final int MIN_SECRET_LENGTH = 16;
    private static final Logger log = LoggerFactory.getLogger(WebhookSignatures.class);

    private final byte[] secret;
    private final Duration tolerance;
    private final Clock clock;

    WebhookSignatures(PaymentProperties properties, Environment environment, Clock clock) {
        String configured = properties.webhookSecret();
        if (configured == null || configured.isBlank()) {
            if (environment.acceptsProfiles(Profiles.of("prod"))) {
                throw new IllegalStateException(
                        "marketplace.payments.webhook-secret (MARKETPLACE_PAYMENTS_WEBHOOK_SECRET) must be "
                                + "set in the prod profile: it is the secret the payment provider signs its webhooks with.");
            }
            log.warn(
                    "No payment webhook secret configured (marketplace.payments.webhook-secret): using one generated at start, "
                            + "so no payment provider can reach the webhook (development only)");
            configured = SecretTokens.generate("whsec_", 32);
        } else if (configured.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException(
                    "marketplace.payments.webhook-secret (MARKETPLACE_PAYMENTS_WEBHOOK_SECRET) must have at least "
                            + MIN_SECRET_LENGTH + " characters");
        }
        this.secret = configured.getBytes(StandardCharsets.UTF_8);
        this.tolerance = properties.signatureTolerance();
        this.clock = clock;
    }

    /** Throws {@code 401 invalid_signature} unless {@code header} signs {@code body} recently with the shared secret. */
    void verify(String header, byte[] body) {
        if (header == null || header.isBlank()) {
            throw invalid("The request has no Payment-Signature header.");
        }
        Long timestamp = null;
        String signature = null;
        for (String part : header.split(",")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                timestamp = parseLong(pair[1]);
            } else if (pair.length == 2 && pair[0].equals("v1") && signature == null) {
                signature = pair[1];
            }
        }
        if (timestamp == null || signature == null) {
            throw invalid("The Payment-Signature header must look like t=<unix seconds>,v1=<hex HMAC-SHA256>.");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - timestamp) > tolerance.toSeconds()) {
            throw invalid("The Payment-Signature timestamp is more than " + tolerance.toSeconds()
                    + " s away from the server's clock.");
        }
        byte[] expected = hmac(timestamp, body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(
                expected, signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw invalid("The Payment-Signature does not match the request body.");
        }
    }

    /** The header value the provider sends for {@code body} at {@code timestamp} (also what tests sign with). */
    public String sign(long timestamp, byte[] body) {
        return "t=" + timestamp + ",v1=" + hmac(timestamp, body);
    }

    private String hmac(long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    private static Long parseLong(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ProblemType.INVALID_SIGNATURE, detail);
    }
}
