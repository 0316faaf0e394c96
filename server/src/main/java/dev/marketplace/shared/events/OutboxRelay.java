package dev.marketplace.shared.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read side of the outbox ({@code outbox_events}, written by {@link OutboxRecorder}): one relay thread per
 * instance hands recorded events to every {@link OutboxConsumer}, in batches.
 *
 * <p>One batch is one transaction: claim up to {@code batch-size} due events with {@code FOR UPDATE SKIP LOCKED}
 * (another instance's relay skips them), give them to each consumer (one call per consumer for the whole batch, in a
 * savepoint), delete the handled events, commit. N events cost one transaction and a handful of statements, not N.
 * A consumer that fails for a batch is given its events one by one; an event that still fails keeps its row for
 * the consumers it failed in only, with {@code attempts + 1} and a retry time that doubles from
 * {@code retry-after} up to {@code max-retry-delay}. An event that cannot be read at all (its class is gone) is
 * kept the same way and logged — never dropped. Logs name the event id, type, consumer and exception class,
 * never payloads or messages.
 *
 * <p>The thread is woken right after a transaction that recorded events commits (this instance), and otherwise
 * looks every {@code retry-interval}: for events of an instance that died before relaying them (a crash between
 * commit and relay loses nothing: the rows are still there) and for failed events whose retry is due.
 *
 * <p>Metrics: {@code marketplace.outbox.events.relayed} and {@code marketplace.outbox.batches} (counters: their ratio
 * is the batch size achieved), {@code marketplace.outbox.failures{consumer}}
 * (counter), {@code marketplace.outbox.backlog} (events waiting) and {@code marketplace.outbox.oldest.age}
 * (seconds since the oldest waiting event was recorded) — both read from the database at most every 5 s.
 */
