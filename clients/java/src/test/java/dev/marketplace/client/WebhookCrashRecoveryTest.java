package dev.marketplace.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.marketplace.client.model.Item;
import dev.marketplace.client.model.ItemCreate;
import dev.marketplace.client.model.WebhookEndpointCreate;
import dev.marketplace.client.model.WebhookEndpointCreated;
import dev.marketplace.client.model.WebhookEventType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Durability of webhooks across a crash, with real processes: the exec jar runs against an external
 * PostgreSQL (a throwaway database on the machine's server); an item is created while the partner's
 * receiver is down, the server is killed with SIGKILL (no shutdown hooks), a new server process starts on
 * the same database, the receiver comes up — and the webhook arrives, signed, with the event's id.
 */
class WebhookCrashRecoveryTest {

    private static final Path JAR = Path.of(System.getProperty(
            "marketplace.server.jar", "../../server/target/exec-app/server-2.0.0-SNAPSHOT-exec.jar"));
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String ADMIN = "admin@marketplace.dev";
    private static final String ADMIN_PASSWORD = "dev-password-change-me";

    private final List<Process> processes = new ArrayList<>();
    private String database;
    private HttpServer receiver;

    @Test
    @Timeout(120)
    void aWebhookQueuedBeforeAKillMinus9IsDeliveredByTheNextProcess() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(JAR), "server exec jar not built at " + JAR.toAbsolutePath());
        database = "mp_crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(PG + "postgres", "postgres", "")) {
            admin.createStatement().execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            Assumptions.abort("No PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth): " + e.getMessage());
        }
        int receiverPort = freePort();
        long started = System.nanoTime();

        // 1. First server: register an endpoint whose receiver is down, create an item, kill -9.
        String first = start("first");
        MarketplaceClient client = MarketplaceClient.create(first);
        client.login(ADMIN, ADMIN_PASSWORD);
        WebhookEndpointCreated endpoint = client.webhooks()
                .createWebhookEndpoint(new WebhookEndpointCreate()
                        .url("http://127.0.0.1:" + receiverPort + "/hooks")
                        .eventTypes(new LinkedHashSet<>(List.of(WebhookEventType.ITEM_CREATED))));
        Item item = client.items()
                .createItem(
                        new ItemCreate().name("Crash-proof lamp").price("9.00").currency("EUR"));
        processes.getFirst().destroyForcibly().waitFor();
        assertThat(processes.getFirst().exitValue()).isEqualTo(137); // SIGKILL

        // 2. Second server on the same database; the receiver comes up.
        List<Map.Entry<Map<String, String>, String>> received = new CopyOnWriteArrayList<>();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), receiverPort), 10);
        receiver.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders()
                    .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.getFirst()));
            received.add(Map.entry(headers, body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        start("second");

        Instant deadline = Instant.now().plusSeconds(45);
        while (received.stream()
                        .noneMatch(r -> r.getValue().contains(item.getId().toString()))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        Map.Entry<Map<String, String>, String> webhook = received.stream()
                .filter(r -> r.getValue().contains(item.getId().toString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the webhook never arrived after the restart"));
        new WebhookVerifier(endpoint.getSecret()).verify(webhook.getValue(), webhook.getKey());
        assertThat(webhook.getValue())
                .contains(
                        "\"type\":\"item.created\"",
                        "\"id\":\"" + webhook.getKey().get("webhook-id") + "\"");
        System.out.printf(
                "kill -9 recovery: webhook delivered by the second process, %d s after the first started%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    /** Starts the exec jar on the throwaway database and returns its base URL once it listens. */
    private String start(String name) throws IOException, InterruptedException {
        Path portFile = Files.createTempFile("marketplace-port-", ".txt");
        Files.delete(portFile);
        Path log = Path.of("target", "crash-test-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-jar",
                        JAR.toString(),
                        "--server.port=0",
                        "--marketplace.port-file=" + portFile,
                        "--spring.profiles.active=dev",
                        "--spring.datasource.url=" + PG + database,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--marketplace.webhooks.allow-insecure-urls=true",
                        "--marketplace.webhooks.allow-private-targets=true",
                        "--marketplace.webhooks.poll-interval=200ms",
                        "--marketplace.webhooks.retry-schedule="
                                + String.join(",", java.util.Collections.nCopies(60, "1s")),
                        "--marketplace.events.retry-interval=1s",
                        "--marketplace.events.retry-after=1s")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("MARKETPLACE_AUTH_SIGNING_KEY", TestSigningKey.pem());
        Process process = builder.start();
        processes.add(process);
        Instant deadline = Instant.now().plusSeconds(60);
        while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("server '" + name + "' did not start; see " + log.toAbsolutePath());
            }
            Thread.sleep(100);
        }
        return "http://127.0.0.1:" + Files.readString(portFile).trim();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process process : processes) {
            process.destroyForcibly().waitFor();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        if (database != null) {
            try (Connection admin = DriverManager.getConnection(PG + "postgres", "postgres", "")) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            } catch (SQLException ignored) {
                // nothing to clean if PostgreSQL is not there
            }
        }
    }
}
