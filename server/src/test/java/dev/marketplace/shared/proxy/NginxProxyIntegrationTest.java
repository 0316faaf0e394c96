package dev.marketplace.shared.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.marketplace.auth.TokenService;
import dev.marketplace.testsupport.FreePorts;
import dev.marketplace.testsupport.SpecValidator;
import dev.marketplace.user.UserService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The shipped nginx configuration ({@code deploy/nginx/marketplace.conf}, rendered by {@code render-local.sh} exactly as
 * the bench does) in front of a real server that trusts only the proxy's address (127.0.0.1). Clients connect from
 * other loopback addresses, so nginx sees them as different clients: their rate-limit buckets are their own, a
 * forwarded header they send themselves is replaced, the access log names them, and WebSockets are upgraded through
 * the proxy. Skipped, visibly, where no nginx is installed ({@code apt-get install nginx-light}).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "marketplace.trusted-proxies=127.0.0.1/32",
            "marketplace.rate-limit.anonymous.requests=3",
            "marketplace.rate-limit.anonymous.window=1h", // one token back per 20 min: a slow machine cannot refill a
            // bucket mid-test
            "marketplace.rate-limit.auth.requests=100000",
            "marketplace.rate-limit.authenticated.requests=100000"
        })
class NginxProxyIntegrationTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static Path dir;
    private static Process nginx;
    private static int proxyPort;

    @LocalServerPort
    int port;

    @Autowired
    UserService users;

    @Autowired
    TokenService tokens;

    @BeforeAll
    static void nginxInstalled() {
        assumeTrue(Files.isExecutable(NGINX), "No nginx at /usr/sbin/nginx: the proxy test is skipped");
        SpecValidator.shared(); // loaded now, not between two requests of a rate-limit test
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** nginx in the foreground (a child of this JVM, stopped by PID afterwards) in front of this test's server. */
    private void startNginx() throws Exception {
        if (nginx != null) {
            return;
        }
        dir = Files.createTempDirectory("proxy-nginx-test");
        proxyPort = FreePorts.next();
        Process render = new ProcessBuilder(
                        "bash",
                        ROOT.resolve("deploy/nginx/render-local.sh").toString(),
                        dir.toString(),
                        "127.0.0.1:" + proxyPort,
                        "127.0.0.1:" + port)
                .redirectErrorStream(true)
                .start();
        String renderOutput = new String(render.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(render.waitFor()).as(renderOutput).isZero();
        nginx = new ProcessBuilder(
                        NGINX.toString(),
                        "-p",
                        dir.toString(),
                        "-e",
                        dir.resolve("error.log").toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString(),
                        "-g",
                        "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (var socket = new java.net.Socket("127.0.0.1", proxyPort)) {
                return;
            } catch (IOException notYet) {
                assertThat(nginx.isAlive())
                        .as("nginx exited: " + Files.readString(dir.resolve("error.log")))
                        .isTrue();
                assertThat(System.nanoTime())
                        .as("nginx did not start listening")
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    @Test
    void clientsBehindNginxHaveTheirOwnBucketsAndCannotSpoofTheirAddress(CapturedOutput output) throws Exception {
        startNginx();
        HttpClient a = clientFrom("127.0.0.2");
        HttpClient b = clientFrom("127.0.0.3");
        for (int i = 0; i < 3; i++) {
            // Each request claims another address: nginx replaces the header with the real peer.
            HttpResponse<String> ok =
                    get(a, Map.of("X-Forwarded-For", "203.0.113." + i, "X-Request-Id", "nginx-a-" + i));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("RateLimit").orElseThrow())
                    .startsWith("\"anonymous\";r=" + (2 - i) + ";t=");
        }
        HttpResponse<String> limited = get(a, Map.of("X-Forwarded-For", "203.0.113.99"));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();

        HttpResponse<String> other = get(b, Map.of("X-Request-Id", "nginx-b-0"));
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"anonymous\";r=2;t=");

        assertThat(ProxyTestSupport.accessLogClientIp(output, "nginx-a-0")).isEqualTo("127.0.0.2");
        assertThat(ProxyTestSupport.accessLogClientIp(output, "nginx-b-0")).isEqualTo("127.0.0.3");
        // nginx's own log carries the same request id
        assertThat(Files.readString(dir.resolve("access.log")))
                .contains("request_id=nginx-b-0")
                .startsWith("127.0.0.");
    }

    @Test
    void liveEventsAreUpgradedThroughNginx() throws Exception {
        startNginx();
        String email = "nginx-ws-" + UUID.randomUUID() + "@example.com";
        users.createAccount(email, ProxyTestSupport.PASSWORD, "Nginx WS", "buyer");
        String token =
                tokens.passwordGrant(email, ProxyTestSupport.PASSWORD, null).getAccessToken();
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket socket = clientFrom("127.0.0.4")
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + proxyPort + "/ws/events"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            first.complete(text.toString());
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        try {
            assertThat(first.get(10, TimeUnit.SECONDS)).contains("\"type\":\"welcome\"");
        } finally {
            socket.abort();
        }
    }

    @Test
    void anUnreachableInstanceIsAProblemWithRetryAfter() throws Exception {
        Path down = Files.createTempDirectory("proxy-nginx-down");
        int listen = FreePorts.next();
        Process render = new ProcessBuilder(
                        "bash",
                        ROOT.resolve("deploy/nginx/render-local.sh").toString(),
                        down.toString(),
                        "127.0.0.1:" + listen,
                        "127.0.0.1:" + FreePorts.next())
                .redirectErrorStream(true)
                .start();
        render.getInputStream().readAllBytes();
        assertThat(render.waitFor()).isZero();
        Process dead = new ProcessBuilder(
                        NGINX.toString(),
                        "-p",
                        down.toString(),
                        "-e",
                        down.resolve("error.log").toString(),
                        "-c",
                        down.resolve("nginx.conf").toString(),
                        "-g",
                        "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(down.resolve("stdout.log").toFile())
                .start();
        try {
            HttpResponse<String> response = null;
            for (int i = 0; i < 100 && response == null; i++) {
                try {
                    response = HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listen + "/api/v2/items"))
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            assertThat(response).isNotNull();
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
            SpecValidator.shared()
                    .assertValid(
                            "GET",
                            "/api/v2/items",
                            503,
                            response.headers().firstValue("Content-Type").orElse(null),
                            response.body(),
                            response.headers().map());
        } finally {
            dead.destroy();
            dead.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static HttpClient clientFrom(String address) throws IOException {
        return HttpClient.newBuilder()
                .localAddress(InetAddress.getByName(address))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static HttpResponse<String> get(HttpClient client, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + proxyPort + "/api/v2/items?limit=1"))
                .timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        SpecValidator.shared()
                .assertValid(
                        "GET",
                        "/api/v2/items?limit=1",
                        response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(null),
                        response.body(),
                        response.headers().map());
        return response;
    }
}