@Component
@EnableConfigurationProperties(EventProperties.class)
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** After a wake-up, wait this long so that events committed at nearly the same moment share a batch. */
    private static final Duration LINGER = Duration.ofMillis(2);

    private static final Duration GAUGE_CACHE = Duration.ofSeconds(5);

    private record Row(
            UUID id,
            String type,
            String eventClass,
            String payload,
            String traceparent,
            String[] consumers,
            int attempts) {}

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final ObjectProvider<OutboxConsumer> consumerBeans;
    private final JsonMapper json;
    private final Clock clock;
    private final EventProperties properties;
    private final MeterRegistry meters;
    private final Counter relayed;
    private final Counter batches;
    private final Map<String, Class<? extends DomainEvent>> classes = new ConcurrentHashMap<>();
    private List<OutboxConsumer> consumers;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile long[] backlog = {0, 0, 0}; // count, oldest age (s), read at (ms)

    OutboxRelay(
            JdbcTemplate jdbc,
            DataSource dataSource,
            PlatformTransactionManager transactionManager,
            ObjectProvider<OutboxConsumer> consumers,
            JsonMapper json,
            Clock clock,
            EventProperties properties,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.transactions = new TransactionTemplate(transactionManager);
        this.consumerBeans = consumers;
        // A field added to or removed from an event between versions must not make stored events unreadable.
        this.json = json.rebuild()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        this.clock = clock;
        this.properties = properties;
        this.meters = meters;
        this.relayed = Counter.builder("marketplace.outbox.events.relayed")
                .description("Events handed to every outbox consumer and removed from the outbox")
                .register(meters);
        this.batches = Counter.builder("marketplace.outbox.batches")
                .description("Relay transactions that handed over at least one event")
                .register(meters);
        Gauge.builder("marketplace.outbox.backlog", this, relay -> relay.backlog()[0])
                .description("Events waiting in the outbox (recorded, not yet handled by every consumer)")
                .register(meters);
        Gauge.builder("marketplace.outbox.oldest.age", this, relay -> relay.backlog()[1])
                .baseUnit("seconds")
                .description("Age of the oldest event waiting in the outbox")
                .register(meters);
    }

    /** Asks the relay to look now (called after a transaction that recorded events commits). */
    public void wake() {
        Thread relay = thread;
        if (relay != null) {
            LockSupport.unpark(relay);
        }
    }

    /**
     * Relays due events until none is left; returns how many were handed over. For tests and for the relay thread;
     * safe to call from several threads and instances at once (rows are claimed with {@code SKIP LOCKED}).
     */
    public int drain() {
        int total = 0;
        int claimed;
        do {
            claimed = relayBatch();
            total += claimed;
        } while (claimed == properties.batchSize() && running);
        return total;
    }

    private void loop() {
        long idle = properties.retryInterval().toNanos();
        while (running) {
            LockSupport.parkNanos(this, idle);
            if (!running) {
                break;
            }
            try {
                LockSupport.parkNanos(LINGER.toNanos());
                drain();
            } catch (RuntimeException e) {
                // The database may be briefly unavailable: the events stay where they are; look again later.
                log.warn(
                        "Outbox relay could not relay events ({}); retrying in {}",
                        e.getClass().getSimpleName(),
                        properties.retryInterval());
            }
        }
    }

    /** One transaction: claim a batch, hand it to each consumer, delete what was handled, keep what failed. */
    private int relayBatch() {
        Integer count = transactions.execute(status -> {
            Instant now = clock.instant();
            List<Row> rows = jdbc.query(
                    """
                    SELECT event_id, event_type, event_class, payload, traceparent, consumers, attempts FROM outbox_events
                    WHERE available_at <= ? ORDER BY available_at LIMIT ? FOR UPDATE SKIP LOCKED""",
                    (rs, i) -> {
                        Array consumers = rs.getArray(6);
                        return new Row(
                                rs.getObject(1, UUID.class),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                consumers == null ? null : (String[]) consumers.getArray(),
                                rs.getInt(7));
                    },
                    now.atOffset(ZoneOffset.UTC),
                    properties.batchSize());
            if (rows.isEmpty()) {
                return 0;
            }
            Map<UUID, Set<String>> failed = new LinkedHashMap<>();
            Map<UUID, String> errors = new HashMap<>();
            Map<UUID, Row> byId = new HashMap<>();
            List<OutboxEvent> events = new ArrayList<>(rows.size());
            for (Row row : rows) {
                byId.put(row.id(), row);
                try {
                    events.add(new OutboxEvent(
                            json.readValue(row.payload(), eventClass(row.eventClass())),
                            row.traceparent(),
                            row.attempts(),
                            json));
                } catch (RuntimeException e) {
                    failed.put(row.id(), pending(row));
                    errors.put(row.id(), "unreadable: " + e.getClass().getSimpleName());
                    log.error(
                            "Outbox event {} ({}) cannot be read ({}); it is kept, attempt {}",
                            row.id(),
                            row.type(),
                            e.getClass().getSimpleName(),
                            row.attempts() + 1);
                }
            }
            for (OutboxConsumer consumer : consumers()) {
                List<OutboxEvent> mine = events.stream()
                        .filter(e -> wants(byId.get(e.id()), consumer) && consumer.accepts(e.event()))
                        .toList();
                if (mine.isEmpty() || (consumer.batched() && mine.size() > 1 && attempt(consumer, mine) == null)) {
                    continue;
                }
                for (OutboxEvent event : mine) {
                    RuntimeException error = attempt(consumer, List.of(event));
                    if (error != null) {
                        failed.computeIfAbsent(event.id(), id -> new LinkedHashSet<>())
                                .add(consumer.name());
                        errors.put(
                                event.id(),
                                consumer.name() + ": " + error.getClass().getSimpleName());
                        meters.counter("marketplace.outbox.failures", "consumer", consumer.name())
                                .increment();
                        log.warn(
                                "Outbox consumer {} failed for event {} ({}): {}; attempt {}, retried later",
                                consumer.name(),
                                event.id(),
                                event.event().type(),
                                error.getClass().getSimpleName(),
                                event.attempts() + 1);
                    }
                }
            }
            List<UUID> done = rows.stream()
                    .map(Row::id)
                    .filter(id -> !failed.containsKey(id))
                    .toList();
            if (!done.isEmpty()) {
                jdbc.update(con -> {
                    var ps = con.prepareStatement("DELETE FROM outbox_events WHERE event_id = ANY (?)");
                    ps.setArray(1, con.createArrayOf("uuid", done.toArray()));
                    return ps;
                });
            }
            failed.forEach((id, names) -> keep(byId.get(id), names, errors.get(id), now));
            relayed.increment(done.size());
            batches.increment();
            return rows.size();
        });
        return count == null ? 0 : count;
    }

    /** Runs the consumer in a savepoint; returns its exception (its database work undone), or null. */
    private RuntimeException attempt(OutboxConsumer consumer, List<OutboxEvent> events) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            Savepoint savepoint = connection.setSavepoint();
            try {
                consumer.handle(events);
                connection.releaseSavepoint(savepoint);
                return null;
            } catch (RuntimeException e) {
                connection.rollback(savepoint);
                return e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("savepoint failed", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private void keep(Row row, Set<String> consumers, String error, Instant now) {
        int attempts = row.attempts() + 1;
        long delayMillis = properties.retryAfter().toMillis() << Math.min(attempts - 1, 30);
        Duration delay = Duration.ofMillis(Math.min(
                delayMillis <= 0 ? Long.MAX_VALUE : delayMillis,
                properties.maxRetryDelay().toMillis()));
        jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    UPDATE outbox_events SET consumers = ?, attempts = ?, available_at = ?, last_error = ? WHERE event_id = ?""");
            ps.setArray(1, con.createArrayOf("text", consumers.toArray()));
            ps.setInt(2, attempts);
            ps.setObject(3, now.plus(delay).atOffset(ZoneOffset.UTC));
            ps.setString(4, error.length() > 200 ? error.substring(0, 200) : error);
            ps.setObject(5, row.id());
            return ps;
        });
    }

    private Set<String> pending(Row row) {
        if (row.consumers() != null) {
            return new LinkedHashSet<>(List.of(row.consumers()));
        }
        Set<String> all = new LinkedHashSet<>();
        consumers().forEach(c -> all.add(c.name()));
        return all;
    }

    private static boolean wants(Row row, OutboxConsumer consumer) {
        return row.consumers() == null || List.of(row.consumers()).contains(consumer.name());
    }

    @SuppressWarnings("unchecked")
    private Class<? extends DomainEvent> eventClass(String name) {
        return classes.computeIfAbsent(name, n -> {
            try {
                Class<?> type = Class.forName(n, false, OutboxRelay.class.getClassLoader());
                if (!DomainEvent.class.isAssignableFrom(type)) {
                    throw new IllegalArgumentException("not a domain event");
                }
                return (Class<? extends DomainEvent>) type;
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("unknown event class", e);
            }
        });
    }

    private List<OutboxConsumer> consumers() {
        List<OutboxConsumer> resolved = consumers;
        if (resolved == null) {
            resolved = consumerBeans.orderedStream().toList();
            consumers = resolved;
        }
        return resolved;
    }

    /** {count, oldest age in seconds}, from the database at most every 5 s; the last known values while it is down. */
    private long[] backlog() {
        long[] current = backlog;
        long nowMillis = System.currentTimeMillis();
        if (nowMillis - current[2] < GAUGE_CACHE.toMillis()) {
            return current;
        }
        try {
            long[] fresh = jdbc.queryForObject("""
                    SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::bigint FROM outbox_events""", (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), nowMillis});
            backlog = fresh;
            return fresh;
        } catch (RuntimeException e) {
            return current;
        }
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("outbox-relay").start(this::loop);
        wake(); // events left by a previous run or another instance
    }

    @Override
    public void stop() {
        running = false;
        Thread relay = thread;
        if (relay != null) {
            LockSupport.unpark(relay);
            try {
                relay.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the web server and stops after it, so that events of requests finished during shutdown are relayed. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
