package dev.marketplace.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.TestAccounts;
import dev.marketplace.testsupport.TestAccounts.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * Email verification and password reset end to end: real SMTP (GreenMail, in process), the real
 * message read back, its one-time token used over HTTP.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "marketplace.rate-limit.auth.requests=1000",
            "marketplace.mail.from=no-reply@marketplace.example",
            // The database is shared by every test context: keep this one's contact poller from mailing other tests'
            // messages here.
            "marketplace.contact.poll-interval=1h"
        })
class AccountRecoveryIntegrationTest {

    private static final int SMTP_PORT = dev.marketplace.testsupport.FreePorts.next();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
                    new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @org.springframework.test.context.DynamicPropertySource
    static void smtp(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    private static final Pattern TOKEN = Pattern.compile("\\b((?:ev|pr)_[A-Za-z0-9_-]{43})\\b");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    UserService users;

    ApiClient api;
    TestAccounts accounts;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        accounts = new TestAccounts(api, users);
    }

    @Test
    void verificationMailCarriesAOneTimeTokenThatVerifiesTheAddressOnce() throws Exception {
        Session buyer = accounts.session("buyer");

        assertThat(api.withToken(buyer.accessToken())
                        .post("/api/v2/users/me/email-verification", "")
                        .status())
                .isEqualTo(202);

        String token = tokenFrom(lastMailTo(buyer.email()), "ev_");
        assertThat(api.post("/api/v2/auth/email-verification", "{\"token\":\"" + token + "\"}")
                        .status())
                .isEqualTo(204);
        assertThat(JSON.readTree(api.withToken(buyer.accessToken())
                                .get("/api/v2/users/me")
                                .body())
                        .get("email_verified")
                        .asBoolean())
                .isTrue();
        Response again = api.post("/api/v2/auth/email-verification", "{\"token\":\"" + token + "\"}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("\"code\":\"invalid_token\"");
    }

    @Test
    void passwordResetChangesThePasswordOnceAndEndsEarlierSignIns() throws Exception {
        Session seller = accounts.session("seller");

        assertThat(api.post("/api/v2/auth/password-reset", "{\"email\":\"" + seller.email() + "\"}")
                        .status())
                .isEqualTo(202);
        String token = tokenFrom(lastMailTo(seller.email()), "pr_");

        Response reset = api.post(
                "/api/v2/auth/password-reset/confirm",
                "{\"token\":\"" + token + "\",\"new_password\":\"a brand new passphrase\"}");

        assertThat(reset.status()).isEqualTo(204);
        assertThat(api.postForm(
                                "/api/v2/auth/token",
                                Map.of(
                                        "grant_type",
                                        "password",
                                        "username",
                                        seller.email(),
                                        "password",
                                        TestAccounts.PASSWORD))
                        .status())
                .isEqualTo(400);
        assertThat(accounts.token(seller.email(), "a brand new passphrase")
                        .get("access_token")
                        .asString())
                .isNotBlank();
        assertThat(api.postForm(
                                "/api/v2/auth/token",
                                Map.of("grant_type", "refresh_token", "refresh_token", seller.refreshToken()))
                        .status())
                .as("refresh tokens from before the reset are revoked")
                .isEqualTo(400);
        assertThat(api.post(
                                "/api/v2/auth/password-reset/confirm",
                                "{\"token\":\"" + token + "\",\"new_password\":\"yet another passphrase\"}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aResetForAnUnknownEmailAnswersTheSameAndSendsNothing() throws Exception {
        int before = SMTP.getReceivedMessages().length;

        Response response = api.post("/api/v2/auth/password-reset", "{\"email\":\"nobody-here@example.com\"}");

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body()).isEmpty();
        Thread.sleep(300);
        assertThat(SMTP.getReceivedMessages()).hasSize(before);
    }

    @Test
    void forgedTokensAreRefused() {
        Response response = api.post(
                "/api/v2/auth/password-reset/confirm",
                "{\"token\":\"pr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\",\"new_password\":\"a brand new passphrase\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"invalid_token\"");
    }

    private static MimeMessage lastMailTo(String email) throws Exception {
        for (int i = 0; i < 50; i++) { // sent after commit, on the request thread: normally there already
            MimeMessage[] messages = SMTP.getReceivedMessagesForDomain(email);
            if (messages.length > 0) {
                return messages[messages.length - 1];
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail to " + email);
    }

    private static String tokenFrom(MimeMessage mail, String prefix) {
        Matcher matcher = TOKEN.matcher(GreenMailUtil.getBody(mail));
        assertThat(matcher.find()).as("a token in the mail").isTrue();
        assertThat(matcher.group(1)).startsWith(prefix);
        return matcher.group(1);
    }
}
