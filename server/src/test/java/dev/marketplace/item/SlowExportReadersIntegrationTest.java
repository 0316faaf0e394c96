package dev.marketplace.item;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.marketplace.testsupport.ApiClient;
import dev.marketplace.testsupport.Latencies;
import dev.marketplace.testsupport.RawHttpSocket;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 12, point 1: slow CSV downloads never hold a pooled connection. Twice as many readers as the pool has
 * connections each read an export of ~14 MB at 2 KB/s over real sockets with a 4 KB receive buffer (so the
 * server's writes really block on them); meanwhile every other request must answer 200 with a p99 within 2× of
 * the idle p99. Before the export read keyset chunks in short transactions, each reader held a connection and
 * its transaction until the last byte, and every other request got 503 after the pool timeout.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.hikari.maximum-pool-size=" + SlowExportReadersIntegrationTest.POOL,
            // All readers come from one IP here; the per-client limit is tested in ItemExportIntegrationTest.
            "marketplace.exports.max-concurrent-per-client=1000",
            "marketplace.exports.max-concurrent=1000",
            "marketplace.exports.chunk-size=200",
            "marketplace.rate-limit.anonymous.requests=100000",
            "marketplace.rate-limit.authenticated.requests=100000"
        })
class SlowExportReadersIntegrationTest {

    static final int POOL = 10;
    static final int READERS = 2 * POOL;
    static final int ROWS = 60_000;
    static final int PROBES = 200;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    ItemExportSlots slots;

    final List<RawHttpSocket> sockets = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void cleanUp() {
        sockets.forEach(RawHttpSocket::close);
        jdbc.update("DELETE FROM items WHERE owner_id = 'slow-export-test'");
    }

    @Test
    void twicePoolSizeSlowReadersLeaveEveryOtherRequestAnsweringAtIdleSpeed() throws Exception {
        String tag = "slow" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        jdbc.update("""
                INSERT INTO items (id, owner_id, name, description, price, currency, status, created_at, updated_at, version)
                SELECT gen_random_uuid(), 'slow-export-test', ? || ' item ' || n, repeat('x', 150), 1 + n % 97, 'EUR', 'active',
                       timestamptz '1991-01-01' + n * interval '1 second', timestamptz '1991-01-01', 0
                FROM generate_series(1, ?) AS n""", tag, ROWS);
        String itemId = jdbc.queryForObject(
                "SELECT id::text FROM items WHERE owner_id = 'slow-export-test' LIMIT 1", String.class);
        ApiClient api = new ApiClient(port);
        probe(api, itemId, 100); // warm-up
        List<Long> idle = probe(api, itemId, PROBES);

        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicLong received = new AtomicLong();
        AtomicInteger finished = new AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            RawHttpSocket socket = RawHttpSocket.open(port, 4096);
            sockets.add(socket);
            socket.send(
                    "GET /api/v2/items/export?q=" + tag + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(socket.readHead(10_000)).startsWith("HTTP/1.1 200");
            readers.add(Thread.ofVirtual().start(() -> readSlowly(socket, reading, received, finished)));
        }
        Thread.sleep(2_000); // the server fills the socket buffers and its writes block on the readers

        PoolWatch watch =
                new PoolWatch(dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean());
        Thread watcher = Thread.ofVirtual().start(watch);
        List<Long> loaded = probe(api, itemId, PROBES);
        watch.stop();
        watcher.join();

        int runningUnderLoad = slots.running();
        int finishedUnderLoad = finished.get();
        long receivedUnderLoad = received.get();
        reading.set(false);
        readers.forEach(Thread::interrupt);
        for (Thread reader : readers) {
            reader.join();
        }
        sockets.forEach(RawHttpSocket::close);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (slots.running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(slots.running())
                .as("a reader that hangs up gives its export slot back")
                .isZero();
        // Idle measured on both sides of the load, so a change in the machine's background load does not count.
        List<Long> idleAfter = probe(api, itemId, PROBES);

        long loadedP99 = Latencies.percentile(loaded, 99);
        System.out.printf(
                "slow export readers: %d readers at 2 KB/s, pool %d; probe p50/p99 idle before %.1f/%.1f ms, loaded %.1f/%.1f ms,"
                        + " idle after %.1f/%.1f ms; pool max active %d, max waiting %d; %d bytes read by the readers%n",
                READERS,
                POOL,
                Latencies.percentile(idle, 50) / 1e6,
                Latencies.percentile(idle, 99) / 1e6,
                Latencies.percentile(loaded, 50) / 1e6,
                loadedP99 / 1e6,
                Latencies.percentile(idleAfter, 50) / 1e6,
                Latencies.percentile(idleAfter, 99) / 1e6,
                watch.maxActive,
                watch.maxWaiting,
                receivedUnderLoad);

        assertThat(finishedUnderLoad)
                .as("every reader is still mid-download: the test measured under load")
                .isZero();
        assertThat(runningUnderLoad).as("all exports are running").isEqualTo(READERS);
        assertThat(receivedUnderLoad).as("the readers are being served").isGreaterThan(READERS * 2_000L);
        Latencies.assertAtIdleSpeed("loaded", loaded, idle, idleAfter);
        // Exports read at most marketplace.exports.max-concurrent-reads (2) chunks at once; the rest is the probe and
        // the background pollers (outbox, webhooks, contact mail).
        assertThat(watch.maxActive)
                .as("pooled connections in use while %d exports stream", READERS)
                .isLessThanOrEqualTo(POOL / 2);
    }

    /** {@code n} requests that need the database, alternating list and get; returns their latencies in ns. */
    private static List<Long> probe(ApiClient api, String itemId, int n) {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String path = i % 2 == 0 ? "/api/v2/items?limit=20" : "/api/v2/items/" + itemId;
            long start = System.nanoTime();
            ApiClient.Response response = api.get(path);
            latencies.add(System.nanoTime() - start);
            assertThat(response.status()).as(path + " " + response.body()).isEqualTo(200);
        }
        return latencies;
    }

    /** Reads 512 bytes every 250 ms (2 KB/s) until told to stop. */
    private static void readSlowly(
            RawHttpSocket socket, AtomicBoolean reading, AtomicLong received, AtomicInteger finished) {
        byte[] buffer = new byte[512];
        try {
            while (reading.get()) {
                int n;
                try {
                    n = socket.read(buffer, buffer.length, 5_000);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (n < 0) {
                    finished.incrementAndGet();
                    return;
                }
                received.addAndGet(n);
                Thread.sleep(250);
            }
        } catch (IOException e) {
            if (reading.get()) {
                finished.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Samples the pool every 5 ms: the most connections in use and the most requests waiting for one. */
    private static final class PoolWatch implements Runnable {
        private final HikariPoolMXBean pool;
        private volatile boolean running = true;
        volatile int maxActive;
        volatile int maxWaiting;

        PoolWatch(HikariPoolMXBean pool) {
            this.pool = pool;
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            while (running) {
                maxActive = Math.max(maxActive, pool.getActiveConnections());
                maxWaiting = Math.max(maxWaiting, pool.getThreadsAwaitingConnection());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
