package dev.marketplace.shared.mail;

/** An email a domain wants sent once its transaction has committed. Publish it as an application event. */
public record OutgoingMail(String to, String subject, String text) {
}
