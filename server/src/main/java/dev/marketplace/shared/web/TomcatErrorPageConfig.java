package dev.marketplace.shared.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Installs {@link ProblemErrorReportValve} as Tomcat's error page, so even requests Tomcat refuses before
 * the application sees them (oversized request line or headers) answer with a problem. The header limit
 * stays Tomcat's ({@code server.max-http-request-header-size}, 8 KB): its buffer is allocated per
 * connection, so raising it only to enforce a lower limit in a filter would cost heap on every connection.
 */
@Configuration(proxyBeanMethods = false)
class TomcatErrorPageConfig {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve(ServerProperties server) {
        long headerLimit = server.getMaxHttpRequestHeaderSize().toBytes();
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                // StandardHost adds the valve class it is configured with only if none of it is installed yet.
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                host.getPipeline().addValve(new ProblemErrorReportValve(headerLimit));
            }
        });
    }
}
