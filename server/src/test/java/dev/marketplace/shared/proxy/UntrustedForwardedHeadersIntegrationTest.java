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
 * The shipped default trusts no proxy: forwarded headers a client sends itself change nothing — not its rate-limit
 * bucket, not the address in the access log, not the scheme the server sees.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "marketplace.rate-limit.anonymous.requests=3",
            "marketplace.rate-limit.anonymous.window=1h", // one token back per 20 min: a slow machine cannot refill a
            // bucket mid-test
            "marketplace.rate-limit.auth.requests=2",
            "marketplace.rate-limit.auth.window=1h",
            "marketplace.rate-limit.authenticated.requests=100000"
        })
class UntrustedForwardedHeadersIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    UserService users;

    @Test
    void spoofedForwardedHeadersChangeNothing(CapturedOutput output) {
        ApiClient client = new ApiClient(port);
        String[] spoofed = {"203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"};
        for (int i = 0; i < 3; i++) {
            Response ok = client.send(
                    "GET",
                    "/api/v2/items?limit=1",
                    null,
                    null,
                    Map.of(
                            "X-Forwarded-For",
                            spoofed[i],
                            "Forwarded",
                            "for=" + spoofed[i],
                            "X-Request-Id",
                            "spoof-" + i));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("RateLimit")).startsWith("\"anonymous\";r=" + (2 - i) + ";t=");
        }
        // a fresh address every time, still one bucket: the socket's
        Response limited =
                client.send("GET", "/api/v2/items?limit=1", null, null, Map.of("X-Forwarded-For", spoofed[3]));
        assertThat(limited.status()).isEqualTo(429);

        for (int i = 0; i < 3; i++) {
            assertThat(ProxyTestSupport.accessLogClientIp(output, "spoof-" + i)).isEqualTo("127.0.0.1");
        }
        assertThat(output.getAll()).doesNotContain("203.0.113.");
    }

    @Test
    void aSpoofedSchemeIsIgnored() {
        // sign-in uses the socket's auth bucket (2 here): one session is all this test needs
        String cookie = ProxyTestSupport.sessionCookie(new ApiClient(port), users);
        assertThat(ProxyTestSupport.handshake(
                        port,
                        Map.of("Cookie", cookie, "Origin", "https://127.0.0.1:" + port, "X-Forwarded-Proto", "https")))
                .isEqualTo(403);
        assertThat(ProxyTestSupport.handshake(
                        port,
                        Map.of("Cookie", cookie, "Origin", "http://127.0.0.1:" + port, "X-Forwarded-Proto", "https")))
                .isEqualTo(101);
    }
}
