package dev.marketplace.live;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Fan-out through the application database: the envelope goes into {@code live_events} and its id out with
 * {@code NOTIFY} in the outbox relay's transaction, a batch at a time (so only committed events are announced, and payloads may
 * exceed NOTIFY's 8000 bytes). Every instance LISTENs on a dedicated connection (not from the pool) in a
 * virtual thread, reconnecting after failures; rows older than five minutes are purged.
 */
final class PostgresEventBus implements LiveEventBus, InitializingBean, DisposableBean {

    static final String CHANNEL = "marketplace_live_events";
    /** NOTIFY payloads must stay below 8000 bytes; ids are at most 20 characters each. */
    private static final int NOTIFY_PAYLOAD_LIMIT = 7000;

    private static final Logger log = LoggerFactory.getLogger(PostgresEventBus.class);

    private final JdbcTemplate jdbc;
    private final LiveSessions sessions;
    private final String url;
    private final String user;
    private final String password;
    private volatile boolean running = true;
    private volatile boolean listening;
    private Thread listener;

    PostgresEventBus(JdbcTemplate jdbc, DataSource dataSource, LiveSessions sessions) {
        this.jdbc = jdbc;
        this.sessions = sessions;
        HikariDataSource hikari = unwrap(dataSource);
        this.url = hikari.getJdbcUrl();
        this.user = hikari.getUsername();
        this.password = hikari.getPassword();
    }

    private static HikariDataSource unwrap(DataSource dataSource) {
        try {
            return dataSource.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            throw new IllegalStateException("marketplace.live.fanout=postgres needs the HikariCP data source", e);
        }
    }

    /** One multi-row insert and one {@code NOTIFY} (a comma-separated list of ids, split below NOTIFY's 8000 bytes). */
    @Override
    public void publish(List<LiveEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<Long> ids = jdbc.query(
                con -> {
                    var ps = con.prepareStatement("""
                    INSERT INTO live_events (event_type, audience, envelope)
                    SELECT * FROM unnest(?::varchar[], ?::text[], ?::text[]) RETURNING id""");
                    ps.setArray(
                            1,
                            con.createArrayOf(
                                    "varchar",
                                    events.stream().map(LiveEvent::type).toArray()));
                    ps.setArray(
                            2,
                            con.createArrayOf(
                                    "text",
                                    events.stream()
                                            .map(e -> String.join(" ", e.audience()))
                                            .toArray()));
                    ps.setArray(
                            3,
                            con.createArrayOf(
                                    "text",
                                    events.stream().map(LiveEvent::envelope).toArray()));
                    return ps;
                },
                (rs, i) -> rs.getLong(1));
        StringBuilder payload = new StringBuilder();
        for (Long id : ids) {
            if (payload.length() > NOTIFY_PAYLOAD_LIMIT) {
                notify(payload.toString());
                payload.setLength(0);
            }
            payload.append(payload.isEmpty() ? "" : ",").append(id);
        }
        notify(payload.toString());
    }

    private void notify(String payload) {
        jdbc.queryForObject("SELECT pg_notify(?, ?)", Object.class, CHANNEL, payload);
    }

    /** Whether the LISTEN connection is up (tests wait for it before publishing). */
    boolean listening() {
        return listening;
    }

    @Override
    public void afterPropertiesSet() {
        listener = Thread.ofVirtual().name("live-events-listener").start(this::listen);
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        listener.interrupt();
        listener.join(Duration.ofSeconds(3));
    }

    private void listen() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(url, user, password)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                listening = true;
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        Arrays.stream(notifications).forEach(n -> relay(n.getParameter()));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (running) {
                    log.warn(
                            "Live events LISTEN connection lost ({}); reconnecting",
                            e.getClass().getSimpleName());
                    sleep();
                }
            }
        }
        listening = false;
    }

    /** {@code ids}: the comma-separated ids of one NOTIFY. */
    private void relay(String ids) {
        try {
            Long[] wanted = Arrays.stream(ids.split(",")).map(Long::valueOf).toArray(Long[]::new);
            List<Object[]> rows = jdbc.query(
                    con -> {
                        var ps = con.prepareStatement(
                                "SELECT event_type, audience, envelope FROM live_events WHERE id = ANY (?) ORDER BY id");
                        ps.setArray(1, con.createArrayOf("bigint", wanted));
                        return ps;
                    },
                    (rs, i) -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            for (Object[] row : rows) {
                sessions.deliver((String) row[0], Set.of(((String) row[1]).split(" ")), (String) row[2]);
            }
        } catch (RuntimeException e) {
            log.warn("Could not relay live events: {}", e.getClass().getSimpleName());
        }
    }

    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    void purge() {
        jdbc.update("DELETE FROM live_events WHERE created_at < now() - interval '5 minutes'");
    }

    private void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
