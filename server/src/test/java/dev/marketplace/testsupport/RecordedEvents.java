package dev.marketplace.testsupport;

import dev.marketplace.shared.events.DomainEvent;
import dev.marketplace.shared.events.OutboxConsumer;
import dev.marketplace.shared.events.OutboxEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * A test outbox consumer that keeps every event the relay handed over, as it came out of the outbox (read back
 * from its stored JSON): tests assert what a change recorded, and that a refused change recorded nothing.
 */
@TestConfiguration(proxyBeanMethods = false)
@Order(Ordered.LOWEST_PRECEDENCE)
public class RecordedEvents implements OutboxConsumer {

    private final List<OutboxEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "test-recorder";
    }

    @Override
    public void handle(List<OutboxEvent> batch) {
        events.addAll(batch);
    }

    public List<OutboxEvent> all() {
        return List.copyOf(events);
    }

    /** Events of this class whose envelope mentions {@code text} (an id), in the order they were relayed. */
    public <T extends DomainEvent> List<OutboxEvent> of(Class<T> type, String text) {
        return events.stream()
                .filter(e -> type.isInstance(e.event()) && e.envelope().contains(text))
                .toList();
    }

    public <T extends DomainEvent> long count(Class<T> type) {
        return events.stream().filter(e -> type.isInstance(e.event())).count();
    }
}
