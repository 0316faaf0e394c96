package dev.marketplace.shared.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.user.UserService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.springframework.boot.test.system.CapturedOutput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Shared by the trusted- and untrusted-proxy suites: access-log lines, session cookies, WebSocket handshakes. */
final class ProxyTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String PASSWORD = "proxy-test-password-1";

    private ProxyTestSupport() {}

    /** The {@code client.ip} of the access line of the request with this {@code X-Request-Id}. */
    static String accessLogClientIp(CapturedOutput output, String requestId) {
        JsonNode line = output.getAll()
                .lines()
                .filter(l -> l.startsWith("{"))
                .map(JSON::readTree)
                .filter(l -> l.path("log").path("logger").asString("").equals("dev.marketplace.access"))
                .filter(l -> requestId.equals(l.path("request_id").asString(null)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no access line with request id " + requestId));
        JsonNode ip = line.has("client.ip")
                ? line.get("client.ip")
                : line.path("client").path("ip");
        assertThat(ip.isString()).as("client.ip in " + line).isTrue();
        return ip.asString();
    }

    /** Signs a new buyer in with a browser session and returns its {@code mp_session=…} cookie. */
    static String sessionCookie(ApiClient api, UserService users) {
        String email = "proxy-" + UUID.randomUUID() + "@example.com";
        users.createAccount(email, PASSWORD, "Proxy Test", "buyer");
        ApiClient.Response signedIn =
                api.postForm("/api/v2/auth/session", Map.of("username", email, "password", PASSWORD));
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(204);
        return signedIn.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                .flatMap(e -> e.getValue().stream())
                .filter(c -> c.startsWith("mp_session="))
                .findFirst()
                .orElseThrow()
                .split(";")[0];
    }

    /** Opens (and at once closes) a WebSocket; 101 when the handshake succeeded, else the status it was refused with. */
    static int handshake(int port, Map<String, String> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        try {
            builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/events"), new WebSocket.Listener() {})
                    .join()
                    .abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }
}
