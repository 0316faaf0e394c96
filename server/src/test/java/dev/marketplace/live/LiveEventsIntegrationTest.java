package dev.marketplace.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiClient.Response;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.TestAccounts;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The live events socket over real HTTP: authentication before the upgrade, the JSON protocol, clean-up. */
class LiveEventsIntegrationTest extends ApiIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void aTicketOpensTheSocketOnceAndEventsOfTheCallerArrive() throws Exception {
        TestAccounts.Session seller = accounts.session("seller");
        ApiClient client = anonymous.withToken(seller.accessToken());
        String ticket = ticket(client);

        try (LiveSocket socket = LiveSocket.open(ws("/ws/events?ticket=" + ticket), Map.of())) {
            JsonNode welcome = socket.next();
            assertThat(welcome.get("type").asString()).isEqualTo("welcome");
            assertThat(welcome.get("subject").asString()).isEqualTo(seller.id());
            socket.send("{\"type\":\"subscribe\",\"topics\":[\"items\"],\"id\":7}");
            JsonNode subscribed = socket.next();
            assertThat(subscribed.get("type").asString()).isEqualTo("subscribed");
            assertThat(subscribed.get("id").asInt()).isEqualTo(7);

            anonymous
                    .withToken(seller().accessToken())
                    .post("/api/v2/items", "{\"name\":\"Not mine\",\"price\":\"1.00\",\"currency\":\"EUR\"}");
            Response created =
                    client.post("/api/v2/items", "{\"name\":\"Live lamp\",\"price\":\"3.00\",\"currency\":\"EUR\"}");
            JsonNode event = socket.next("event");
            assertThat(event.get("topic").asString()).isEqualTo("items");
            assertThat(event.get("event").get("type").asString()).isEqualTo("item.created");
            assertThat(event.get("event").get("data").get("id").asString())
                    .isEqualTo(json(created).get("id").asString());
            assertThat(event.get("event").get("id").asString()).hasSize(36);
            assertThat(event.get("event").get("occurred_at").asString()).endsWith("Z");
            assertThat(socket.messages.poll(500, TimeUnit.MILLISECONDS))
                    .as("someone else's item is not sent")
                    .isNull();
        }
        // Single use: the same ticket cannot open a second socket.
        assertThat(LiveSocket.refusedWith(ws("/ws/events?ticket=" + ticket), Map.of()))
                .isEqualTo(401);
    }

    @Test
    void badMessagesGetAnErrorAndTheSocketStaysOpen() throws Exception {
        try (LiveSocket socket = LiveSocket.open(
                ws("/ws/events?ticket=" + ticket(anonymous.withToken(seller().accessToken()))), Map.of())) {
            socket.next("welcome");
            socket.send("{not json");
            assertThat(socket.next().get("code").asString()).isEqualTo("invalid_json");
            socket.send("{\"type\":\"dance\",\"id\":\"a\"}");
            JsonNode unknown = socket.next();
            assertThat(unknown.get("type").asString()).isEqualTo("error");
            assertThat(unknown.get("code").asString()).isEqualTo("unknown_type");
            assertThat(unknown.get("id").asString()).isEqualTo("a");
            socket.send("[1,2]");
            assertThat(socket.next().get("code").asString()).isEqualTo("invalid_message");
            socket.send("{\"type\":\"subscribe\",\"topics\":[\"weather\"]}");
            assertThat(socket.next().get("code").asString()).isEqualTo("invalid_topics");
            socket.send("{\"type\":\"ping\",\"id\":1}");
            JsonNode pong = socket.next();
            assertThat(pong.get("type").asString()).isEqualTo("pong");
            assertThat(pong.get("id").asInt()).isEqualTo(1);
        }
    }

    @Test
    void theHandshakeNeedsCredentials() {
        assertThat(LiveSocket.refusedWith(ws("/ws/events"), Map.of())).isEqualTo(401);
        assertThat(LiveSocket.refusedWith(ws("/ws/events?ticket=wst_forged"), Map.of()))
                .isEqualTo(401);
        assertThat(LiveSocket.refusedWith(ws("/ws/events"), Map.of("Authorization", "Bearer not.a.jwt")))
                .isEqualTo(401);
        // A bearer token on the handshake works for non-browser clients.
        try (LiveSocket socket =
                LiveSocket.open(ws("/ws/events"), Map.of("Authorization", "Bearer " + seller().accessToken()))) {
            assertThat(socket.next().get("type").asString()).isEqualTo("welcome");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCookieSocketMustComeFromAnAllowedOrigin() throws Exception {
        TestAccounts.Session buyer = accounts.session("buyer");
        Response signedIn = anonymous.postForm(
                "/api/v2/auth/session", Map.of("username", buyer.email(), "password", TestAccounts.PASSWORD));
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(204);
        String cookie = signedIn.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                .flatMap(e -> e.getValue().stream())
                .filter(c -> c.startsWith("mp_session="))
                .findFirst()
                .orElseThrow()
                .split(";")[0];

        assertThat(LiveSocket.refusedWith(ws("/ws/events"), Map.of("Cookie", cookie, "Origin", "https://evil.example")))
                .isEqualTo(403);
        assertThat(LiveSocket.refusedWith(ws("/ws/events"), Map.of("Cookie", cookie)))
                .isEqualTo(403);
        try (LiveSocket socket =
                LiveSocket.open(ws("/ws/events"), Map.of("Cookie", cookie, "Origin", "http://127.0.0.1:" + port))) {
            assertThat(socket.next().get("subject").asString()).isEqualTo(buyer.id());
        }
    }

    @Test
    void anAbruptDisconnectLeavesNothingBehind() throws Exception {
        double before = sessions();
        LiveSocket socket = LiveSocket.open(
                ws("/ws/events?ticket=" + ticket(anonymous.withToken(seller().accessToken()))), Map.of());
        socket.next("welcome");
        assertThat(sessions()).isEqualTo(before + 1);
        socket.socket.abort(); // TCP gone, no close frame
        await().atMost(Duration.ofSeconds(10)).until(() -> sessions() == before);
    }

    @Test
    void anOversizedMessageClosesOnlyThatSocket() throws Exception {
        try (LiveSocket socket = LiveSocket.open(
                ws("/ws/events?ticket=" + ticket(anonymous.withToken(seller().accessToken()))), Map.of())) {
            socket.next("welcome");
            socket.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(5000) + "\"}");
            assertThat(socket.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009); // message too big
        }
    }

    private double sessions() {
        return meters.get("marketplace.websocket.sessions").gauge().value();
    }

    private String ticket(ApiClient client) {
        Response response = client.post("/api/v2/events/tickets", null);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        String ticket = json(response).get("ticket").asString();
        assertThat(ticket).startsWith("wst_");
        return ticket;
    }

    private String ws(String path) {
        return "ws://127.0.0.1:" + port + path;
    }
}
