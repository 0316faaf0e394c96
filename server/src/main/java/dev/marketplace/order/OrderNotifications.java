package dev.marketplace.order;

import dev.marketplace.api.model.OrderDto;
import dev.marketplace.shared.events.DomainEvent;
import dev.marketplace.shared.events.OutboxConsumer;
import dev.marketplace.shared.events.OutboxEvent;
import dev.marketplace.shared.mail.Mailer;
import dev.marketplace.shared.mail.OutgoingMail;
import dev.marketplace.user.UserService;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Outbox consumer: mails the buyer when an order is placed and when its status changes, after commit. An SMTP
 * failure throws, the event stays in the outbox for this consumer and is retried later (the other consumers are
 * not run again), so a mail is sent at least once — a crash between sending and the relay's commit can send it
 * twice. One event per call ({@link #batched()} is false): a failure never re-sends the mails of other events.
 * Buyers whose account is gone (or who come from an external identity provider) get no mail.
 */
@Component
@org.springframework.core.annotation.Order(3)
class OrderNotifications implements OutboxConsumer {

    private static final Logger log = LoggerFactory.getLogger(OrderNotifications.class);

    private final UserService users;
    private final Mailer mailer;

    OrderNotifications(UserService users, Mailer mailer) {
        this.users = users;
        this.mailer = mailer;
    }

    @Override
    public String name() {
        return "order-mail";
    }

    @Override
    public boolean accepts(DomainEvent event) {
        return event instanceof OrderPlaced || event instanceof OrderStatusChanged;
    }

    @Override
    public boolean batched() {
        return false;
    }

    @Override
    public void handle(List<OutboxEvent> events) {
        for (OutboxEvent event : events) {
            switch (event.event()) {
                case OrderPlaced placed -> on(placed);
                case OrderStatusChanged changed -> on(changed);
                default -> {}
            }
        }
    }

    void on(OrderPlaced event) {
        OrderDto order = event.order();
        mail(
                order,
                "Your order " + order.getId() + " is placed",
                "Thank you for your order.\n\n" + summary(order) + "\n\nWe will let you know when its status changes.");
    }

    void on(OrderStatusChanged event) {
        OrderDto order = event.change().getOrder();
        String status = order.getStatus().getValue();
        mail(
                order,
                "Your order " + order.getId() + " is " + status,
                "Your order moved from " + event.change().getPreviousStatus().getValue() + " to " + status + ".\n\n"
                        + summary(order));
    }

    /** Sent now; a failure throws, so the event is retried. */
    private void mail(OrderDto order, String subject, String text) {
        if (!mailer.configured()) {
            log.warn("No SMTP server configured (spring.mail.host): mail \"{}\" was not sent", subject);
            return;
        }
        users.activeEmail(order.getBuyerId()).ifPresent(email -> mailer.send(new OutgoingMail(email, subject, text)));
    }

    private static String summary(OrderDto order) {
        String lines = order.getLines().stream()
                .map(line -> "- " + line.getQuantity() + " × " + line.getName() + " at " + line.getUnitPrice() + " "
                        + order.getCurrency() + " = " + line.getLineTotal() + " " + order.getCurrency())
                .collect(Collectors.joining("\n"));
        return "Order " + order.getId() + " (" + order.getStatus().getValue() + ")\n" + lines + "\nTotal: "
                + order.getTotal() + " " + order.getCurrency();
    }
}
