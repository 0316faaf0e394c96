package dev.marketplace.client;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a webhook delivery the Standard Webhooks way (standardwebhooks.com): the
 * {@code webhook-signature} header holds space-separated {@code v1,<base64 HMAC-SHA256>} signatures of
 * {@code <webhook-id>.<webhook-timestamp>.<raw body>}, keyed with the base64-decoded part of your
 * {@code whsec_…} secret; one match is enough (two are sent for a day after a secret rotation). The
 * timestamp must be within the tolerance (5 minutes) of your clock, which stops replays.
 *
 * <pre>{@code
 * WebhookVerifier verifier = new WebhookVerifier(System.getenv("MARKETPLACE_WEBHOOK_SECRET"));
 * verifier.verify(rawBody, request::getHeader);   // throws WebhookVerifier.InvalidSignatureException
 * ItemCreatedEvent event = client.jsonMapper().readValue(rawBody, ItemCreatedEvent.class);
 * }</pre>
 * Verify the raw bytes as received, before parsing; deduplicate on {@code webhook-id}.
 */
public final class WebhookVerifier {

    public static final String SECRET_PREFIX = "whsec_";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    /** The delivery is not authentic (or too old / too new). */
    public static final class InvalidSignatureException extends Exception {
        InvalidSignatureException(String message) {
            super(message);
        }
    }

    private final byte[] key;
    private final Duration tolerance;
    private final Clock clock;

    public WebhookVerifier(String secret) {
        this(secret, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    public WebhookVerifier(String secret, Duration tolerance, Clock clock) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        this.key = Base64.getDecoder().decode(encoded);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** Verifies with headers looked up by (case-insensitive) name, e.g. {@code request::getHeader}. */
    public void verify(String body, Function<String, String> header) throws InvalidSignatureException {
        String id = header.apply("webhook-id");
        String timestamp = header.apply("webhook-timestamp");
        String signatures = header.apply("webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            throw new InvalidSignatureException("Missing webhook-id, webhook-timestamp or webhook-signature");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSignatureException("Invalid webhook-timestamp");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - seconds) > tolerance.toSeconds()) {
            throw new InvalidSignatureException("webhook-timestamp is outside the tolerance");
        }
        byte[] expected = Base64.getDecoder().decode(sign(id, seconds, body).substring(3));
        for (String candidate : signatures.trim().split(" ")) {
            if (!candidate.startsWith("v1,")) {
                continue;
            }
            try {
                if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(candidate.substring(3)))) {
                    return;
                }
            } catch (IllegalArgumentException ignored) {
                // not base64: not ours
            }
        }
        throw new InvalidSignatureException("No matching signature");
    }

    /** Verifies with a header map (any key case). */
    public void verify(String body, Map<String, String> headers) throws InvalidSignatureException {
        verify(
                body,
                name -> headers.entrySet().stream()
                        .filter(e -> e.getKey().equalsIgnoreCase(name))
                        .map(Map.Entry::getValue)
                        .findFirst()
                        .orElse(null));
    }

    /** {@code v1,<base64 HMAC-SHA256(key, id.timestamp.body)>}: what the server sends. */
    public String sign(String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
