package dev.marketplace.shared.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EcsLogFormatterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LoggerContext context = new LoggerContext();

    private EcsLogFormatter formatter(MockEnvironment environment) {
        ThrowableProxyConverter converter = new ThrowableProxyConverter();
        converter.setContext(context);
        converter.start();
        return new EcsLogFormatter(environment, null, converter);
    }

    private LoggingEvent event(String message, Throwable error, Object... args) {
        return new LoggingEvent("test", context.getLogger("dev.marketplace.access"), Level.INFO, message, error, args);
    }

    @Test
    void writesBootsEcsFieldsMdcUnderEcsNamesAndNestedKeyValuePairs() {
        LoggingEvent event = event("GET {} {}", null, "/api/v2/items/{item_id}", 200);
        event.setMDCPropertyMap(Map.of("traceId", "abc", "spanId", "def", "request_id", "r-1"));
        event.addKeyValuePair(new KeyValuePair("client.ip", "10.0.0.7"));
        event.addKeyValuePair(new KeyValuePair("attempt", 3));
        event.addMarker(MarkerFactory.getMarker("AUDIT"));

        String line = formatter(new MockEnvironment()
                        .withProperty("spring.application.name", "marketplace")
                        .withProperty("spring.application.version", "2.0.0"))
                .format(event);

        assertThat(line).endsWith("}\n").doesNotContain("\n{");
        JsonNode json = JSON.readTree(line);
        assertThat(json.get("@timestamp").asString())
                .isEqualTo(event.getInstant().toString());
        assertThat(json.get("log").get("level").asString()).isEqualTo("INFO");
        assertThat(json.get("log").get("logger").asString()).isEqualTo("dev.marketplace.access");
        assertThat(json.get("process").get("pid").asLong())
                .isEqualTo(ProcessHandle.current().pid());
        assertThat(json.get("process").get("thread").get("name").asString())
                .isEqualTo(Thread.currentThread().getName());
        assertThat(json.get("service").get("name").asString()).isEqualTo("marketplace");
        assertThat(json.get("service").get("version").asString()).isEqualTo("2.0.0");
        assertThat(json.get("message").asString()).isEqualTo("GET /api/v2/items/{item_id} 200");
        assertThat(json.get("trace.id").asString()).isEqualTo("abc");
        assertThat(json.get("span.id").asString()).isEqualTo("def");
        assertThat(json.get("request_id").asString()).isEqualTo("r-1");
        assertThat(json.get("client").get("ip").asString()).isEqualTo("10.0.0.7");
        assertThat(json.get("attempt").asInt()).isEqualTo(3);
        assertThat(json.get("tags").get(0).asString()).isEqualTo("AUDIT");
        assertThat(json.get("ecs").get("version").asString()).isEqualTo("8.11");
        assertThat(json.has("error")).isFalse();
    }

    @Test
    void escapesEverythingThatWouldBreakTheLineOrTheJson() {
        String hostile = "quote\" backslash\\ newline\n cr\r tab\t nul\u0000 bell\u0007 ls\u2028 ps\u2029 é 😀";
        LoggingEvent event = event(hostile, new IllegalStateException("boom\n\"x\""));
        event.setMDCPropertyMap(Map.of());

        String line = formatter(new MockEnvironment()).format(event);

        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        assertThat(line).doesNotContain("\u2028", "\u2029", "\u0000");
        JsonNode json = JSON.readTree(line);
        assertThat(json.get("message").asString()).isEqualTo(hostile);
        assertThat(json.get("error").get("type").asString()).isEqualTo("java.lang.IllegalStateException");
        assertThat(json.get("error").get("message").asString()).isEqualTo("boom\n\"x\"");
        assertThat(json.get("error").get("stack_trace").asString())
                .contains("IllegalStateException", "EcsLogFormatterTest");
        assertThat(json.has("service")).isFalse();
        assertThat(new String(
                        formatter(new MockEnvironment()).formatAsBytes(event, StandardCharsets.UTF_8),
                        StandardCharsets.UTF_8))
                .contains("😀", "é");
    }

    @Test
    void writesStackTracesOnlyFromTheConfiguredLevelUp() {
        EcsLogFormatter quiet =
                formatter(new MockEnvironment().withProperty("marketplace.logging.stack-trace-level", "ERROR"));
        IllegalStateException failure = new IllegalStateException("connection dropped");

        LoggingEvent warning = new LoggingEvent(
                "test", context.getLogger("com.zaxxer.hikari"), Level.WARN, "broken", failure, new Object[0]);
        warning.setMDCPropertyMap(Map.of());
        JsonNode expected = JSON.readTree(quiet.format(warning)).get("error");
        assertThat(expected.get("type").asString()).isEqualTo(IllegalStateException.class.getName());
        assertThat(expected.get("message").asString()).isEqualTo("connection dropped");
        assertThat(expected.has("stack_trace")).isFalse();

        LoggingEvent error = new LoggingEvent(
                "test", context.getLogger("dev.marketplace"), Level.ERROR, "Unhandled", failure, new Object[0]);
        error.setMDCPropertyMap(Map.of());
        assertThat(JSON.readTree(quiet.format(error))
                        .get("error")
                        .get("stack_trace")
                        .asString())
                .contains("writesStackTracesOnlyFromTheConfiguredLevelUp");

        // Unset (production): every level keeps its stack trace.
        assertThat(JSON.readTree(formatter(new MockEnvironment()).format(warning))
                        .get("error")
                        .get("stack_trace")
                        .asString())
                .contains("IllegalStateException: connection dropped");
    }
}
