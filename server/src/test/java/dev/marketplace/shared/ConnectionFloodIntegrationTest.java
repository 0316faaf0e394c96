package dev.marketplace.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.ApiIntegrationTest;
import dev.marketplace.testsupport.Latencies;
import dev.marketplace.testsupport.RawHttpSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * Issue 12, point 5: connection floods. Hundreds of real sockets that send their headers or body slowly (or stop
 * half-way), and hundreds of idle keep-alive connections, are open at once; a normal client is still served at
 * idle speed, and the connector's configured timeouts (application.yaml, not overridden here) cut the silent
 * ones: a half-sent request after {@code server.tomcat.connection-timeout}, an idle keep-alive connection after
 * {@code server.tomcat.keep-alive-timeout}. Besides the flood's deadlines, one connection of each kind is timed on
 * its own from its own start; those two run alongside the flood (not after it), so the test waits out each timeout
 * once.
 */
// The shared context: its rate limits are roomy (the flood comes from one IP; this test is about connections).
class ConnectionFloodIntegrationTest extends ApiIntegrationTest {

    static final int SLOW_HEADERS = 200;
    static final int TRICKLING_HEADERS = 100;
    static final int SLOW_BODIES = 200;
    static final int IDLE_KEEP_ALIVE = 400;
    static final int PROBES = 100;

    @Value("${server.tomcat.connection-timeout}")
    Duration connectionTimeout;

    @Value("${server.tomcat.keep-alive-timeout}")
    Duration keepAliveTimeout;

    final List<RawHttpSocket> sockets = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void closeSockets() {
        sockets.forEach(RawHttpSocket::close);
    }

