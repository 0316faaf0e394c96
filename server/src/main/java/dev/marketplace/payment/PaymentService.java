package dev.marketplace.payment;

import dev.marketplace.api.model.PaymentEventDto;
import dev.marketplace.api.model.PaymentEventOutcomeDto;
import dev.marketplace.order.OrderService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies payment provider events (their signature is checked before they get here). The event id is
 * recorded in the same transaction as the change it causes: a redelivery is a no-op ({@code duplicate}),
 * and an event that fails ({@code 4xx}) leaves no trace, so the provider may deliver it again.
 */
@Service
public class PaymentService {

    static final String PAYMENT_SUCCEEDED = "payment.succeeded";

    private final PaymentEventRepository events;
    private final OrderService orders;
    private final MeterRegistry meters;
    private final Clock clock;

    PaymentService(PaymentEventRepository events, OrderService orders, MeterRegistry meters, Clock clock) {
        this.events = events;
        this.orders = orders;
        this.meters = meters;
        this.clock = clock;
    }

    @Transactional
    public PaymentEventOutcomeDto receive(PaymentEventDto event) {
        boolean handled = PAYMENT_SUCCEEDED.equals(event.getType());
        PaymentEventOutcomeDto outcome = handled ? PaymentEventOutcomeDto.PROCESSED : PaymentEventOutcomeDto.IGNORED;
        if (!events.recordIfNew(
                event.getId(), event.getType(), event.getData().getOrderId(), outcome.getValue(), clock.instant())) {
            outcome = PaymentEventOutcomeDto.DUPLICATE;
        } else if (handled) {
            orders.markPaid(
                    event.getData().getOrderId(),
                    event.getData().getAmount(),
                    event.getData().getCurrency());
        }
        meters.counter("marketplace.payments.events", "outcome", outcome.getValue())
                .increment();
        return outcome;
    }
}
