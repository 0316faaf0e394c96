package dev.marketplace.live;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Live events over WebSocket ({@code marketplace.live.*}).
 *
 * @param fanout          how an event reaches the sockets of every instance: {@code postgres} (LISTEN/NOTIFY on
 *                        the application database, works with any number of instances), {@code redis} (pub/sub on
 *                        {@code redis-url}) or {@code local} (this instance only)
 * @param redisUrl        Redis for {@code fanout=redis}
 * @param idleTimeout     a socket that sent nothing (not even a pong) for this long is closed
 * @param pingInterval    how often the server pings every socket
 * @param sendBufferLimit bytes queued for a slow client before its socket is closed
 * @param sendTimeLimit   how long one send may block before the socket is closed
 * @param ticketTtl       lifetime of a handshake ticket
 */
@Validated
@ConfigurationProperties("marketplace.live")
public record LiveProperties(
        @NotNull @DefaultValue("postgres") Fanout fanout,
        String redisUrl,

        @NotNull @DurationMin(millis = 100) @DefaultValue("60s")
        Duration idleTimeout,

        @NotNull @DurationMin(millis = 50) @DefaultValue("25s")
        Duration pingInterval,

        @DefaultValue("524288") int sendBufferLimit,
        @NotNull @DefaultValue("10s") Duration sendTimeLimit,
        @NotNull @DefaultValue("30s") Duration ticketTtl) {

    public enum Fanout {
        LOCAL,
        POSTGRES,
        REDIS
    }

    public LiveProperties {
        if (fanout == Fanout.REDIS && (redisUrl == null || redisUrl.isBlank())) {
            throw new IllegalArgumentException(
                    "marketplace.live.redis-url is required when marketplace.live.fanout=redis");
        }
    }
}