    @Test
    void slowAndIdleConnectionsDoNotStopOthersBeingServedAndTheSilentOnesAreCut() throws Exception {
        assertThat(connectionTimeout).as("the documented default").isEqualTo(Duration.ofSeconds(10));
        assertThat(keepAliveTimeout).as("the documented default").isEqualTo(Duration.ofSeconds(20));
        ApiClient api = new ApiClient(port);
        probe(api, 50); // warm-up
        List<Long> idle = probe(api, PROBES);

        // Idle keep-alive: one complete request each, answered, then nothing.
        long keepAliveStart = System.nanoTime();
        List<RawHttpSocket> keptAlive = new ArrayList<>();
        for (int i = 0; i < IDLE_KEEP_ALIVE; i++) {
            RawHttpSocket socket = open();
            socket.send("GET /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(socket.readHead(10_000)).startsWith("HTTP/1.1 200");
            keptAlive.add(socket);
        }
        // A single keep-alive connection, timed on its own from the end of its response.
        RawHttpSocket lone = open().send("GET /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(lone.readHead(10_000)).startsWith("HTTP/1.1 200");
        CompletableFuture<Duration> loneKept = timeClose(lone, keepAliveTimeout.plusSeconds(5));
        // Slow headers that stop half-way, and slowloris ones that trickle a header line every second.
        long silentStart = System.nanoTime();
        List<RawHttpSocket> silentHeaders = new ArrayList<>();
        for (int i = 0; i < SLOW_HEADERS; i++) {
            silentHeaders.add(open().send("GET /api/v2/items?limit=1 HTTP/1.1\r\nHost: localhost\r\nX-Slow: "));
        }
        List<RawHttpSocket> tricklers = new ArrayList<>();
        for (int i = 0; i < TRICKLING_HEADERS; i++) {
            tricklers.add(open().send("GET /api/v2/items?limit=1 HTTP/1.1\r\nHost: localhost\r\n"));
        }
        // Slow bodies: a form post that announces 1,000 bytes and sends 10.
        List<RawHttpSocket> silentBodies = new ArrayList<>();
        for (int i = 0; i < SLOW_BODIES; i++) {
            silentBodies.add(open().send("POST /api/v2/contact HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nname=slow&"));
        }
        // A single late one, timed on its own from its own start.
        RawHttpSocket late = open().send("GET /api/v2/items HTTP/1.1\r\nHost: local");
        CompletableFuture<Duration> lateCut = timeClose(late, connectionTimeout.plusSeconds(5));
        AtomicBoolean trickling = new AtomicBoolean(true);
        Thread trickler = Thread.ofVirtual().start(() -> {
            int line = 0;
            while (trickling.get()) {
                for (RawHttpSocket socket : tricklers) {
                    try {
                        socket.send("X-Trickle-" + line + ": x\r\n");
                    } catch (RuntimeException closed) {
                        // cut by the server: fine
                    }
                }
                line++;
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        Thread.sleep(1_000); // the server has seen every partial request
        List<Long> flooded = probe(api, PROBES);

        // The silent half-sent requests are all cut (the margin allows for a loaded machine; the exact time is
        // checked on a lone connection below).
        long cutBy = silentStart + connectionTimeout.plusSeconds(20).toNanos();
        for (RawHttpSocket socket : silentHeaders) {
            assertThat(socket.awaitClose(Math.max(1, (cutBy - System.nanoTime()) / 1_000_000)))
                    .as("slow header cut")
                    .isTrue();
        }
        long headersCutAfter = System.nanoTime() - silentStart;
        for (RawHttpSocket socket : silentBodies) {
            assertThat(socket.awaitClose(Math.max(1, (cutBy - System.nanoTime()) / 1_000_000)))
                    .as("slow body cut")
                    .isTrue();
        }
        assertThat(Duration.ofNanos(headersCutAfter))
                .as("not before the timeout")
                .isGreaterThanOrEqualTo(connectionTimeout.minusSeconds(1));
        assertThat(lateCut.get()).as("a slow-header client is cut").isNotNull();
        assertThat(lateCut.get()).isBetween(connectionTimeout.minusSeconds(1), connectionTimeout.plusSeconds(5));

        // Idle keep-alive connections are closed after keep-alive-timeout.
        long keptBy = keepAliveStart + keepAliveTimeout.plusSeconds(20).toNanos();
        for (RawHttpSocket socket : keptAlive) {
            assertThat(socket.awaitClose(Math.max(1, (keptBy - System.nanoTime()) / 1_000_000)))
                    .as("idle keep-alive cut")
                    .isTrue();
        }
        Duration keptFor = Duration.ofNanos(System.nanoTime() - keepAliveStart);
        assertThat(keptFor).isGreaterThanOrEqualTo(keepAliveTimeout.minusSeconds(1));

        assertThat(loneKept.get()).as("an idle keep-alive connection is closed").isNotNull();
        assertThat(loneKept.get()).isBetween(keepAliveTimeout.minusSeconds(1), keepAliveTimeout.plusSeconds(5));

        trickling.set(false);
        trickler.join();
        sockets.forEach(RawHttpSocket::close);
        Thread.sleep(1_000);
        // Idle measured on both sides of the flood, so a change in the machine's background load does not count.
        List<Long> idleAfter = probe(api, PROBES);
        long floodedP99 = Latencies.percentile(flooded, 99);
        System.out.printf(
                "connection flood: %d idle keep-alive, %d silent + %d trickling slow headers, %d slow bodies open;"
                        + " probe p50/p99 idle before %.1f/%.1f ms, flooded %.1f/%.1f ms, idle after %.1f/%.1f ms; silent headers and"
                        + " bodies cut after %.1f s (one timed alone: %.1f s), idle keep-alive after %.1f s (one timed alone: %.1f s)%n",
                IDLE_KEEP_ALIVE,
                SLOW_HEADERS,
                TRICKLING_HEADERS,
                SLOW_BODIES,
                Latencies.percentile(idle, 50) / 1e6,
                Latencies.percentile(idle, 99) / 1e6,
                Latencies.percentile(flooded, 50) / 1e6,
                floodedP99 / 1e6,
                Latencies.percentile(idleAfter, 50) / 1e6,
                Latencies.percentile(idleAfter, 99) / 1e6,
                headersCutAfter / 1e9,
                lateCut.get().toMillis() / 1e3,
                keptFor.toMillis() / 1e3,
                loneKept.get().toMillis() / 1e3);
        Latencies.assertAtIdleSpeed("flooded", flooded, idle, idleAfter);
    }

    /**
     * Times, on a thread of its own, how long after now the server closes the socket: null if it is still open after
     * {@code max}.
     */
    private static CompletableFuture<Duration> timeClose(RawHttpSocket socket, Duration max) {
        long start = System.nanoTime();
        CompletableFuture<Duration> closed = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                closed.complete(socket.awaitClose(max.toMillis()) ? Duration.ofNanos(System.nanoTime() - start) : null);
            } catch (Throwable e) {
                closed.completeExceptionally(e);
            }
        });
        return closed;
    }

    private RawHttpSocket open() {
        RawHttpSocket socket = RawHttpSocket.open(port, 0);
        sockets.add(socket);
        return socket;
    }

    private static List<Long> probe(ApiClient api, int n) {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            ApiClient.Response response = api.get("/api/v2/items?limit=5");
            latencies.add(System.nanoTime() - start);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }
        return latencies;
    }
}
