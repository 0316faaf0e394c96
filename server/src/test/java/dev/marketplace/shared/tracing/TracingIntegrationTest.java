package dev.marketplace.shared.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * W3C trace context end to end: an incoming {@code traceparent} is joined (its trace id is used), the
 * trace is returned ({@code traceresponse}), and its ids are in every log line of the request and in
 * every problem body.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingIntegrationTest extends ApiIntegrationTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    ApplicationContext context;

    static String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    static String traceparent(String traceId) {
        return "00-" + traceId + "-" + randomHex(8) + "-01";
    }

    @Test
    void anIncomingTraceparentIsJoinedAndReturned() {
        String traceId = randomHex(16);
        Response response =
                anonymous.send("GET", "/api/v2/items?limit=1", null, null, Map.of("traceparent", traceparent(traceId)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("traceresponse")).matches("00-" + traceId + "-[0-9a-f]{16}-01");
    }

    @Test
    void withoutTraceparentEachRequestStartsItsOwnTrace() {
        Response first = anonymous.get("/api/v2/items?limit=1");
        Response second = anonymous.get("/api/v2/items?limit=1");

        assertThat(first.header("traceresponse")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        assertThat(traceIdOf(first)).isNotEqualTo(traceIdOf(second));
    }

    @Test
    void everyProblemCarriesTheTraceId() {
        String traceId = randomHex(16);
        Map<String, String> headers = Map.of("traceparent", traceparent(traceId));

        // raised in MVC, answered by a filter before MVC, and by the security entry point
        JsonNode notFound =
                problem(anonymous.send("GET", "/api/v2/nothing-here", null, null, headers), 404, "not_found");
        JsonNode tooLarge = problem(
                anonymous
                        .withToken(seller().accessToken())
                        .send(
                                "POST",
                                "/api/v2/items",
                                "application/json",
                                "{\"name\":\"" + "x".repeat(70_000) + "\"}",
                                headers),
                413,
                "payload_too_large");
        JsonNode unauthorized =
                problem(anonymous.send("GET", "/actuator/prometheus", null, null, headers), 401, "unauthorized");
        // rejected by the security firewall: answered on the container's error dispatch, after the span closed
        JsonNode rejected =
                problem(anonymous.send("GET", "/api/v2/items;x=1", null, null, headers), 400, "bad_request");

        assertThat(List.of(notFound, tooLarge, unauthorized, rejected))
                .allSatisfy(problem ->
                        assertThat(problem.path("trace_id").asString()).isEqualTo(traceId));

        Response fresh = anonymous.get("/api/v2/nothing-here");
        assertThat(json(fresh).path("trace_id").asString()).isEqualTo(traceIdOf(fresh));
    }

    @Test
    void everyLogLineOfARequestCarriesItsTraceAndSpanIds(CapturedOutput output) {
        String traceId = randomHex(16);
        // 404 logs the access line; sign-in with a wrong password logs a warning from the auth code too
        anonymous.send(
                "GET",
                "/api/v2/nothing-here",
                null,
                null,
                Map.of("traceparent", traceparent(traceId), "X-Request-Id", "trace-log-1"));
        anonymous.send(
                "POST",
                "/api/v2/auth/token",
                "application/x-www-form-urlencoded",
                "grant_type=password&username=nobody%40example.com&password=wrong-password-1",
                Map.of("traceparent", traceparent(traceId), "X-Request-Id", "trace-log-2"));

        List<JsonNode> lines = jsonLines(output).stream()
                .filter(l -> l.path("request_id").asString("").startsWith("trace-log-"))
                .toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2).allSatisfy(line -> {
            assertThat(line.path("trace.id").asString()).as(line.toString()).isEqualTo(traceId);
            assertThat(line.path("span.id").asString()).as(line.toString()).matches("[0-9a-f]{16}");
        });
        assertThat(lines).anyMatch(l -> l.path("log").path("logger").asString().equals("dev.marketplace.access"));
    }

    @Test
    void aMailSentAfterCommitIsLoggedInTheRequestsTrace(CapturedOutput output) {
        String traceId = randomHex(16);
        String email = accounts.session("buyer").email();

        Response response = anonymous.send(
                "POST",
                "/api/v2/auth/password-reset",
                "application/json",
                "{\"email\":\"" + email + "\"}",
                Map.of("traceparent", traceparent(traceId)));

        assertThat(response.status()).isEqualTo(202);
        JsonNode mailLine = jsonLines(output).stream()
                .filter(l ->
                        l.path("log").path("logger").asString().equals("dev.marketplace.shared.mail.MailDispatcher"))
                .filter(l -> l.path("message").asString().contains("Reset your password"))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no log line from the after-commit mail listener"));
        assertThat(mailLine.path("trace.id").asString()).isEqualTo(traceId);
    }

    @Test
    void nothingIsExportedUnlessAnOtlpEndpointIsConfigured() {
        assertThat(context.getBeansOfType(SpanExporter.class)).isEmpty();
        assertThat(context.getEnvironment().getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isNull();
    }

    private static String traceIdOf(Response response) {
        return response.header("traceresponse").split("-")[1];
    }

    static List<JsonNode> jsonLines(CapturedOutput output) {
        return output.getAll()
                .lines()
                .filter(l -> l.startsWith("{"))
                .map(l -> {
                    try {
                        return JSON.readTree(l);
                    } catch (RuntimeException e) {
                        throw new AssertionError("log line is not valid JSON: " + l, e);
                    }
                })
                .toList();
    }
}
