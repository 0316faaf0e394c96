package dev.marketplace.live;

import java.util.Set;

/** One instance: straight to this instance's sockets. */
final class LocalEventBus implements LiveEventBus {

    private final LiveSessions sessions;

    LocalEventBus(LiveSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void publish(String type, Set<String> audience, String envelope) {
        sessions.deliver(type, audience, envelope);
    }
}
