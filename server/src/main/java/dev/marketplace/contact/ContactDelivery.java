package dev.marketplace.contact;

import dev.marketplace.shared.mail.Mailer;
import dev.marketplace.shared.mail.OutgoingMail;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mails stored contact messages to the inbox: once right after the storing transaction commits (off the
 * request thread), and from a poller that retries whatever is due with exponential backoff. Rows are claimed
 * with {@code FOR UPDATE SKIP LOCKED} and stay locked while their mail is sent, so two senders (the immediate
 * attempt and the poller, or two instances) never send the same message at once. Delivery is at least once: a
 * crash between the SMTP hand-over and the commit sends that message again. Never logs a message's content or
 * the sender's address.
 */
@Component
class ContactDelivery {

    private static final Logger log = LoggerFactory.getLogger(ContactDelivery.class);
    private static final int BATCH = 20;
    private static final int SUBJECT_NAME_LENGTH = 60;

    private final ContactMessageRepository messages;
    private final Mailer mailer;
    private final ContactProperties properties;
    private final TransactionTemplate transaction;
    private final AsyncTaskExecutor executor;
    private final Clock clock;

    ContactDelivery(
            ContactMessageRepository messages,
            Mailer mailer,
            ContactProperties properties,
            TransactionTemplate transaction,
            @Qualifier("applicationTaskExecutor") AsyncTaskExecutor executor,
            Clock clock) {
        this.messages = messages;
        this.mailer = mailer;
        this.properties = properties;
        this.transaction = transaction;
        this.executor = executor;
        this.clock = clock;
        if (!mailer.configured()) {
            log.warn(
                    "No SMTP server configured (spring.mail.host): contact messages are stored and stay pending until one is");
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void received(ContactMessageReceived event) {
        executor.execute(() -> deliver(() -> messages.claim(event.id()).stream().toList()));
    }

    @Scheduled(
            fixedDelayString = "${marketplace.contact.poll-interval:10s}",
            initialDelayString = "${marketplace.contact.poll-interval:10s}")
    void deliverDue() {
        deliver(() -> messages.claimDue(now(), BATCH));
    }

    /** Claims messages and attempts each; returns how many were attempted. */
    int deliver(Supplier<List<ContactMessage>> claim) {
        if (!mailer.configured()) {
            return 0;
        }
        Integer attempted = transaction.execute(status -> {
            List<ContactMessage> claimed = claim.get();
            claimed.forEach(this::attempt);
            return claimed.size();
        });
        return attempted == null ? 0 : attempted;
    }

    private void attempt(ContactMessage message) {
        Instant now = now();
        try {
            mailer.send(mail(message));
            message.sent(now);
            log.info("Contact message {} delivered", message.getId());
        } catch (RuntimeException e) {
            int attempt = message.getAttempts() + 1;
            Instant next = attempt >= properties.maxAttempts() ? null : now.plus(properties.backoff(attempt));
            message.failed(now, next);
            // The exception class only: SMTP errors may quote addresses.
            log.warn(
                    "Contact message {} not delivered (attempt {} of {}{}): {}",
                    message.getId(),
                    attempt,
                    properties.maxAttempts(),
                    next == null ? ", giving up" : ", next at " + next,
                    e.getClass().getSimpleName());
        }
        messages.save(message);
    }

    private OutgoingMail mail(ContactMessage message) {
        String name = message.getName().replaceAll("\\p{Cntrl}", " ").strip();
        String subject = "Contact form: "
                + (name.length() > SUBJECT_NAME_LENGTH ? name.substring(0, SUBJECT_NAME_LENGTH) + "…" : name);
        String text = "From: " + message.getName() + " <" + message.getEmail() + ">\n"
                + "Received: " + message.getCreatedAt() + "\n"
                + "Message id: " + message.getId() + "\n\n"
                + message.getMessage() + "\n";
        return new OutgoingMail(properties.inbox(), subject, text, message.getEmail());
    }

    private Instant now() {
        return clock.instant();
    }
}
