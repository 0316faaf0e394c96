package dev.marketplace.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Sends one webhook attempt. Built on Boot's {@link RestClient.Builder} (so observations and trace headers
 * apply) over Apache HttpClient 5 with the {@link GuardedDnsResolver}: it connects only to checked
 * addresses, never follows redirects, never retries by itself, uses no proxy and no cookies.
 */
@Component
class WebhookSender {

    static final String USER_AGENT = "Marketplace-Webhooks/2.0 (+https://api.marketplace.example/docs/webhooks)";
    static final int EXCERPT_BYTES = 1024;

    /** What came back: a status (or none, with an error code), Retry-After and the start of the body. */
    record Answer(Integer status, Duration retryAfter, String excerpt, String error, long durationMs) {
        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final RestClient client;
    private final TargetGuard guard;
    private final Clock clock;

    WebhookSender(RestClient.Builder builder, WebhookProperties properties, TargetGuard guard, Clock clock) {
        this.guard = guard;
        this.clock = clock;
        CloseableHttpClient http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new GuardedDnsResolver(guard))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                                .setSocketTimeout(Timeout.of(properties.responseTimeout()))
                                // Receivers close idle keep-alive connections: check a pooled one before reusing it.
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .setTimeToLive(TimeValue.ofMinutes(5))
                                .build())
                        .setMaxConnTotal(200)
                        .setMaxConnPerRoute(10)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(properties.responseTimeout()))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        this.client = builder.clone()
                .requestFactory(new HttpComponentsClientHttpRequestFactory(http))
                .build();
    }

    Answer send(String url, String webhookId, long timestamp, String signature, String payload) {
        long started = System.nanoTime();
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return new Answer(null, null, null, "url_not_allowed", 0);
        }
        if (guard.staticRejection(uri) != null) {
            return new Answer(null, null, null, "url_not_allowed", 0);
        }
        try {
            return client.post()
                    .uri(uri)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("User-Agent", USER_AGENT)
                    .header("webhook-id", webhookId)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", signature)
                    .body(payload.getBytes(StandardCharsets.UTF_8))
                    .exchange(
                            (request, response) -> {
                                int status = response.getStatusCode().value();
                                String excerpt = excerpt(response.getBody());
                                Duration retryAfter =
                                        retryAfter(response.getHeaders().getFirst("Retry-After"));
                                String error = status >= 300 && status < 400 ? "redirect_not_followed" : null;
                                return new Answer(status, retryAfter, excerpt, error, millisSince(started));
                            },
                            true);
        } catch (RuntimeException e) {
            return new Answer(null, null, null, classify(e), millisSince(started));
        }
    }

    private static String excerpt(InputStream body) {
        try (body) {
            byte[] head = body.readNBytes(EXCERPT_BYTES);
            String text = new String(head, StandardCharsets.UTF_8);
            // Cut on a character boundary that fits the column (1024 characters at most).
            return text.length() > EXCERPT_BYTES ? text.substring(0, EXCERPT_BYTES) : text;
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code Retry-After} as seconds or an HTTP-date; null when absent or unreadable. */
    Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit) && trimmed.length() <= 9) {
            return Duration.ofSeconds(Long.parseLong(trimmed));
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException
                    || t instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
                return "timeout";
            }
            if (t instanceof TargetGuard.BlockedAddressException) {
                return "blocked_address";
            }
            if (t instanceof UnknownHostException) {
                return "dns_failed";
            }
            if (t instanceof ConnectException || t instanceof org.apache.hc.client5.http.HttpHostConnectException) {
                return "connect_failed";
            }
            if (t instanceof SSLException) {
                return "tls_failed";
            }
        }
        return "io_error";
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
