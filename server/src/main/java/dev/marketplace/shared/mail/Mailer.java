package dev.marketplace.shared.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends a mail now, over SMTP. A failure is thrown (an outbox event handler that calls this is then
 * retried); without SMTP configured ({@code spring.mail.host}) it logs that a mail was not sent — never
 * its content — and returns false.
 */
@Component
public class Mailer {

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    private final ObjectProvider<JavaMailSender> sender;
    private final String from;

    Mailer(ObjectProvider<JavaMailSender> sender, @Value("${marketplace.mail.from:no-reply@marketplace.example}") String from) {
        this.sender = sender;
        this.from = from;
    }

    /** @return whether the mail was handed to the SMTP server */
    public boolean send(OutgoingMail mail) {
        JavaMailSender smtp = sender.getIfAvailable();
        if (smtp == null) {
            log.warn("No SMTP server configured (spring.mail.host): mail \"{}\" was not sent", mail.subject());
            return false;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(mail.to());
        message.setSubject(mail.subject());
        message.setText(mail.text());
        smtp.send(message);
        return true;
    }
}
