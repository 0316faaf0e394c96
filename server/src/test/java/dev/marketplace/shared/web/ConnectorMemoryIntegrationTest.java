package dev.marketplace.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.MarketplaceApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The connector's memory bounds are in force on the real server: requests beyond
 * {@code marketplace.http.connector.max-requests-in-flight} wait for a slot (none fails), and every connection's
 * socket buffers and every request's response-header buffer have the configured sizes.
 */
class ConnectorMemoryIntegrationTest {

    @Test
    void requestsBeyondTheBoundWaitForASlotAndAllSucceed() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MarketplaceApplication.class)
                .profiles("bench") // its /bench/slow endpoint holds a request open
                .run(
                        "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--marketplace.rate-limit.enabled=false",
                        "--marketplace.http.connector.max-requests-in-flight=2")) {
            TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) app).getWebServer();
            Connector connector = server.getTomcat().getConnector();
            assertThat(connector.getProtocolHandler().getExecutor()).isInstanceOf(BoundedExecutor.class);
            BoundedExecutor executor =
                    (BoundedExecutor) connector.getProtocolHandler().getExecutor();
            assertThat(executor.limit()).isEqualTo(2);
            assertThat(String.valueOf(connector.getProperty("socket.appReadBufSize")))
                    .isEqualTo("4096");
            assertThat(String.valueOf(connector.getProperty("socket.appWriteBufSize")))
                    .isEqualTo("4096");
            assertThat(((AbstractHttp11Protocol<?>) connector.getProtocolHandler()).getMaxHttpResponseHeaderSize())
                    .isEqualTo(4096);
            assertThat(((AbstractHttp11Protocol<?>) connector.getProtocolHandler()).getMaxConnections())
                    .isEqualTo(8192);

            // Six requests of 700 ms at once, each on its own connection: at most two run at a time, the rest wait.
            int port = server.getPort();
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < 6; i++) {
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
                responses.add(http.sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/bench/slow?ms=700"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            int peakRunning = 0;
            int peakQueued = 0;
            while (!responses.stream().allMatch(CompletableFuture::isDone)) {
                peakRunning = Math.max(peakRunning, executor.running());
                peakQueued = Math.max(peakQueued, executor.queued());
                Thread.sleep(5);
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertThat(response.get().statusCode()).isEqualTo(200);
                assertThat(response.get().body()).contains("\"slept_ms\":700");
            }
            assertThat(peakRunning).isLessThanOrEqualTo(2);
            assertThat(peakQueued).as("requests waited for a slot").isGreaterThan(0);
            assertThat(elapsedMs).as("three rounds of two").isGreaterThanOrEqualTo(3 * 700 - 50);
        }
    }
}
