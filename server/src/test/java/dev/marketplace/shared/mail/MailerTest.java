package dev.marketplace.shared.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Whether mail can be sent follows {@code spring.mail.host} at run time, not the sender bean's existence: a Spring AOT
 * jar always has the bean (built with a placeholder host), and then an unset host must still mean "not configured".
 */
class MailerTest {

    private static final OutgoingMail MAIL = new OutgoingMail("buyer@example.com", "Subject", "Text");

    private static Mailer mailer(JavaMailSender sender, String host) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        if (sender != null) {
            beans.addBean("mailSender", sender);
        }
        return new Mailer(beans.getBeanProvider(JavaMailSender.class), "no-reply@example.com", host);
    }

    @Test
    void aSenderBeanWithoutAHostIsNotConfigured() {
        Mailer mailer = mailer(new JavaMailSenderImpl(), "");

        assertThat(mailer.configured()).isFalse();
        assertThatThrownBy(() -> mailer.send(MAIL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spring.mail.host");
    }

    @Test
    void aHostWithoutASenderBeanIsNotConfigured() {
        assertThat(mailer(null, "smtp.example.com").configured()).isFalse();
    }

    @Test
    void aHostAndASenderAreConfigured() {
        assertThat(mailer(new JavaMailSenderImpl(), "smtp.example.com").configured())
                .isTrue();
    }
}
