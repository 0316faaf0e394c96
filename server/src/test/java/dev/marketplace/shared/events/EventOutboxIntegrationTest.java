package dev.marketplace.shared.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marketplace.item.ItemCreated;
import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.RecordedEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The outbox ({@code outbox_events} and {@link OutboxRelay}) over real HTTP and PostgreSQL: an event is recorded
 * with its change and relayed after commit; events are handed over in batches (N events, one relay transaction);
 * a consumer that fails for one event neither holds back the other events nor re-runs the other consumers, and
 * is retried (same event id) until it succeeds; events left behind by a relay that was not running (a crashed
 * instance) are relayed when one runs again.
 */
@Import({EventOutboxIntegrationTest.FlakyConsumer.class, RecordedEvents.class})
@TestPropertySource(
        properties = {
            "marketplace.events.retry-interval=200ms",
            "marketplace.events.retry-after=100ms",
            "marketplace.events.max-retry-delay=400ms",
            "marketplace.webhooks.allow-insecure-urls=true",
            "marketplace.webhooks.allow-private-targets=true"
        })
class EventOutboxIntegrationTest extends ApiIntegrationTest {

    @Autowired
    FlakyConsumer flaky;

    @Autowired
    OutboxRelay relay;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void aFailingConsumerIsRetriedUntilItCompletes() {
        flaky.failing.set(true);
        var created = anonymous.withToken(seller().accessToken()).post("/api/v2/items", """
                {"name":"Outbox lamp","price":"12.50","currency":"EUR"}""");
        assertThat(created.status()).isEqualTo(201);
        String itemId = json(created).get("id").asString();

        // Fails at least twice (first delivery + one retry) while the fault lasts; the event stays, for this consumer
        // only.
        await().atMost(Duration.ofSeconds(20)).until(() -> flaky.attemptsFor(itemId) >= 2);
        assertThat(waitingFor(itemId)).isEqualTo(1);
        assertThat(jdbc.queryForList(
                        "SELECT consumers[1] FROM outbox_events WHERE payload LIKE ?",
                        String.class,
                        "%" + itemId + "%"))
                .containsExactly("flaky");
        assertThat(jdbc.queryForObject(
                        "SELECT last_error FROM outbox_events WHERE payload LIKE ?", String.class, "%" + itemId + "%"))
                .isEqualTo("flaky: IllegalStateException");

        flaky.failing.set(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> waitingFor(itemId) == 0);

        List<OutboxEvent> seen =
                flaky.seen.stream().filter(e -> e.envelope().contains(itemId)).toList();
        assertThat(seen).hasSizeGreaterThanOrEqualTo(3);
        assertThat(seen)
                .extracting(OutboxEvent::id)
                .containsOnly(seen.getFirst().id());
        assertThat(seen.getFirst().event()).isInstanceOf(ItemCreated.class);
        assertThat(seen.getFirst().event().type()).isEqualTo("item.created");
        assertThat(seen.getFirst().event().audience())
                .containsExactly(json(created).get("owner_id").asString());
        assertThat(seen.getLast().attempts()).isPositive();
        // The consumers that had succeeded were not run again.
        assertThat(recordedEvents.of(ItemCreated.class, itemId)).hasSize(1);
    }

    @Test
    void eventsLeftBehindAreRelayedInOneBatchWhenARelayRunsAgain() {
        ApiClient partner = anonymous.withToken(accounts.session("partner").accessToken());
        var endpoint = partner.post("/api/v2/webhook-endpoints", """
                {"url":"http://127.0.0.1:9/never","event_types":["item.created"]}""");
        assertThat(endpoint.status()).isEqualTo(201);
        String endpointId = json(endpoint).get("webhook_endpoint").get("id").asString();
        int n = 60;
        List<String> ids = new ArrayList<>();
        relay.stop(); // as if this instance had died right after its commits
        try {
            for (int i = 0; i < n; i++) {
                var created = partner.post(
                        "/api/v2/items", "{\"name\":\"Batch " + i + "\",\"price\":\"1.00\",\"currency\":\"EUR\"}");
                assertThat(created.status()).isEqualTo(201);
                ids.add(json(created).get("id").asString());
            }
            // Recorded with each change, nothing relayed yet.
            for (String id : ids) {
                assertThat(waitingFor(id)).as(id).isEqualTo(1);
            }
            assertThat(recordedEvents.of(ItemCreated.class, ids.getFirst())).isEmpty();
        } finally {
            relay.start();
        }
        double batchesBefore = meters.counter("marketplace.outbox.batches").count();
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(id -> waitingFor(id) == 0));

