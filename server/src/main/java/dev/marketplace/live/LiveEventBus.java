package dev.marketplace.live;

import java.util.Set;

/** Carries an event to the live sockets of every instance (see {@link LiveProperties#fanout()}). */
interface LiveEventBus {

    /** Called from the after-commit event listener, inside its own transaction. */
    void publish(String type, Set<String> audience, String envelope);
}
