package dev.marketplace.webhook;

import dev.marketplace.shared.mail.OutgoingMail;
import dev.marketplace.user.UserService;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Disables an endpoint that is gone or keeps failing, and tells its owner (log line + email after commit). */
@Component
class EndpointDisabler {

    private static final Logger log = LoggerFactory.getLogger(EndpointDisabler.class);

    private final DeliveryRepository deliveries;
    private final UserService users;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    EndpointDisabler(DeliveryRepository deliveries, UserService users, ApplicationEventPublisher events, Clock clock) {
        this.deliveries = deliveries;
        this.users = users;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public void disable(UUID endpointId, String reason) {
        deliveries.disableEndpoint(endpointId, reason, clock.instant()).ifPresent(owner -> {
            log.warn("Webhook endpoint {} disabled: {}", endpointId, reason);
            email(owner)
                    .ifPresent(to -> events.publishEvent(new OutgoingMail(
                            to,
                            "Your webhook endpoint was disabled",
                            "We stopped sending events to your webhook endpoint " + endpointId + ".\n\nReason: "
                                    + reason
                                    + "\n\nEvents keep being recorded. Fix the receiver, then set the endpoint's status back to active "
                                    + "(PATCH /api/v2/webhook-endpoints/" + endpointId + ") to resume deliveries.")));
        });
    }

    private java.util.Optional<String> email(String owner) {
        try {
            return java.util.Optional.ofNullable(
                    users.get(UUID.fromString(owner)).getEmail());
        } catch (RuntimeException e) {
            return java.util.Optional.empty(); // external identity or deleted account: the log line must do
        }
    }
}
