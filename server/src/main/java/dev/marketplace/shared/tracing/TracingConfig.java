package dev.marketplace.shared.tracing;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Tracing wiring beyond Boot's defaults (Micrometer Tracing over OpenTelemetry, W3C propagation, OTLP
 * export only when {@code management.opentelemetry.tracing.export.otlp.endpoint} is set).
 */
@Configuration(proxyBeanMethods = false)
class TracingConfig {

    /**
     * Work handed to the application task executor ({@code @Async} methods, async event listeners; virtual
     * threads) keeps the submitter's context: the current observation and so the trace (spans, and
     * {@code trace.id}/{@code span.id} in the logs), plus the request id and principal in the logging
     * context. Boot applies a single {@code TaskDecorator} bean to the executors it builds.
     */
    @Bean
    ContextPropagatingTaskDecorator contextPropagatingTaskDecorator() {
        ContextRegistry registry = new ContextRegistry().loadContextAccessors().loadThreadLocalAccessors()
                .registerThreadLocalAccessor(new Slf4jThreadLocalAccessor("request_id", "principal"));
        return new ContextPropagatingTaskDecorator(ContextSnapshotFactory.builder().contextRegistry(registry).build());
    }
}
