package dev.marketplace.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Redis fan-out through a Redis outage (a TCP proxy in front of the machine's Redis on 127.0.0.1:6379 that the
 * test cuts and restores): publishing fails at once instead of hanging in the event listener, and after the outage
 * the subscription is back without a restart. Skipped, visibly, where there is no Redis.
 */
class RedisEventBusOutageTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What reached this instance's sockets, recorded instead of sent. */
    record Delivered(String type, Collection<String> audience, String envelope) {}

    @Test
    void publishFailsFastWhileRedisIsDownAndEventsFlowAgainOnceItIsBack() throws Exception {
        assumeTrue(redisReachable(), "No Redis on 127.0.0.1:6379: the Redis outage test is skipped");
        BlockingQueue<Delivered> delivered = new LinkedBlockingQueue<>();
        LiveProperties properties = new LiveProperties(LiveProperties.Fanout.LOCAL, null, Duration.ofSeconds(60), Duration.ofSeconds(25),
                524288, Duration.ofSeconds(10), Duration.ofSeconds(30));
        LiveSessions sessions = new LiveSessions(properties, Clock.systemUTC(), new SimpleMeterRegistry()) {
            @Override
            void deliver(String type, Collection<String> audience, String envelope) {
                delivered.add(new Delivered(type, audience, envelope));
            }
        };
        String subject = UUID.randomUUID().toString(); // other builds may use this Redis: ours are told apart by subject

        TcpProxy proxy = new TcpProxy(6379);
        RedisEventBus bus = new RedisEventBus("redis://127.0.0.1:" + proxy.port(), sessions, JSON);
        try {
            bus.publish("item.created", Set.of(subject), "{\"n\":1}");
            assertThat(next(delivered, subject)).isEqualTo(new Delivered("item.created", Set.of(subject), "{\"n\":1}"));

            proxy.stop();
            long started = System.nanoTime();
            assertThatThrownBy(() -> bus.publish("item.created", Set.of(subject), "{\"n\":2}")).isInstanceOf(RedisException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a publish while Redis is down fails at once")
                    .isLessThan(RedisEventBus.PUBLISH_TIMEOUT.plusSeconds(1));

            proxy.start();
            // Lettuce reconnects (backing off) and resubscribes: events flow again, without a restart.
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                bus.publish("item.updated", Set.of(subject), "{\"n\":3}");
                assertThat(next(delivered, subject, 400)).isNotNull();
            });
        } finally {
            bus.destroy();
            proxy.close();
        }
    }

    private static Delivered next(BlockingQueue<Delivered> delivered, String subject) throws InterruptedException {
        Delivered found = next(delivered, subject, 5000);
        assertThat(found).as("delivered within 5 s").isNotNull();
        return found;
    }

    private static Delivered next(BlockingQueue<Delivered> delivered, String subject, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            Delivered d = delivered.poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
            if (d != null && d.audience().contains(subject)) {
                return d;
            }
        }
        return null;
    }

    private static boolean redisReachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Forwards a loopback port to a target port; {@link #stop()} refuses new connections and cuts open ones. */
    static final class TcpProxy {
        private final int target;
        private final int port;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private volatile ServerSocket server;
        private volatile boolean up;

        TcpProxy(int target) throws IOException {
            this.target = target;
            start(0);
            this.port = server.getLocalPort();
        }

        int port() {
            return port;
        }

        /**
         * Redis is back. The listening socket stays bound for the whole test (re-binding a port after closing it can
         * fail on a busy machine: the OS may have handed it out as an ephemeral port meanwhile); "down" means every
         * connection is cut and new ones are closed as soon as they are accepted.
         */
        void start() {
            up = true;
        }

        private void start(int onPort) throws IOException {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            server = socket;
            up = true;
            Thread.ofVirtual().start(() -> accept(socket));
        }

        private void accept(ServerSocket socket) {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    if (!up) {
                        closeQuietly(client);
                        continue;
                    }
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    open.add(client);
                    open.add(upstream);
                    Thread.ofVirtual().start(() -> pipe(client, upstream));
                    Thread.ofVirtual().start(() -> pipe(upstream, client));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private static void pipe(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }

        /** Redis is gone: every connection through the proxy is cut and new ones are refused (closed at once). */
        void stop() {
            up = false;
            open.forEach(TcpProxy::closeQuietly);
            open.clear();
        }

        void close() {
            stop();
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
