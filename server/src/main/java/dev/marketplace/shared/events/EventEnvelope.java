package dev.marketplace.shared.events;

import java.time.format.DateTimeFormatter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON every consumer of an event gets — webhook bodies and WebSocket {@code event} messages alike:
 * {@code {"id", "type", "occurred_at", "data"}}, {@code data} being the event's DTO as the API shows it.
 */
public final class EventEnvelope {

    private EventEnvelope() {}

    public static ObjectNode toTree(DomainEvent event, JsonMapper json) {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("id", event.eventId().toString());
        envelope.put("type", event.type());
        envelope.put("occurred_at", DateTimeFormatter.ISO_INSTANT.format(event.occurredAt()));
        envelope.set("data", json.valueToTree(event.data()));
        return envelope;
    }

    public static String toJson(DomainEvent event, JsonMapper json) {
        return json.writeValueAsString(toTree(event, json));
    }
}
