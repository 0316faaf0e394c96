package dev.marketplace.contact;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The contact form end to end: stored, then mailed to the inbox over real SMTP (GreenMail on a random free
 * port). With the SMTP server down the message stays pending and goes out once the server is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class ContactIntegrationTest extends ApiIntegrationTest {

    private static final String INBOX = "team-inbox@example.com";
    private static final int SMTP_PORT = dev.marketplace.testsupport.FreePorts.next();
    private static GreenMail smtp;

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("marketplace.contact.inbox", () -> INBOX);
        registry.add("marketplace.contact.poll-interval", () -> "200ms");
        registry.add("marketplace.contact.retry-delay", () -> "200ms");
        registry.add("marketplace.contact.max-retry-delay", () -> "400ms");
    }

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
            smtp = null;
        }
    }

    @AfterAll
    static void cleanUp() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void aMessageIsStoredAndMailedToTheInbox(CapturedOutput output) throws Exception {
        startSmtp();
        String text = "Hello team,\nhow do I sell a lamp? " + UUID.randomUUID();
        String email = "ada-" + UUID.randomUUID() + "@example.com";

        Response response = submit("Ada Lovelace", email, text);

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        JsonNode receipt = json(response);
        assertThat(receipt.get("status").asString()).isEqualTo("received");
        String id = receipt.get("id").asString();
        MimeMessage mail = awaitMailContaining(text);
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(INBOX);
        assertThat(mail.getReplyTo()[0].toString()).isEqualTo(email);
        assertThat(mail.getSubject()).isEqualTo("Contact form: Ada Lovelace");
        assertThat(GreenMailUtil.getBody(mail)).contains(id, email);
        awaitStatus(id, "sent");
        assertThat(jdbc.queryForObject("SELECT attempts FROM contact_messages WHERE id = ?::uuid", Integer.class, id))
                .isEqualTo(1);
        assertThat(output.getAll())
                .as("never log the message or the address")
                .doesNotContain(text)
                .doesNotContain(email);
        assertThat(output.getAll()).contains("Contact message " + id + " delivered");
    }

    @Test
    void withTheMailServerDownTheMessageStaysPendingAndIsSentOnceItIsBack(CapturedOutput output) throws Exception {
        String text = "Sent while the mail server was down " + UUID.randomUUID();
        String email = "grace-" + UUID.randomUUID() + "@example.com";

        Response response = submit("Grace Hopper", email, text);

        assertThat(response.status()).isEqualTo(202);
        String id = json(response).get("id").asString();
        await(() -> attempts(id) >= 2, "retried with the server down");
        assertThat(status(id)).isEqualTo("pending");

        startSmtp();

        awaitMailContaining(text);
        awaitStatus(id, "sent");
        Thread.sleep(1000); // several poll intervals: a second delivery would show up
        assertThat(Arrays.stream(smtp.getReceivedMessages())
                        .filter(m ->
                                GreenMailUtil.getBody(m).replace("\r\n", "\n").contains(text)))
                .as("sent exactly once")
                .hasSize(1);
        assertThat(output.getAll())
                .contains("Contact message " + id + " not delivered (attempt 1 of 12")
                .doesNotContain(text)
                .doesNotContain(email);
    }

    @Test
    void invalidFormsAreValidationProblems() {
        assertValidationError(submit("Ada", "not-an-email", "hi"), "email", "format");
        assertValidationError(submit("", "ada@example.com", "hi"), "name", "length");
        assertValidationError(submit("   ", "ada@example.com", "hi"), "name", "required");
        assertValidationError(submit("x".repeat(101), "ada@example.com", "hi"), "name", "length");
        assertValidationError(submit("Ada", "ada@example.com", "x".repeat(5001)), "message", "length");
        Map<String, String> noMessage = new LinkedHashMap<>(Map.of("name", "Ada", "email", "ada@example.com"));
        assertValidationError(anonymous.postForm("/api/v2/contact", noMessage), "message", "required");
        // An empty form names every missing field, not just the first.
        var empty = problem(anonymous.postForm("/api/v2/contact", Map.of()), 400, "validation_error");
        List<String> missing = new java.util.ArrayList<>();
        empty.get("errors")
                .forEach(e -> missing.add(
                        e.get("field").asString() + ":" + e.get("code").asString()));
        assertThat(missing).containsExactlyInAnyOrder("name:required", "email:required", "message:required");
    }

    @Test
    void aJsonBodyIsUnsupported() {
        Response json = anonymous.post(
                "/api/v2/contact", "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"message\":\"hi\"}");
        problem(json, 415, "unsupported_media_type");
    }

    @Test
    void backoffDoublesUpToTheCap() {
        ContactProperties properties = new ContactProperties(
                INBOX,
                java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(30),
                java.time.Duration.ofMinutes(5),
                12);
        assertThat(Arrays.asList(
                        properties.backoff(1),
                        properties.backoff(2),
                        properties.backoff(3),
                        properties.backoff(5),
                        properties.backoff(40)))
                .extracting(java.time.Duration::toSeconds)
                .containsExactly(30L, 60L, 120L, 300L, 300L);
    }

    private Response submit(String name, String email, String message) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("email", email);
        form.put("message", message);
        return anonymous.postForm("/api/v2/contact", form);
    }

    private static void startSmtp() {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
    }

    private static MimeMessage awaitMailContaining(String text) throws Exception {
        for (int i = 0; i < 100; i++) {
            for (MimeMessage message : smtp.getReceivedMessages()) {
                if (GreenMailUtil.getBody(message).replace("\r\n", "\n").contains(text)) {
                    return message;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail with the message arrived");
    }

    private void awaitStatus(String id, String expected) throws Exception {
        await(() -> expected.equals(status(id)), "status " + expected);
    }

    private String status(String id) {
        return jdbc.queryForObject("SELECT delivery_status FROM contact_messages WHERE id = ?::uuid", String.class, id);
    }

    private int attempts(String id) {
        return jdbc.queryForObject("SELECT attempts FROM contact_messages WHERE id = ?::uuid", Integer.class, id);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }
}
