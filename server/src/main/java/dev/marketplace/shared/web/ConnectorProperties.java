package dev.marketplace.shared.web;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Memory bounds of the HTTP connector ({@code marketplace.http.connector.*}), see {@link ConnectorMemoryConfig}.
 *
 * @param maxRequestsInFlight requests processed at once (each holds ~60 KB of Tomcat request and response buffers
 *                            plus its virtual thread's stack, ~10–25 KB while it waits: ~85 KB of heap); further requests whose bytes have
 *                            arrived wait, first come first served, holding only their connection
 *                            ({@code MARKETPLACE_HTTP_CONNECTOR_MAX_REQUESTS_IN_FLIGHT})
 * @param socketBufferSize    Tomcat's read and write buffer of every open connection
 *                            ({@code socket.appReadBufSize} and {@code socket.appWriteBufSize}, 8 KB each by default;
 *                            {@code MARKETPLACE_HTTP_CONNECTOR_SOCKET_BUFFER_SIZE})
 */
@Validated
@ConfigurationProperties("marketplace.http.connector")
public record ConnectorProperties(
        @Min(1) @DefaultValue("300") int maxRequestsInFlight,
        @NotNull @DefaultValue("4KB") DataSize socketBufferSize) {}
