package dev.marketplace.shared.web;

import java.io.File;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.web.server.context.WebServerPortFileWriter;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@code --marketplace.port-file=PATH} writes the HTTP port there once the server listens (used by tests and bench scripts
 * with port 0). The bean always exists and reads the property at run time (not a {@code @ConditionalOnProperty}): with
 * Spring AOT (the Dockerfile's run) conditions are decided at build time, and the bench sets the property per run.
 */
@Configuration(proxyBeanMethods = false)
class PortFileConfig {

    @Bean
    ApplicationListener<WebServerInitializedEvent> portFileWriter(Environment environment) {
        String path = environment.getProperty("marketplace.port-file", "");
        if (path.isBlank()) {
            return event -> {};
        }
        WebServerPortFileWriter writer = new WebServerPortFileWriter(new File(path));
        return writer::onApplicationEvent;
    }
}
