package dev.marketplace.client;

import dev.marketplace.MarketplaceApplication;
import dev.marketplace.client.model.ItemCreate;
import dev.marketplace.client.model.ItemStatus;
import dev.marketplace.client.model.SignUpRole;
import dev.marketplace.client.model.User;
import dev.marketplace.client.model.UserCreate;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Round trips with the generated client against the real server ({@link MarketplaceApplication},
 * started in this JVM on a random port, with its own embedded PostgreSQL and no sample data).
 * Item writes are made by a seller who signs up through the API and logs in; tokens are real (issued
 * and verified by the server).
 *
 * <p>The server is started once per test JVM, by the first live test class, and shared by all of them (the
 * {@code Live*Test} classes split by concern); Spring's shutdown hook closes it when the JVM exits.
 */
abstract class LiveServerSupport {

    /** A request as it left the client (method, path, content type, Authorization, body). */
    record Sent(String method, URI uri, String contentType, String authorization, String body) {}

    /** An account signed up through the API. */
    record Account(User user, String email, String password) {}

    private static final String PASSWORD = "correct horse battery staple";

    private static ConfigurableApplicationContext server;
    /** Signed in as {@link #seller}. */
    static MarketplaceClient client;

    static Account seller;
    static String baseUrl;
    static final List<Sent> sent = new CopyOnWriteArrayList<>();
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static synchronized void startServer() {
        if (server != null) {
            return;
        }
        server = new SpringApplicationBuilder(MarketplaceApplication.class)
                // Many sign-ups and logins from one IP within seconds: roomy limits (the limiter itself is tested in
                // the server).
                .run(
                        "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--marketplace.rate-limit.auth.requests=10000",
                        "--marketplace.rate-limit.anonymous.requests=10000",
                        "--marketplace.images.dir=target/live-images",
                        "--marketplace.auth.signing-key=" + TestSigningKey.pem());
        int port = server.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        baseUrl = "http://localhost:" + port;
        client = MarketplaceClient.builder(baseUrl)
                .restClient(rest -> rest.requestInterceptor((request, body, execution) -> {
                    sent.add(new Sent(
                            request.getMethod().name(),
                            request.getURI(),
                            String.valueOf(request.getHeaders().getContentType()),
                            request.getHeaders().getFirst("Authorization"),
                            new String(body, StandardCharsets.UTF_8)));
                    return execution.execute(request, body);
                }))
                .build();
        seller = signUp(SignUpRole.SELLER);
        client.login(seller.email(), seller.password());
    }

    /** Signs up a new account through the API (anonymous {@code POST /api/v2/users}). */
    static Account signUp(SignUpRole role) {
        String email = role.getValue() + "-" + UUID.randomUUID() + "@example.com";
        User user = MarketplaceClient.create(baseUrl)
                .users()
                .createUser(new UserCreate()
                        .email(email)
                        .password(PASSWORD)
                        .displayName("Test " + role.getValue())
                        .role(role));
        return new Account(user, email, PASSWORD);
    }

    /** A new client signed in as {@code account}. */
    static MarketplaceClient signedIn(Account account) {
        MarketplaceClient signedIn = MarketplaceClient.create(baseUrl);
        signedIn.login(account.email(), account.password());
        return signedIn;
    }

    static ItemCreate newItem(String name) {
        return new ItemCreate()
                .name(name)
                .description("A 1950s brass desk lamp, rewired.")
                .price("49.90")
                .currency("EUR")
                .status(ItemStatus.ACTIVE);
    }

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
