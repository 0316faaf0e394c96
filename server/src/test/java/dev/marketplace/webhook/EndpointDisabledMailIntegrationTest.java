package dev.marketplace.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.FreePorts;
import dev.marketplace.testsupport.TestAccounts;
import dev.marketplace.webhook.WebhookReceiver.Reply;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * When a webhook endpoint is disabled — it answered 410 Gone, or the last retry failed — its owner is mailed
 * (real SMTP: GreenMail on a free port): once, at the partner's address, naming the endpoint and telling how
 * to resume, without the signing secret or the endpoint's URL (which may carry a token).
 */
@TestPropertySource(
        properties = {
            "marketplace.webhooks.allow-insecure-urls=true",
            "marketplace.webhooks.allow-private-targets=true",
            "marketplace.webhooks.poll-interval=100ms",
            "marketplace.webhooks.retry-schedule=300ms,300ms,300ms"
        })
class EndpointDisabledMailIntegrationTest extends ApiIntegrationTest {

    private static final int SMTP_PORT = FreePorts.next();
    private static final String SUBJECT = "Your webhook endpoint was disabled";
    private static final String URL_TOKEN = "tok-3f1c0e9a7b";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
                    new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    WebhookReceiver receiver;
    TestAccounts.Session owner;
    ApiClient partner;

    @BeforeEach
    void start() {
        receiver = new WebhookReceiver();
        owner = accounts.session("partner");
        partner = anonymous.withToken(owner.accessToken());
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void theOwnerIsMailedOnceWhenTheEndpointAnswers410() {
        receiver.otherwise(Reply.of(410));
        JsonNode created = register("/gone");
        String endpointId = created.get("webhook_endpoint").get("id").asString();
        createItem();

        MimeMessage mail = awaitOneMail();
        String body = GreenMailUtil.getBody(mail);
        assertThat(body).contains(endpointId, "410 Gone", "PATCH /api/v2/webhook-endpoints/" + endpointId);
        assertNoSecretIn(mail, created);
        assertThat(status(endpointId)).isEqualTo("disabled");

        createItem(); // nothing is sent to a disabled endpoint, and its owner is not told again
        sleep(Duration.ofMillis(800));
        assertThat(mailsTo(owner.email())).hasSize(1);
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void theOwnerIsMailedOnceWhenTheLastRetryFails() {
        receiver.otherwise(Reply.of(500));
        JsonNode created = register("/down");
        String endpointId = created.get("webhook_endpoint").get("id").asString();
        createItem();

        MimeMessage mail = awaitOneMail();
        assertThat(receiver.received()).hasSize(4); // the first try and three retries, then the endpoint is off
        String body = GreenMailUtil.getBody(mail);
        assertThat(body).contains(endpointId, "failed 4 times");
        assertNoSecretIn(mail, created);
        assertThat(status(endpointId)).isEqualTo("disabled");
        sleep(Duration.ofMillis(800));
        assertThat(mailsTo(owner.email())).hasSize(1);
    }

    private JsonNode register(String path) {
        Response created =
                partner.post("/api/v2/webhook-endpoints", """
                {"url":"%s","event_types":["item.created"],"description":"fulfilment"}""".formatted(receiver.url(path) + "?token=" + URL_TOKEN));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return json(created);
    }

    private void createItem() {
        Response item =
                partner.post("/api/v2/items", "{\"name\":\"Mailed lamp\",\"price\":\"1.00\",\"currency\":\"EUR\"}");
        assertThat(item.status()).as(item.body()).isEqualTo(201);
    }

    private String status(String endpointId) {
        return json(partner.get("/api/v2/webhook-endpoints/" + endpointId))
                .get("status")
                .asString();
    }

    private MimeMessage awaitOneMail() {
        List<MimeMessage> mails =
                await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(owner.email()), list -> !list.isEmpty());
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails.getFirst();
        try {
            assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(owner.email());
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
        return mail;
    }

    private static void assertNoSecretIn(MimeMessage mail, JsonNode created) {
        String raw = GreenMailUtil.getWholeMessage(mail);
        String secret = created.get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        assertThat(raw).doesNotContain(secret, secret.substring("whsec_".length()), "whsec_", URL_TOKEN);
    }

    private static List<MimeMessage> mailsTo(String to) {
        return Arrays.stream(SMTP.getReceivedMessages())
                .filter(m -> {
                    try {
                        return SUBJECT.equals(m.getSubject())
                                && Arrays.stream(m.getAllRecipients())
                                        .anyMatch(a -> a.toString().equals(to));
                    } catch (MessagingException e) {
                        return false;
                    }
                })
                .toList();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
