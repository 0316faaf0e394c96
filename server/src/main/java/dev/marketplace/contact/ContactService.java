package dev.marketplace.contact;

import dev.marketplace.api.model.ContactReceiptDto;
import dev.marketplace.api.model.ContactStatusDto;
import dev.marketplace.shared.problem.ApiException;
import java.time.Clock;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Stores contact messages; {@link ContactDelivery} mails them once the transaction has committed. */
@Service
public class ContactService {

    private final ContactMessageRepository messages;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ContactService(ContactMessageRepository messages, ApplicationEventPublisher events, Clock clock) {
        this.messages = messages;
        this.events = events;
        this.clock = clock;
    }

    /** Lengths and the email format are checked by the generated validation; blank text is refused here. */
    @Transactional
    public ContactReceiptDto submit(String name, String email, String message) {
        if (name.isBlank()) {
            throw ApiException.invalidField("name", "required", "must not be blank");
        }
        if (message.isBlank()) {
            throw ApiException.invalidField("message", "required", "must not be blank");
        }
        ContactMessage stored = messages.save(
                new ContactMessage(UUID.randomUUID(), name.strip(), email.strip(), message, clock.instant()));
        events.publishEvent(new ContactMessageReceived(stored.getId()));
        return new ContactReceiptDto(stored.getId(), ContactStatusDto.RECEIVED);
    }
}
