package dev.marketplace.shared.security;

import java.util.Optional;

/** Redeems a single-use WebSocket ticket; implemented by the domain that issues them. */
public interface TicketAuthenticator {

    /** The ticket's holder when the ticket is known, unexpired and unused; it is used up by this call. */
    Optional<Actor> redeem(String ticket);
}
