package dev.marketplace.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketplace.MarketplaceApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Start-up refuses bad configuration by name; shutdown lets in-flight requests finish and refuses new ones. */
class LifecycleIntegrationTest {

    @Test
    void aRequestInFlightWhenShutdownStartsCompletesAndNewOnesAreRefused() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(MarketplaceApplication.class)
                .profiles("bench") // its /bench/slow endpoint holds a request open
                .run("--server.port=0", "--spring.main.banner-mode=off");
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/bench/slow?ms=2000"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);
        Thread.sleep(500);

        assertThat(app.getBean(ApplicationAvailability.class).getReadinessState())
                .isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        assertThatThrownBy(() -> HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/items?limit=1"))
                                        .timeout(Duration.ofSeconds(3))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()))
                .as("no new connections once shutdown has begun")
                .isInstanceOf(java.io.IOException.class);
        HttpResponse<String> finished = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body()).contains("\"slept_ms\":2000");
        closing.get(30, TimeUnit.SECONDS);
    }

    @Test
    void invalidSettingsStopTheStartWithAMessageNamingTheProperty() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(MarketplaceApplication.class)
                        .run(
                                "--server.port=0",
                                "--spring.main.banner-mode=off",
                                "--marketplace.rate-limit.auth.requests=0")
                        .close())
                .hasStackTraceContaining("marketplace.rate-limit.auth.requests");
        assertThatThrownBy(() -> new SpringApplicationBuilder(MarketplaceApplication.class)
                        .run("--server.port=0", "--spring.main.banner-mode=off", "--marketplace.cors.allowed-origins=*")
                        .close())
                .hasStackTraceContaining("marketplace.cors.allowed-origins");
    }
}
