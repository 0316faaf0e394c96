package dev.marketplace.shared.mail;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** Sends a mail now over SMTP ({@code spring.mail.*}); callers decide what a failure means (log, retry). */
@Component
public class Mailer {

    private final ObjectProvider<JavaMailSender> sender;
    private final String from;

    Mailer(
            ObjectProvider<JavaMailSender> sender,
            @Value("${marketplace.mail.from:no-reply@marketplace.example}") String from) {
        this.sender = sender;
        this.from = from;
    }

    /** Whether an SMTP server is configured ({@code spring.mail.host}); without one nothing can be sent. */
    public boolean configured() {
        return sender.getIfAvailable() != null;
    }

    /**
     * @throws MailException when the SMTP server refuses the mail or cannot be reached
     * @throws IllegalStateException when no SMTP server is configured
     */
    public void send(OutgoingMail mail) {
        JavaMailSender smtp = sender.getIfAvailable();
        if (smtp == null) {
            throw new IllegalStateException("No SMTP server configured (spring.mail.host)");
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(mail.to());
        if (mail.replyTo() != null) {
            message.setReplyTo(mail.replyTo());
        }
        message.setSubject(mail.subject());
        message.setText(mail.text());
        smtp.send(message);
    }
}
