package dev.marketplace.shared.tracing;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.security.config.observation.SecurityObservationSettings;

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
        ContextRegistry registry = new ContextRegistry()
                .loadContextAccessors()
                .loadThreadLocalAccessors()
                .registerThreadLocalAccessor(new Slf4jThreadLocalAccessor("request_id", "principal"));
        return new ContextPropagatingTaskDecorator(
                ContextSnapshotFactory.builder().contextRegistry(registry).build());
    }

    /**
     * No observation per Spring Security filter, authentication and authorization decision. They cost more than
     * they tell: each request opened a dozen child observations (a span event and key values per filter, plus an
     * authorization observation rendering its context), about a third of all allocation on a GET of one item
     * (JFR, see the commit). The request keeps its HTTP server observation (the {@code http.server.requests}
     * metric, the server span, trace ids in logs, problems and {@code traceresponse}); a 401/403 is still recorded
     * there with its status, and rejected sign-ins are logged by the auth code.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
