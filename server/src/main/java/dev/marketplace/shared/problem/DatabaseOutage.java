package dev.marketplace.shared.problem;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure means the database is out of reach (down, restarting, or the pool saturated), which is a
 * {@code 503} with {@code Retry-After}, not a server bug.
 */
final class DatabaseOutage {

    private DatabaseOutage() {}

    /**
     * No connection within the pool timeout, a resource failure or a query timeout as Spring reports them, or an
     * unreachable database under some other wrapper ({@link #unreachable}).
     */
    static boolean is(Throwable ex) {
        return ex instanceof CannotCreateTransactionException
                || ex instanceof DataAccessResourceFailureException
                || ex instanceof QueryTimeoutException
                || ex instanceof TransientDataAccessResourceException
                || unreachable(ex);
    }

    /**
     * A connection that died with the database surfaces under many wrappers, and the query's own failure
     * can be masked by a failed rollback (JpaSystemException → "Connection is closed" from the pool). It
     * shows as: SQL state class {@code 08} (connection exception) or {@code 57P01}–{@code 57P03} (server
     * shutting down or starting), a connection-level SQLException type, or a failure to begin, commit or
     * roll back whose SQLException has no SQL state (raised by the pool or driver, not the server).
     */
    static boolean unreachable(Throwable ex) {
        boolean transactionControl = false;
        boolean clientSideSqlError = false;
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state == null) {
                    clientSideSqlError = true;
                } else if (state.startsWith("08")
                        || state.equals("57P01")
                        || state.equals("57P02")
                        || state.equals("57P03")) {
                    return true;
                }
            }
            transactionControl |= t instanceof org.hibernate.TransactionException;
        }
        return transactionControl && clientSideSqlError;
    }
}
