package dev.marketplace.shared.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.user.UserService;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The server behind a trusted proxy (here: the test itself, on loopback, listed in {@code marketplace.trusted-proxies}):
 * the client named in {@code X-Forwarded-For} is the identity for the rate limits and the access log, and
 * {@code X-Forwarded-Proto} is the scheme the server sees. Each test uses its own client addresses (TEST-NET ranges),
 * so the buckets of one test never drain another's.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "marketplace.trusted-proxies=127.0.0.1/32, ::1/128",
            "marketplace.rate-limit.anonymous.requests=3",
            "marketplace.rate-limit.anonymous.window=1h", // one token back per 20 min: a slow machine cannot refill a
            // bucket mid-test
            "marketplace.rate-limit.auth.requests=2",
            "marketplace.rate-limit.auth.window=1h",
            "marketplace.rate-limit.authenticated.requests=100000"
        })
class TrustedProxyIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    UserService users;

    @Test
    void eachClientBehindTheProxyHasItsOwnAnonymousBucket() {
        ApiClient proxy = new ApiClient(port);
        for (int i = 0; i < 3; i++) {
            assertThat(get(proxy, "203.0.113.1").status()).isEqualTo(200);
        }
        Response limited = get(proxy, "203.0.113.1");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("RateLimit-Policy")).isEqualTo("\"anonymous\";q=3;w=3600");

        Response other = get(proxy, "203.0.113.2");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("RateLimit")).startsWith("\"anonymous\";r=2;t=");
    }

    @Test
    void eachClientBehindTheProxyHasItsOwnSignInBucket() {
        ApiClient proxy = new ApiClient(port);
        Map<String, String> wrongPassword =
                Map.of("grant_type", "password", "username", "nobody@example.com", "password", "guess-guess-guess");
        for (int i = 0; i < 2; i++) {
            assertThat(signIn(proxy, "198.51.100.1", wrongPassword).status()).isEqualTo(400);
        }
        assertThat(signIn(proxy, "198.51.100.1", wrongPassword).status()).isEqualTo(429);
        // another client behind the same proxy is not locked out by the first one's failures
        Response other = signIn(proxy, "198.51.100.2", wrongPassword);
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.header("RateLimit")).startsWith("\"auth\";r=1;t=");
    }

    @Test
    void aClientCannotChooseItsIdentityByPrependingToTheProxysHeader() {
        ApiClient proxy = new ApiClient(port);
        // A proxy that appends (nginx's $proxy_add_x_forwarded_for): the client sent "192.0.2.66", the proxy saw
        // 192.0.2.77.
        // The rightmost address not belonging to a trusted proxy is the client, whatever it claimed to the left.
        for (String claimed : new String[] {"192.0.2.66", "192.0.2.67", "192.0.2.68"}) {
            assertThat(get(proxy, claimed + ", 192.0.2.77").status()).isEqualTo(200);
        }
        assertThat(get(proxy, "192.0.2.69, 192.0.2.77").status()).isEqualTo(429);
    }

    @Test
    void theAccessLogShowsTheRealClient(CapturedOutput output) {
        ApiClient proxy = new ApiClient(port);
        proxy.send(
                "GET",
                "/api/v2/items?limit=1",
                null,
                null,
                Map.of("X-Forwarded-For", "203.0.113.50", "X-Request-Id", "proxy-log-1"));
        // a chain through two trusted proxies: the loopback hop is skipped, the client remains
        proxy.send(
                "GET",
                "/api/v2/items?limit=1",
                null,
                null,
                Map.of("X-Forwarded-For", "203.0.113.51, 127.0.0.1", "X-Request-Id", "proxy-log-2"));
        // without the header the proxy itself is the client
        proxy.send("GET", "/api/v2/items?limit=1", null, null, Map.of("X-Request-Id", "proxy-log-3"));
        // RFC 7239 Forwarded is not read (documented): only X-Forwarded-*
        proxy.send(
                "GET",
                "/api/v2/items?limit=1",
                null,
                null,
                Map.of("Forwarded", "for=203.0.113.52", "X-Request-Id", "proxy-log-4"));

        assertThat(ProxyTestSupport.accessLogClientIp(output, "proxy-log-1")).isEqualTo("203.0.113.50");
        assertThat(ProxyTestSupport.accessLogClientIp(output, "proxy-log-2")).isEqualTo("203.0.113.51");
        assertThat(ProxyTestSupport.accessLogClientIp(output, "proxy-log-3")).isEqualTo("127.0.0.1");
        assertThat(ProxyTestSupport.accessLogClientIp(output, "proxy-log-4")).isEqualTo("127.0.0.1");
    }

    @Test
    void theSchemeTheProxyReportsIsTheServersOwnOrigin() {
        String cookie = ProxyTestSupport.sessionCookie(new ApiClient(port), users);
        String httpsOrigin = "https://127.0.0.1:" + port;

        // TLS ends at the proxy: the browser's origin is https; with X-Forwarded-Proto the server knows its origin is
        // too.
        assertThat(ProxyTestSupport.handshake(
                        port,
                        Map.of(
                                "Cookie",
                                cookie,
                                "Origin",
                                httpsOrigin,
                                "X-Forwarded-Proto",
                                "https",
                                "X-Forwarded-For",
                                "203.0.113.60")))
                .isEqualTo(101);
        assertThat(ProxyTestSupport.handshake(
                        port, Map.of("Cookie", cookie, "Origin", httpsOrigin, "X-Forwarded-For", "203.0.113.60")))
                .isEqualTo(403);
    }

    private static Response get(ApiClient proxy, String forwardedFor) {
        return proxy.send("GET", "/api/v2/items?limit=1", null, null, Map.of("X-Forwarded-For", forwardedFor));
    }

    private static Response signIn(ApiClient proxy, String forwardedFor, Map<String, String> form) {
        String body = "grant_type=password&username=" + form.get("username").replace("@", "%40") + "&password="
                + form.get("password");
        return proxy.send(
                "POST",
                "/api/v2/auth/token",
                "application/x-www-form-urlencoded",
                body,
                Map.of("X-Forwarded-For", forwardedFor));
    }
}