        for (String id : ids) {
            assertThat(recordedEvents.of(ItemCreated.class, id)).as(id).hasSize(1);
        }
        assertThat(meters.counter("marketplace.outbox.batches").count() - batchesBefore)
                .as("%d events relayed in a handful of transactions", n)
                .isLessThanOrEqualTo(3);
        // One delivery per event for the subscribed endpoint, with the event's id, queued in the same batch.
        assertThat(jdbc.queryForObject(
                        "SELECT count(DISTINCT event_id) FROM webhook_deliveries WHERE endpoint_id = ?::uuid",
                        Integer.class,
                        endpointId))
                .isEqualTo(n);
    }

    @Test
    void aPoisonEventDoesNotHoldBackTheOthers() {
        List<String> ids = new ArrayList<>();
        UUID unreadable = UUID.randomUUID();
        relay.stop();
        try {
            for (String name : List.of("Calm one", "Poison pill", "Calm two")) {
                var created = anonymous
                        .withToken(seller().accessToken())
                        .post("/api/v2/items", "{\"name\":\"" + name + "\",\"price\":\"1.00\",\"currency\":\"EUR\"}");
                assertThat(created.status()).isEqualTo(201);
                ids.add(json(created).get("id").asString());
            }
            // An event whose class no longer exists (e.g. written by another version): it must be kept, not dropped.
            jdbc.update("""
                    INSERT INTO outbox_events (event_id, event_type, event_class, payload, available_at, created_at)
                    VALUES (?, 'item.created', 'dev.marketplace.item.Gone', '{}', now(), now())""", unreadable);
        } finally {
            relay.start();
        }
        String poison = ids.get(1);

        await().atMost(Duration.ofSeconds(20)).until(() -> waitingFor(ids.get(0)) == 0 && waitingFor(ids.get(2)) == 0);
        // The other consumers handled the poison event too; only the failing one keeps it.
        assertThat(recordedEvents.of(ItemCreated.class, poison)).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> flaky.attemptsFor(poison) >= 3);
        assertThat(waitingFor(poison)).isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT attempts FROM outbox_events WHERE event_id = ?", Integer.class, unreadable))
                .isPositive();
        assertThat(jdbc.queryForObject(
                        "SELECT last_error FROM outbox_events WHERE event_id = ?", String.class, unreadable))
                .isEqualTo("unreadable: IllegalArgumentException");

        flaky.poisonCured.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> waitingFor(poison) == 0);
        assertThat(recordedEvents.of(ItemCreated.class, poison)).hasSize(1);
        jdbc.update("DELETE FROM outbox_events WHERE event_id = ?", unreadable);
    }

    private int waitingFor(String itemId) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM outbox_events WHERE payload LIKE ?", Integer.class, "%" + itemId + "%");
    }

    /** Fails while {@code failing} is set, and for an item named "Poison …" until {@code poisonCured}. */
    @TestConfiguration(proxyBeanMethods = false)
    static class FlakyConsumer implements OutboxConsumer {
        final AtomicBoolean failing = new AtomicBoolean();
        final AtomicBoolean poisonCured = new AtomicBoolean();
        final List<OutboxEvent> seen = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public void handle(List<OutboxEvent> events) {
            seen.addAll(events);
            if (failing.get()) {
                throw new IllegalStateException("simulated handler fault");
            }
            if (!poisonCured.get() && events.stream().anyMatch(e -> e.envelope().contains("Poison"))) {
                throw new IllegalStateException("simulated poison event");
            }
        }

        long attemptsFor(String itemId) {
            // A batch attempt and the attempt alone that follows it both count.
            return seen.stream().filter(e -> e.envelope().contains(itemId)).count();
        }
    }
}
