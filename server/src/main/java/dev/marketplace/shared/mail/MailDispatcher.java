package dev.marketplace.shared.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
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

    private final ObjectProvider<JavaMailSender> sender;
    private final String from;

    MailDispatcher(ObjectProvider<JavaMailSender> sender, @Value("${marketplace.mail.from:no-reply@marketplace.example}") String from) {
        this.sender = sender;
        this.from = from;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void send(OutgoingMail mail) {
        JavaMailSender smtp = sender.getIfAvailable();
        if (smtp == null) {
            log.warn("No SMTP server configured (spring.mail.host): mail \"{}\" was not sent", mail.subject());
            return;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(mail.to());
        message.setSubject(mail.subject());
        message.setText(mail.text());
        try {
            smtp.send(message);
        } catch (MailException e) {
            log.error("Could not send mail \"{}\": {}", mail.subject(), e.getMessage());
        }
    }
}
