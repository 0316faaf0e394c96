package dev.marketplace.shared.http;

import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.web.client.RestClient;

/**
 * Outgoing HTTP calls (e.g. webhook delivery to partners) go through a {@link RestClient} built from the
 * {@link RestClient.Builder} bean declared here: inject {@code RestClient.Builder}, set the base URL and
 * headers, {@code build()} — never {@code RestClient.create()} or a hand-made {@code HttpClient}, which
 * would skip all of the following.
 *
 * <ul>
 *   <li>Traced: every call is a client span of the current trace and carries a W3C {@code traceparent}
 *       header, so the receiver's logs join the trace (tested: {@code TracePropagationIntegrationTest}).
 *   <li>Measured: {@code http_client_requests_seconds} in Prometheus, by URI template when the call
 *       uses one ({@code .uri("/hooks/{id}", id)}) — so pass ids as template variables.
 *   <li>Bounded: connect and read timeouts and no redirect following come from
 *       {@code spring.http.clients.*} (see application.yaml and the README's Configuration table).
 * </ul>
 *
 * <p>The builder is a prototype: each injection point gets its own copy to customise.
 */
@Configuration(proxyBeanMethods = false)
class OutgoingHttpConfig {

    /** Boot's configured builder (timeouts, observation customizer), declared here so it has one documented home. */
    @Bean
    @Scope("prototype")
    RestClient.Builder restClientBuilder(RestClientBuilderConfigurer configurer) {
        return configurer.configure(RestClient.builder());
    }
}
