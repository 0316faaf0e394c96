package dev.marketplace.shared.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sends {@link OutgoingMail} over SMTP after the transaction that produced it commits (a rolled-back
 * change sends nothing). Without SMTP configured ({@code spring.mail.host}) it logs that a mail was not
 * sent — never its content, which holds one-time tokens.
 */
@Component
class MailDispatcher {

    private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);

    private final Mailer mailer;

    MailDispatcher(Mailer mailer) {
        this.mailer = mailer;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void send(OutgoingMail mail) {
        try {
            mailer.send(mail);
        } catch (MailException e) {
            log.error("Could not send mail \"{}\": {}", mail.subject(), e.getMessage());
        }
    }
}
