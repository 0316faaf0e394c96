package dev.marketplace.shared.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The gate's own rules, against a counting stand-in for the pool (the real pool and database are covered by every
 * integration test, and the timeout's 503 by {@code PoolSaturationIntegrationTest}).
 */
class GatedDataSourceTest {

    @Test
    void neverHandsOutMoreConnectionsThanPermitsEvenUnderContention() throws Exception {
        CountingPool pool = new CountingPool();
        GatedDataSource gate = new GatedDataSource(pool, 3, 5_000, 8);
        int workers = 64;
        CountDownLatch done = new CountDownLatch(workers);
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < workers; i++) {
            Thread.ofVirtual().start(() -> {
                try {
                    for (int round = 0; round < 50; round++) {
                        try (Connection connection = gate.getConnection()) {
                            assertThat(connection.isClosed()).isFalse();
                            Thread.sleep(0, 100_000);
                        }
                    }
                } catch (Exception | AssertionError e) {
                    failures.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        assertThat(failures).hasValue(0);
        assertThat(pool.maxOpen.get()).isLessThanOrEqualTo(3).isGreaterThan(0);
        assertThat(pool.open.get()).isZero();
        assertThat(gate.inUse()).isZero();
    }

    @Test
    void aWaitingCallerGivesUpAfterTheTimeoutWithTheErrorThePoolWouldRaise() throws Exception {
        GatedDataSource gate = new GatedDataSource(new CountingPool(), 1, 200, 8);
        try (Connection held = gate.getConnection()) {
            long start = System.nanoTime();
            assertThatThrownBy(gate::getConnection)
                    .isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("200 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(150), Duration.ofSeconds(2));
            assertThat(held.isClosed()).isFalse();
            assertThat(gate.inUse()).isEqualTo(1);
            assertThat(gate.waiting()).isZero();
        }
        try (Connection again = gate.getConnection()) {
            assertThat(again.isClosed()).isFalse();
        }
    }

    @Test
    void closingTwiceGivesOnePermitBack() throws Exception {
        GatedDataSource gate = new GatedDataSource(new CountingPool(), 2, 100, 0);
        Connection connection = gate.getConnection();
        connection.close();
        connection.close();
        assertThat(connection.isClosed()).isTrue();
        assertThat(gate.inUse()).isZero();
        List<Connection> both = new ArrayList<>(List.of(gate.getConnection(), gate.getConnection()));
        assertThatThrownBy(gate::getConnection).isInstanceOf(SQLTransientConnectionException.class);
        for (Connection c : both) {
            c.close();
        }
    }

    @Test
    void aFailingPoolGivesThePermitBack() {
        CountingPool pool = new CountingPool();
        pool.fail = true;
        GatedDataSource gate = new GatedDataSource(pool, 1, 100, 0);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(gate::getConnection)
                    .isInstanceOf(SQLException.class)
                    .hasMessage("database down");
        }
        assertThat(gate.inUse()).isZero();
    }

    @Test
    void unwrapsToThePool() throws Exception {
        CountingPool pool = new CountingPool();
        GatedDataSource gate = new GatedDataSource(pool, 1, 100, 0);
        assertThat(gate.unwrap(CountingPool.class)).isSameAs(pool);
        assertThat(gate.isWrapperFor(CountingPool.class)).isTrue();
    }

    /** Hands out stand-in connections and counts how many are open at once. */
    static final class CountingPool implements DataSource {
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger maxOpen = new AtomicInteger();
        volatile boolean fail;

        @Override
        public Connection getConnection() throws SQLException {
            if (fail) {
                throw new SQLException("database down", "08006");
            }
            maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            boolean[] closed = {false};
            return (Connection) Proxy.newProxyInstance(
                    getClass().getClassLoader(),
                    new Class<?>[] {Connection.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "close" -> {
                            if (!closed[0]) {
                                closed[0] = true;
                                open.decrementAndGet();
                            }
                            yield null;
                        }
                        case "isClosed" -> closed[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this);
        }
    }
}
