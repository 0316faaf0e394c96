package dev.marketplace.shared.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.core.env.Environment;

/**
 * One Elastic Common Schema (8.11) JSON object per line, written by hand into one buffer and encoded once.
 *
 * <p>The fields and their order are those of Spring Boot's ECS format: {@code @timestamp}, {@code log.level},
 * {@code log.logger}, {@code process.pid}, {@code process.thread.name}, {@code service.name}/{@code version}/
 * {@code environment}/{@code node.name} (from {@code logging.structured.ecs.service.*}, else the application's name
 * and version), {@code message}, the MDC (the trace under its ECS names: Micrometer's {@code traceId}/{@code spanId}
 * become {@code trace.id}/{@code span.id}), the event's key-value pairs (a dotted key nests: {@code client.ip} is
 * {@code "client":{"ip":…}}), {@code error.type}/{@code message}/{@code stack_trace}, {@code tags} (markers),
 * {@code ecs.version}. Boot's formatter builds each line through its generic JSON writer, a lambda per member:
 * profiled at about 6% of the server's CPU for a GET of one item, one access line per request (issue 11; this
 * formatter: well under 1%).
 *
 * <p>{@code marketplace.logging.stack-trace-level} (default {@code ALL}): events below this level are written with
 * their {@code error.type} and {@code error.message} but without {@code error.stack_trace}. The tests set it to
 * {@code ERROR} ({@code src/test/resources/config/application.yaml}): the warnings of expected failures (a database
 * connection dropped on purpose, a request line Tomcat refuses) stay one short line, while an {@code ERROR} (an
 * unexpected {@code 500}) keeps its stack trace.
 *
 * <p>Selected with {@code logging.structured.format.console} (application.yaml); Boot passes the constructor's
 * arguments. Boot's {@code logging.structured.json.*} customizations do not apply to it: the renames it needs are
 * built in.
 */
