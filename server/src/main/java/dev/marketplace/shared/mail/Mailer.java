package dev.marketplace.shared.mail;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends a mail now over SMTP ({@code spring.mail.*}); callers decide what a failure means (log, retry). Whether an
 * SMTP server is configured is read at run time from {@code spring.mail.host}, not from whether Boot's
 * {@link JavaMailSender} bean exists: a jar built with Spring AOT always has that bean (the build sets a placeholder
 * host, see the {@code spring-aot} profile in {@code server/pom.xml}), with the run time's settings bound to it.
 */
@Component
public class Mailer {

    private final ObjectProvider<JavaMailSender> sender;
    private final String from;
    private final boolean configured;

    Mailer(
            ObjectProvider<JavaMailSender> sender,
            @Value("${marketplace.mail.from:no-reply@marketplace.example}") String from,
            @Value("${spring.mail.host:}") String host) {
        this.sender = sender;
        this.from = from;
        this.configured = !host.isBlank();
    }

    /** Whether an SMTP server is configured ({@code spring.mail.host}); without one nothing can be sent. */
    public boolean configured() {
        return configured && sender.getIfAvailable() != null;
    }

    /**
     * @throws MailException when the SMTP server refuses the mail or cannot be reached
     * @throws IllegalStateException when no SMTP server is configured
     */
    public void send(OutgoingMail mail) {
        JavaMailSender smtp = configured ? sender.getIfAvailable() : null;
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
