package dev.marketplace.live;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * The open live-event sockets of this instance: who they belong to, what they subscribed to, when they were
 * last heard from. Sends go through a {@link ConcurrentWebSocketSessionDecorator} (bounded buffer and send
 * time: a slow client is dropped, never the server). Gauge {@code marketplace.websocket.sessions}.
 */
@Component
class LiveSessions {

    private static final Logger log = LoggerFactory.getLogger(LiveSessions.class);

    static final class Live {
        final WebSocketSession socket;
        final String subject;
        final Set<String> topics = ConcurrentHashMap.newKeySet();
        volatile Instant lastSeen;

        Live(WebSocketSession socket, String subject, Instant now) {
            this.socket = socket;
            this.subject = subject;
            this.lastSeen = now;
        }
    }

    private final Map<String, Live> sessions = new ConcurrentHashMap<>();
    private final LiveProperties properties;
    private final Clock clock;

    LiveSessions(LiveProperties properties, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("marketplace.websocket.sessions", sessions, Map::size)
                .description("Open live-event WebSockets on this instance")
                .register(meters);
    }

    Live open(WebSocketSession raw, String subject) {
        var socket = new ConcurrentWebSocketSessionDecorator(
                raw,
                (int) properties.sendTimeLimit().toMillis(),
                properties.sendBufferLimit(),
                ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
        Live live = new Live(socket, subject, clock.instant());
        sessions.put(raw.getId(), live);
        return live;
    }

    Live get(WebSocketSession raw) {
        return sessions.get(raw.getId());
    }

    void close(WebSocketSession raw) {
        sessions.remove(raw.getId());
    }

    int size() {
        return sessions.size();
    }

    /** Sends an event envelope to this instance's sockets whose owner is in the audience and who subscribed to its topic. */
    void deliver(String type, Collection<String> audience, String envelope) {
        String topic = LiveTopics.of(type);
        String message = "{\"type\":\"event\",\"topic\":\"" + topic + "\",\"event\":" + envelope + "}";
        for (Live live : sessions.values()) {
            if (audience.contains(live.subject) && live.topics.contains(topic)) {
                send(live, message);
            }
        }
    }

    void send(Live live, String json) {
        try {
            live.socket.sendMessage(new TextMessage(json));
        } catch (IOException | IllegalStateException e) {
            drop(live, CloseStatus.SESSION_NOT_RELIABLE);
        }
    }

    /** Pings every socket and closes those silent for longer than the idle timeout (dead peers, half-open TCP). */
    @Scheduled(fixedDelayString = "${marketplace.live.ping-interval:25s}")
    void heartbeat() {
        Instant idleBefore = clock.instant().minus(properties.idleTimeout());
        for (Live live : sessions.values()) {
            if (live.lastSeen.isBefore(idleBefore)) {
                drop(live, CloseStatus.GOING_AWAY.withReason("idle timeout"));
                continue;
            }
            try {
                live.socket.sendMessage(new PingMessage(ByteBuffer.wrap(new byte[] {'m', 'p'})));
            } catch (IOException | IllegalStateException e) {
                drop(live, CloseStatus.SESSION_NOT_RELIABLE);
            }
        }
    }

    private void drop(Live live, CloseStatus status) {
        sessions.remove(live.socket.getId());
        try {
            live.socket.close(status);
        } catch (IOException | IllegalStateException e) {
            log.debug("Closing a live socket failed: {}", e.getClass().getSimpleName());
        }
    }
}
