package dev.marketplace.live;

import java.util.Set;

/** Topics a socket subscribes to: an event type's first segment, pluralised ({@code order.placed} → {@code orders}). */
final class LiveTopics {

    static final Set<String> ALL = Set.of("items", "orders");

    private LiveTopics() {}

    static String of(String eventType) {
        int dot = eventType.indexOf('.');
        return (dot < 0 ? eventType : eventType.substring(0, dot)) + "s";
    }
}
