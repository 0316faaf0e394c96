package dev.marketplace.live;

import java.util.List;

/** One instance: straight to this instance's sockets. */
final class LocalEventBus implements LiveEventBus {

    private final LiveSessions sessions;

    LocalEventBus(LiveSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void publish(List<LiveEvent> events) {
        events.forEach(e -> sessions.deliver(e.type(), e.audience(), e.envelope()));
    }
}
