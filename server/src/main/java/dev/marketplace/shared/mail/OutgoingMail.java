package dev.marketplace.shared.mail;

/**
 * An email a domain wants sent. Publish it as an application event to have it sent once the transaction has
 * committed, or hand it to {@link Mailer} to send it now.
 *
 * @param replyTo where answers should go, or {@code null} for the sender
 */
public record OutgoingMail(String to, String subject, String text, String replyTo) {

    public OutgoingMail(String to, String subject, String text) {
        this(to, subject, text, null);
    }
}