public class EcsLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final @Nullable StackTracePrinter stackTracePrinter;
    private final ThrowableProxyConverter throwableProxyConverter;
    /** {@code ,"process":{"pid":N,"thread":{"name":} — the thread's name follows. */
    private final String processPrefix;
    /** {@code ,"service":{…}} or empty. */
    private final String service;
    /** Events below this level are written without their stack trace. */
    private final Level stackTraceLevel;

    public EcsLogFormatter(
            Environment environment,
            @Nullable StackTracePrinter stackTracePrinter,
            ThrowableProxyConverter throwableProxyConverter) {
        this.stackTracePrinter = stackTracePrinter;
        this.throwableProxyConverter = throwableProxyConverter;
        this.processPrefix = ",\"process\":{\"pid\":" + ProcessHandle.current().pid() + ",\"thread\":{\"name\":";
        this.service = service(environment);
        this.stackTraceLevel =
                Level.toLevel(environment.getProperty("marketplace.logging.stack-trace-level", "ALL"), Level.ALL);
    }

    private static String service(Environment environment) {
        Map<String, String> fields = new LinkedHashMap<>();
        put(fields, "name", first(environment, "logging.structured.ecs.service.name", "spring.application.name"));
        put(
                fields,
                "version",
                first(environment, "logging.structured.ecs.service.version", "spring.application.version"));
        put(fields, "environment", environment.getProperty("logging.structured.ecs.service.environment"));
        if (fields.isEmpty() && environment.getProperty("logging.structured.ecs.service.node-name") == null) {
            return "";
        }
        StringBuilder json = new StringBuilder(",\"service\":{");
        fields.forEach((key, value) -> {
            json.append('"').append(key).append("\":");
            string(json, value);
            json.append(',');
        });
        String node = environment.getProperty("logging.structured.ecs.service.node-name");
        if (node != null) {
            json.append("\"node\":{\"name\":");
            string(json, node);
            json.append("},");
        }
        json.setLength(json.length() - 1);
        return json.append('}').toString();
    }

    private static @Nullable String first(Environment environment, String name, String fallback) {
        String value = environment.getProperty(name);
        return value != null ? value : environment.getProperty(fallback);
    }

    private static void put(Map<String, String> fields, String key, @Nullable String value) {
        if (value != null && !value.isEmpty()) {
            fields.put(key, value);
        }
    }

    @Override
    public String format(ILoggingEvent event) {
        StringBuilder json = new StringBuilder(512);
        json.append("{\"@timestamp\":\"")
                .append(event.getInstant())
                .append("\",\"log\":{\"level\":\"")
                .append(event.getLevel().toString())
                .append("\",\"logger\":");
        string(json, event.getLoggerName());
        json.append('}').append(processPrefix);
        string(json, event.getThreadName());
        json.append("}}").append(service).append(",\"message\":");
        string(json, event.getFormattedMessage());
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null) {
            for (Map.Entry<String, String> entry : mdc.entrySet()) {
                if (entry.getValue() != null) {
                    json.append(',');
                    string(json, ecsName(entry.getKey()));
                    json.append(':');
                    string(json, entry.getValue());
                }
            }
        }
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null && !pairs.isEmpty()) {
            keyValuePairs(json, pairs);
        }
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable != null) {
            json.append(",\"error\":{\"type\":");
            string(json, throwable.getClassName());
            if (throwable.getMessage() != null) {
                json.append(",\"message\":");
                string(json, throwable.getMessage());
            }
            if (event.getLevel().isGreaterOrEqual(stackTraceLevel)) {
                json.append(",\"stack_trace\":");
                string(json, stackTrace(event, throwable));
            }
            json.append('}');
        }
        List<Marker> markers = event.getMarkerList();
        if (markers != null && !markers.isEmpty()) {
            json.append(",\"tags\":[");
            for (int i = 0; i < markers.size(); i++) {
                if (i > 0) {
                    json.append(',');
                }
                string(json, markers.get(i).getName());
            }
            json.append(']');
        }
        return json.append(",\"ecs\":{\"version\":\"8.11\"}}\n").toString();
    }

    @Override
    public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
        return format(event).getBytes(charset);
    }

    private String stackTrace(ILoggingEvent event, IThrowableProxy throwable) {
        if (stackTracePrinter != null && throwable instanceof ThrowableProxy proxy) {
            return stackTracePrinter.printStackTraceToString(proxy.getThrowable());
        }
        return throwableProxyConverter.convert(event);
    }

    /** Micrometer's MDC names of the trace under their ECS names. */
    private static String ecsName(String key) {
        return switch (key) {
            case "traceId" -> "trace.id";
            case "spanId" -> "span.id";
            default -> key;
        };
    }

    /** Key-value pairs; a dotted key nests ({@code client.ip} → {@code "client":{"ip":…}}), a repeated key keeps the last value. */
    private static void keyValuePairs(StringBuilder json, List<KeyValuePair> pairs) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (KeyValuePair pair : pairs) {
            if (pair.key == null) {
                continue;
            }
            insert(tree, pair.key, pair.value);
        }
        tree.forEach((key, value) -> {
            json.append(',');
            member(json, key, value);
        });
    }

    @SuppressWarnings("unchecked")
    private static void insert(Map<String, Object> tree, String key, @Nullable Object value) {
        int dot = key.indexOf('.');
        if (dot <= 0 || dot == key.length() - 1) {
            tree.put(key, value);
            return;
        }
        Object child = tree.get(key.substring(0, dot));
        if (!(child instanceof Map)) {
            child = new LinkedHashMap<String, Object>();
            tree.put(key.substring(0, dot), child);
        }
        insert((Map<String, Object>) child, key.substring(dot + 1), value);
    }

    @SuppressWarnings("unchecked")
    private static void member(StringBuilder json, String key, @Nullable Object value) {
        string(json, key);
        json.append(':');
        if (value instanceof Map<?, ?> map) {
            json.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                member(json, entry.getKey(), entry.getValue());
            }
            json.append('}');
        } else if (value == null) {
            json.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            json.append(value);
        } else {
            string(json, value.toString());
        }
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    static void string(StringBuilder json, @Nullable String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != '\u2028' && c != '\u2029') {
                continue;
            }
            json.append(value, start, i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default ->
                    json.append("\\u")
                            .append(HEX[c >> 12 & 0xF])
                            .append(HEX[c >> 8 & 0xF])
                            .append(HEX[c >> 4 & 0xF])
                            .append(HEX[c & 0xF]);
            }
            start = i + 1;
        }
        json.append(value, start, value.length()).append('"');
    }
}
