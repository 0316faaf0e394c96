package dev.marketplace.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.TestAccounts;
import dev.marketplace.testsupport.TestAccounts.Session;
import dev.marketplace.user.UserService;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The buyer is mailed when an order is placed and when its status changes — from the outbox, after commit:
 * while the SMTP server is down the handler fails and its event stays in the outbox (for this consumer only),
 * and the retry delivers the mail once the server is back.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "marketplace.rate-limit.auth.requests=1000",
            "marketplace.events.retry-interval=300ms",
            "marketplace.events.retry-after=200ms"
        })
class OrderMailIntegrationTest {

    private static final int SMTP_PORT = dev.marketplace.testsupport.FreePorts.next();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
                    new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @LocalServerPort
    int port;

    @Autowired
    UserService users;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theBuyerIsMailedWhenTheOrderIsPlacedAndWhenItIsCancelled() {
        ApiClient api = new ApiClient(port);
        TestAccounts accounts = new TestAccounts(api, users);
        OrderTestSupport orders = new OrderTestSupport(api);
        Session buyer = accounts.session("buyer");
        String lamp = orders.item(accounts.session("seller"), "49.90", "EUR", 3);

        String id = orders.place(buyer, lamp, 2);

        MimeMessage placed = awaitMail(buyer.email(), "Your order " + id + " is placed");
        assertThat(GreenMailUtil.getBody(placed)).contains("Total: 99.80 EUR");

        SMTP.stop();
        assertThat(orders.transition(buyer, id, "cancelled").status()).isEqualTo(200);
        // The handler fails while SMTP is down: the event stays in the outbox for it …
        await().atMost(Duration.ofSeconds(10)).until(() -> incompleteMailsFor(id) > 0);
        SMTP.start();
        // … and the relay hands it over again once the server is back.
        MimeMessage cancelled = awaitMail(buyer.email(), "Your order " + id + " is cancelled");
        assertThat(GreenMailUtil.getBody(cancelled)).contains("moved from placed to cancelled");
        await().atMost(Duration.ofSeconds(10)).until(() -> incompleteMailsFor(id) == 0);
    }

    private int incompleteMailsFor(String orderId) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM outbox_events
                WHERE consumers = ARRAY['order-mail'] AND attempts > 0 AND payload LIKE ?""", Integer.class, "%" + orderId + "%");
    }

    private static MimeMessage awaitMail(String to, String subject) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> mailsTo(to, subject), list -> !list.isEmpty())
                .getFirst();
    }

    private static List<MimeMessage> mailsTo(String to, String subject) {
        return Arrays.stream(SMTP.getReceivedMessages())
                .filter(m -> {
                    try {
                        return m.getAllRecipients()[0].toString().equals(to) && subject.equals(m.getSubject());
                    } catch (jakarta.mail.MessagingException e) {
                        return false;
                    }
                })
                .toList();
    }
}
