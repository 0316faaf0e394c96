package dev.marketplace.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiIntegrationTest;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.Host;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializerBeans;

/**
 * The request pipeline is the one list in {@link FilterOrder}: the running server's filters, read from Spring's
 * registrations and from Tomcat's own filter mappings, are exactly that list, in that order, each at its own order
 * value (no ties, so no hidden precedence decides which runs first).
 */
class FilterOrderIntegrationTest extends ApiIntegrationTest {

    /** Registration names, in the order of {@link FilterOrder} (Boot's filters included, at their fixed orders). */
    static final List<String> PIPELINE = List.of(
            "characterEncodingFilter",
            "webMvcObservationFilter",
            "requestIdFilter",
            "smallResponseLengthFilter",
            "traceResponseFilter",
            "accessLogFilter",
            "deprecationHeadersFilter",
            "requestDecodingFilter",
            "uriLengthLimitFilter",
            "bodySizeLimitFilter",
            "formContentFilter",
            "requestContextFilter",
            "springSecurityFilterChain",
            "idempotencyFilter");

    @Autowired
    ServletWebServerApplicationContext context;

    record Registration(String name, int order, AbstractFilterRegistrationBean<?> bean) {}

    private List<Registration> registrations() {
        List<Registration> found = new ArrayList<>();
        new ServletContextInitializerBeans(context.getBeanFactory()).forEach(initializer -> {
            if (initializer instanceof AbstractFilterRegistrationBean<?> filter && filter.isEnabled()) {
                String name = filter.getFilterName() != null
                        ? filter.getFilterName()
                        : filter instanceof FilterRegistrationBean<?> plain ? beanName(plain) : filter.toString();
                found.add(new Registration(name, filter.getOrder(), filter));
            }
        });
        return found;
    }

    private String beanName(FilterRegistrationBean<?> registration) {
        String[] names = context.getBeanNamesForType(registration.getFilter().getClass());
        return names.length == 1
                ? names[0]
                : registration.getFilter().getClass().getSimpleName();
    }

    @Test
    void registeredFiltersAreTheOneListInItsOrderWithoutTies() {
        List<Registration> registrations = registrations();
        assertThat(registrations).extracting(Registration::name).containsExactlyElementsOf(PIPELINE);
        List<Integer> orders = registrations.stream().map(Registration::order).toList();
        assertThat(orders).doesNotHaveDuplicates().isSorted();
        assertThat(registrations.get(PIPELINE.indexOf("requestIdFilter")).order())
                .isEqualTo(FilterOrder.REQUEST_ID);
        assertThat(registrations
                        .get(PIPELINE.indexOf("springSecurityFilterChain"))
                        .order())
                .isEqualTo(FilterOrder.SECURITY);
        assertThat(registrations.get(PIPELINE.indexOf("idempotencyFilter")).order())
                .isEqualTo(FilterOrder.IDEMPOTENCY);
    }

    @Test
    void tomcatRunsTheFiltersInThatOrder() {
        Host host = ((TomcatWebServer) context.getWebServer()).getTomcat().getHost();
        Context servletContext = (Context) host.findChildren()[0];
        List<String> mapped = Stream.of(servletContext.findFilterMaps())
                .map(FilterMap::getFilterName)
                .distinct()
                .toList();
        // Tomcat maps its own WebSocket upgrade filter after every filter the application registers.
        assertThat(mapped.subList(0, mapped.size() - 1)).containsExactlyElementsOf(PIPELINE);
        assertThat(mapped.getLast()).isEqualTo("Tomcat WebSocket (JSR356) Filter");
        // The request id is on error pages too: its filter is mapped to the error dispatch as well.
        assertThat(Stream.of(servletContext.findFilterMaps())
                        .filter(map -> map.getFilterName().equals("requestIdFilter"))
                        .flatMap(map -> Stream.of(map.getDispatcherNames()))
                        .toList())
                .contains(DispatcherType.REQUEST.name(), DispatcherType.ERROR.name());
    }
}
