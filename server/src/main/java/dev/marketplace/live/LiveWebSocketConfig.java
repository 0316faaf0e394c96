package dev.marketplace.live;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** {@code /ws/events}: plain WebSocket, JSON text messages of at most 4 KB from clients. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@EnableConfigurationProperties(LiveProperties.class)
class LiveWebSocketConfig implements WebSocketConfigurer {

    static final int MAX_INBOUND_MESSAGE = 4096;

    private final LiveEventHandler handler;
    private final HandshakeGuard guard;

    LiveWebSocketConfig(LiveEventHandler handler, HandshakeGuard guard) {
        this.handler = handler;
        this.guard = guard;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // Origins are checked by HandshakeGuard (strictly for cookie-authenticated handshakes only).
        registry.addHandler(handler, "/ws/events").addInterceptors(guard).setAllowedOriginPatterns("*");
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer(LiveProperties properties) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(MAX_INBOUND_MESSAGE);
        container.setMaxBinaryMessageBufferSize(MAX_INBOUND_MESSAGE);
        // Backstop; the heartbeat closes silent sockets after idle-timeout.
        container.setMaxSessionIdleTimeout(
                properties.idleTimeout().plus(properties.pingInterval()).toMillis());
        return container;
    }
}
