package dev.marketplace.live;

import dev.marketplace.shared.events.DomainEvent;
import dev.marketplace.shared.events.EventEnvelope;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * After an event's transaction commits, hands its envelope to the bus, which reaches the subscribed
 * sockets on every instance. Live events are a best-effort notification channel (a socket that is not
 * connected misses them); partners that need every event use webhooks.
 */
@Component
class LiveEventRelay {

    private final LiveEventBus bus;
    private final JsonMapper json;

    LiveEventRelay(LiveEventBus bus, JsonMapper json) {
        this.bus = bus;
        this.json = json;
    }

    @ApplicationModuleListener
    void on(DomainEvent event) {
        bus.publish(event.type(), event.audience(), EventEnvelope.toJson(event, json));
    }
}
