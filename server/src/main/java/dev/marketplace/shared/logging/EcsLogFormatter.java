package dev.marketplace.shared.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.lang.reflect.Constructor;
import java.nio.charset.Charset;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.boot.logging.structured.ContextPairs;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;
import org.springframework.core.env.Environment;

/**
 * Spring Boot's Elastic Common Schema log lines, byte for byte, encoded in one step. Boot's own ECS formatter
 * writes each line's bytes through an unbuffered {@code OutputStreamWriter}, one character at a time, and every
 * character allocates a {@code CharBuffer}: about a third of the heap a GET of one item allocated went into
 * encoding its access line (JFR, see the commit). Here the line is built as a string ({@code format}, the same
 * JSON writer) and encoded once.
 *
 * <p>Selected with {@code logging.structured.format.console} (application.yaml). The ECS formatter is Boot's
 * package-private class, built with the same arguments Boot gives it; if a Boot upgrade changes that, start-up
 * fails here loudly (and LoggingIntegrationTest with it) rather than logging differently.
 */
public class EcsLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

    private static final String ECS = "org.springframework.boot.logging.logback.ElasticCommonSchemaStructuredLogFormatter";

    private final StructuredLogFormatter<ILoggingEvent> ecs;

    public EcsLogFormatter(Environment environment, @Nullable StackTracePrinter stackTracePrinter, ContextPairs contextPairs,
            ThrowableProxyConverter throwableProxyConverter, StructuredLoggingJsonMembersCustomizer.Builder<?> customizers) {
        this.ecs = create(environment, stackTracePrinter, contextPairs, throwableProxyConverter, customizers);
    }

    @SuppressWarnings("unchecked")
    private static StructuredLogFormatter<ILoggingEvent> create(Environment environment, @Nullable StackTracePrinter stackTracePrinter,
            ContextPairs contextPairs, ThrowableProxyConverter throwableProxyConverter,
            StructuredLoggingJsonMembersCustomizer.Builder<?> customizers) {
        try {
            Constructor<?> constructor = Class.forName(ECS).getDeclaredConstructor(Environment.class, StackTracePrinter.class,
                    ContextPairs.class, ThrowableProxyConverter.class, StructuredLoggingJsonMembersCustomizer.Builder.class);
            constructor.setAccessible(true);
            return (StructuredLogFormatter<ILoggingEvent>) constructor.newInstance(environment, stackTracePrinter, contextPairs,
                    throwableProxyConverter, customizers);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create Spring Boot's ECS log formatter (" + ECS + ")", e);
        }
    }

    @Override
    public String format(ILoggingEvent event) {
        return ecs.format(event);
    }

    @Override
    public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
        return ecs.format(event).getBytes(charset);
    }
}
