package dev.marketplace.shared.web;

import java.util.concurrent.Executor;
import org.apache.coyote.ProtocolHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Bounds the heap the HTTP connector can take (README "Reliability and limits").
 *
 * <ul>
 *   <li><b>Requests in flight</b>: Tomcat runs each request on a virtual thread, so nothing bounded how many it
 *       processed at once; each one holds ~85 KB of heap (Tomcat's request and response buffers, ~60 KB
 *       allocated whatever the request, plus the virtual thread's stack while it waits), and 5,000 slow requests
 *       ran a 256 MB heap out of memory. The connector's executor now runs at most
 *       {@code marketplace.http.connector.max-requests-in-flight} at once; a request beyond that waits, in order of
 *       arrival, before Tomcat gives it any buffer (its connection is all it holds).</li>
 *   <li><b>Per connection</b>: Tomcat gives every open connection a read and a write buffer (8 KB each by default),
 *       idle or not. {@code marketplace.http.connector.socket-buffer-size} sets both (reads and writes larger
 *       than it are split, never refused).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConnectorProperties.class)
class ConnectorMemoryConfig {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectorMemoryCustomizer(
            ConnectorProperties properties) {
        return new ConnectorMemoryCustomizer(properties);
    }

    /** Runs after Spring Boot's own customizers, so the virtual-thread executor it installs is the one bounded. */
    static final class ConnectorMemoryCustomizer
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        private final ConnectorProperties properties;

        ConnectorMemoryCustomizer(ConnectorProperties properties) {
            this.properties = properties;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            String bufferSize = Long.toString(properties.socketBufferSize().toBytes());
            factory.addConnectorCustomizers(connector -> {
                connector.setProperty("socket.appReadBufSize", bufferSize);
                connector.setProperty("socket.appWriteBufSize", bufferSize);
            });
            factory.addProtocolHandlerCustomizers((TomcatProtocolHandlerCustomizer<ProtocolHandler>) protocol -> {
                Executor executor = protocol.getExecutor();
                if (executor != null && !(executor instanceof BoundedExecutor)) {
                    protocol.setExecutor(new BoundedExecutor(executor, properties.maxRequestsInFlight()));
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
