package dev.marketplace.shared.web;

import java.io.File;
import org.springframework.boot.web.server.context.WebServerPortFileWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;

/** {@code --marketplace.port-file=PATH} writes the HTTP port there once the server listens (used by tests and bench scripts with port 0). */
@Configuration(proxyBeanMethods = false)
class PortFileConfig {

    @Bean
    @ConditionalOnProperty("marketplace.port-file")
    WebServerPortFileWriter portFileWriter(Environment environment) {
        return new WebServerPortFileWriter(new File(environment.getRequiredProperty("marketplace.port-file")));
    }
}
