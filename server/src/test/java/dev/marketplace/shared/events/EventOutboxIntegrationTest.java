package dev.marketplace.shared.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marketplace.item.ItemCreated;
import dev.marketplace.testsupport.ApiIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.test.context.TestPropertySource;

/**
 * The outbox: an event published in the business transaction is recorded in {@code event_publication};
 * a listener that throws leaves its publication incomplete, the retry job hands it over again, and once
 * the fault is gone the same event (same id) completes.
 */
@Import(EventOutboxIntegrationTest.FlakyListener.class)
@TestPropertySource(properties = {"marketplace.events.retry-interval=200ms", "marketplace.events.retry-after=100ms"})
class EventOutboxIntegrationTest extends ApiIntegrationTest {

    @Autowired
    FlakyListener listener;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aFailingListenerIsRetriedUntilItCompletes() {
        listener.setFailing(true);
        var created = anonymous.withToken(seller().accessToken()).post("/api/v2/items", """
                {"name":"Outbox lamp","price":"12.50","currency":"EUR"}""");
        assertThat(created.status()).isEqualTo(201);
        String itemId = json(created).get("id").asString();

        // Fails at least twice (first delivery + one retry) while the fault lasts; the row stays incomplete.
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.attemptsFor(itemId) >= 2);
        assertThat(incompleteFor(itemId)).isEqualTo(1);

        listener.setFailing(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> incompleteFor(itemId) == 0);

        List<ItemCreated> seen = listener.seen().stream().filter(e -> e.item().getId().toString().equals(itemId)).toList();
        assertThat(seen).hasSizeGreaterThanOrEqualTo(3);
        assertThat(seen).extracting(ItemCreated::eventId).containsOnly(seen.getFirst().eventId());
        assertThat(seen.getFirst().type()).isEqualTo("item.created");
        assertThat(seen.getFirst().audience()).containsExactly(json(created).get("owner_id").asString());
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM event_publication
                WHERE listener_id LIKE '%FlakyListener%' AND serialized_event LIKE ? AND completion_date IS NOT NULL""",
                Integer.class, "%" + itemId + "%")).isEqualTo(1);
    }

    private int incompleteFor(String itemId) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM event_publication
                WHERE listener_id LIKE '%FlakyListener%' AND serialized_event LIKE ? AND completion_date IS NULL""",
                Integer.class, "%" + itemId + "%");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FlakyListener {
        final AtomicBoolean failing = new AtomicBoolean();
        final List<ItemCreated> seen = new CopyOnWriteArrayList<>();

        @ApplicationModuleListener
        void on(ItemCreated event) {
            seen.add(event);
            if (failing.get()) {
                throw new IllegalStateException("simulated handler fault");
            }
        }

        // Accessed through methods: the bean is a proxy (the listener is transactional and async).
        public void setFailing(boolean value) {
            failing.set(value);
        }

        public List<ItemCreated> seen() {
            return seen;
        }

        public long attemptsFor(String itemId) {
            return seen.stream().filter(e -> e.item().getId().toString().equals(itemId)).count();
        }
    }
}
