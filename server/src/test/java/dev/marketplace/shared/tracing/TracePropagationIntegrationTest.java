package dev.marketplace.shared.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.marketplace.MarketplaceApplication;
import dev.marketplace.shared.context.TraceIds;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trace leaves the process: a request's trace (from its {@code traceparent}) goes out on outgoing
 * calls made with the {@code RestClient.Builder} bean, into work run on the application task executor,
 * and — when an OTLP endpoint is configured — to the collector. One server of its own, with a probe
 * controller (test profile only) and a local stand-in for the downstream service and for the collector.
 */
class TracePropagationIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final BlockingQueue<Map<String, List<String>>> DOWNSTREAM_CALLS = new LinkedBlockingQueue<>();
    private static final BlockingQueue<byte[]> EXPORTS = new LinkedBlockingQueue<>();

    private static HttpServer downstream;
    private static HttpServer collector;
    private static ConfigurableApplicationContext app;
    private static int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws IOException {
        downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        downstream.createContext("/hooks", exchange -> {
            DOWNSTREAM_CALLS.add(Map.copyOf(exchange.getRequestHeaders()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        downstream.start();
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            EXPORTS.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();

        app = new SpringApplicationBuilder(MarketplaceApplication.class, TraceProbeController.class)
                .profiles("trace-probe")
                .run(
                        "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:"
                                + collector.getAddress().getPort() + "/v1/traces",
                        "--management.opentelemetry.tracing.export.schedule-delay=200ms",
                        "--management.tracing.sampling.probability=1.0");
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        downstream.stop(0);
        collector.stop(0);
    }

    @Test
    void anOutgoingCallMadeWhileHandlingARequestCarriesTheRequestsTrace() throws Exception {
        String traceId = TracingIntegrationTest.randomHex(16);
        DOWNSTREAM_CALLS.clear();

        HttpResponse<String> response =
                get("/test/trace-probe/call-out?port=" + downstream.getAddress().getPort(), traceId);

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, List<String>> headers = DOWNSTREAM_CALLS.poll(5, TimeUnit.SECONDS);
        assertThat(headers).as("the downstream service was called").isNotNull();
        String traceparent = headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("traceparent"))
                .map(e -> e.getValue().getFirst())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no traceparent sent: " + headers));
        assertThat(traceparent).matches("00-" + traceId + "-[0-9a-f]{16}-01");
        // the outgoing call is a child span of its own, not the server span the caller knows
        assertThat(traceparent.split("-")[2])
                .isNotEqualTo(response.headers()
                        .firstValue("traceresponse")
                        .orElseThrow()
                        .split("-")[2]);
    }

    @Test
    void workOnTheApplicationTaskExecutorStaysInTheRequestsTraceAndLoggingContext() throws Exception {
        String traceId = TracingIntegrationTest.randomHex(16);

        HttpResponse<String> response = get("/test/trace-probe/async", traceId);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode seen = JSON.readTree(response.body());
        assertThat(seen.get("virtual").asBoolean())
                .as("runs on a virtual thread")
                .isTrue();
        assertThat(seen.get("trace_id").asString()).isEqualTo(traceId);
        assertThat(seen.get("mdc_trace_id").asString()).isEqualTo(traceId);
        assertThat(seen.get("mdc_request_id").asString())
                .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void withAnOtlpEndpointConfiguredSpansAreExportedToIt() throws Exception {
        String traceId = TracingIntegrationTest.randomHex(16);

        assertThat(get("/api/v2/items?limit=1", traceId).statusCode()).isEqualTo(200);

        byte[] wanted = HexFormat.of().parseHex(traceId);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean found = false;
        while (!found && System.nanoTime() < deadline) {
            byte[] batch = EXPORTS.poll(500, TimeUnit.MILLISECONDS);
            found = batch != null && indexOf(batch, wanted) >= 0;
        }
        assertThat(found)
                .as("an OTLP export holding trace " + traceId + " reached the collector")
                .isTrue();
    }

    private HttpResponse<String> get(String path, String traceId) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("traceparent", TracingIntegrationTest.traceparent(traceId))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Probe endpoints, only in this test's server (profile {@code trace-probe}); not part of the API. */
    @RestController
    @Profile("trace-probe")
    static class TraceProbeController {

        private final RestClient.Builder restClient;
        private final AsyncTaskExecutor executor;

        /**
         * The probe's paths, known to the fail-closed routing and authorization (InfrastructurePaths) only in this test's
         * server: public, GET.
         */
        @org.springframework.context.annotation.Bean
        static dev.marketplace.shared.security.InfrastructurePaths.Entry traceProbePaths() {
            return new dev.marketplace.shared.security.InfrastructurePaths.Entry(
                    "/test/trace-probe/**",
                    java.util.Set.of(org.springframework.http.HttpMethod.GET),
                    dev.marketplace.shared.security.InfrastructurePaths.Access.PUBLIC,
                    "trace propagation test probe");
        }

        TraceProbeController(
                RestClient.Builder restClient, @Qualifier("applicationTaskExecutor") AsyncTaskExecutor executor) {
            this.restClient = restClient;
            this.executor = executor;
        }

        @GetMapping("/test/trace-probe/call-out")
        Map<String, Object> callOut(@RequestParam int port) {
            restClient
                    .baseUrl("http://127.0.0.1:" + port)
                    .build()
                    .post()
                    .uri("/hooks/{id}", "h1")
                    .retrieve()
                    .toBodilessEntity();
            return Map.of("called", true);
        }

        @GetMapping("/test/trace-probe/async")
        Map<String, Object> async() throws Exception {
            return executor.submit(() -> Map.<String, Object>of(
                            "virtual", Thread.currentThread().isVirtual(),
                            "trace_id", TraceIds.current().orElse(""),
                            "mdc_trace_id", String.valueOf(MDC.get("traceId")),
                            "mdc_request_id", String.valueOf(MDC.get("request_id"))))
                    .get(5, TimeUnit.SECONDS);
        }
    }
}
