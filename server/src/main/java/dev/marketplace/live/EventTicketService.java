package dev.marketplace.live;

import dev.marketplace.api.model.EventTicketDto;
import dev.marketplace.shared.security.Actor;
import dev.marketplace.shared.security.SecretTokens;
import dev.marketplace.shared.security.TicketAuthenticator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Single-use, short-lived tickets for the WebSocket handshake; stored as SHA-256, used up atomically. */
@Service
public class EventTicketService implements TicketAuthenticator {

    static final String PREFIX = "wst_";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final LiveProperties properties;

    EventTicketService(JdbcTemplate jdbc, Clock clock, LiveProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    @Transactional
    public EventTicketDto issue(Actor actor) {
        String ticket = SecretTokens.generate(PREFIX, 32);
        Instant expires = now().plus(properties.ticketTtl());
        jdbc.update(
                "INSERT INTO event_tickets (ticket_hash, subject, scopes, expires_at) VALUES (?, ?, ?, ?)",
                SecretTokens.hash(ticket),
                actor.subject(),
                String.join(" ", actor.scopes()),
                expires.atOffset(ZoneOffset.UTC));
        return new EventTicketDto(ticket, expires.atOffset(ZoneOffset.UTC));
    }

    @Override
    @Transactional
    public Optional<Actor> redeem(String ticket) {
        if (!ticket.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return jdbc
                .query(
                        """
                UPDATE event_tickets SET used_at = ? WHERE ticket_hash = ? AND used_at IS NULL AND expires_at > ?
                RETURNING subject, scopes""",
                        (rs, i) -> new Actor(
                                rs.getString(1),
                                Set.copyOf(Arrays.asList(rs.getString(2).split(" ")))),
                        now().atOffset(ZoneOffset.UTC),
                        SecretTokens.hash(ticket),
                        now().atOffset(ZoneOffset.UTC))
                .stream()
                .findFirst();
    }

    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    @Transactional
    public void purgeExpired() {
        jdbc.update(
                "DELETE FROM event_tickets WHERE expires_at < ?",
                now().minusSeconds(60).atOffset(ZoneOffset.UTC));
    }

    private Instant now() {
        return clock.instant();
    }
}
