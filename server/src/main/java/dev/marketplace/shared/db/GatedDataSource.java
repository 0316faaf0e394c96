package dev.marketplace.shared.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Callers wait for a database connection here, in front of the pool, instead of inside it: one permit per pooled
 * connection, taken before the pool is asked and given back when the connection is closed.
 *
 * <p>Why (issue 11, profiled): with more requests in flight than pooled connections, every HikariCP borrow that
 * found no idle connection submitted a task to the pool's connection-adder thread (an unpark and a wake-up of that
 * platform thread, although the pool was already full) and then waited with a timed park, which on virtual threads
 * schedules and cancels a timer task on the JDK's delay scheduler (two more unparks). Together that was ~13% of the
 * CPU of a {@code GET} at 64 connections on a 10-connection pool. Here a virtual thread that finds no permit first
 * yields its carrier a few times (the connection holders it waits for are usually runnable right behind it), and
 * only then waits with a timeout. The pool itself then always finds an idle connection.
 *
 * <p>The waiting time is bounded as before: a caller that gets no permit within the pool's connection timeout gets
 * the same {@link SQLTransientConnectionException} the pool throws (a 503 problem with {@code Retry-After}).
 */
final class GatedDataSource extends DelegatingDataSource {

    private final Semaphore permits;
    private final int size;
    private final long timeoutMillis;
    private final int yields;

    GatedDataSource(DataSource pool, int size, long timeoutMillis, int yields) {
        super(pool);
        if (size < 1 || timeoutMillis < 0 || yields < 0) {
            throw new IllegalArgumentException("size >= 1, timeout >= 0 and yields >= 0 required");
        }
        this.permits = new Semaphore(size);
        this.size = size;
        this.timeoutMillis = timeoutMillis;
        this.yields = yields;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return gatedConnection(super::getConnection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return gatedConnection(() -> super.getConnection(username, password));
    }

    private interface ConnectionSource {
        Connection open() throws SQLException;
    }

    /** A permit first, then the pool's connection; the permit goes back when that connection is closed (or not got). */
    private Connection gatedConnection(ConnectionSource pool) throws SQLException {
        acquire();
        try {
            return gated(pool.open());
        } catch (SQLException | RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    /** Connections handed out and not yet closed. */
    int inUse() {
        return size - permits.availablePermits();
    }

    /** Callers parked waiting for a connection (not those still yielding before they park): an estimate, for metrics. */
    int waiting() {
        return permits.getQueueLength();
    }

    private void acquire() throws SQLException {
        if (permits.tryAcquire()) {
            return;
        }
        if (Thread.currentThread().isVirtual()) {
            for (int i = 0; i < yields; i++) {
                Thread.yield();
                if (permits.tryAcquire()) {
                    return;
                }
            }
        }
        try {
            if (permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException(
                    "Interrupted while waiting for a database connection", "08001", e);
        }
        throw new SQLTransientConnectionException(
                "No database connection available within " + timeoutMillis + " ms (all " + size + " in use)", "08001");
    }

    private Connection gated(Connection connection) {
        return (Connection) Proxy.newProxyInstance(
                GatedDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                new Handler(connection, permits));
    }

    /** Delegates every call; the first {@code close()} gives the permit back. */
    private static final class Handler implements InvocationHandler {

        private final Connection target;
        private final Semaphore permits;
        private final AtomicBoolean released = new AtomicBoolean();

        Handler(Connection target, Semaphore permits) {
            this.target = target;
            this.permits = permits;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    try {
                        target.close();
                    } finally {
                        if (released.compareAndSet(false, true)) {
                            permits.release();
                        }
                    }
                    return null;
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "Gated[" + target + "]";
                }
                case "isClosed" -> {
                    if (released.get()) {
                        return true;
                    }
                }
                default -> {}
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
