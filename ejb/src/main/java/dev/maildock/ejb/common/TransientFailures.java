package dev.maildock.ejb.common;

import jakarta.ejb.EJBTransactionRolledbackException;
import jakarta.transaction.RollbackException;

import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Runs a whole transaction again when the database rolled it back for a transient reason:
 * SQLState class 40 (deadlock, serialization failure, lock not granted), or a rollback at commit,
 * where the container reports only that the transaction rolled back. Derby, for one, fails an
 * insert with 40XL1 when concurrent transactions need a new block of identity values at the same
 * moment; a second attempt succeeds. Retrying is safe because each attempt is one whole
 * transaction: a failure that is not transient only costs the extra attempts.
 */
public final class TransientFailures {

    public static final int ATTEMPTS = 4;

    private TransientFailures() {
    }

    /** Calls {@code transaction} (which must start and end its own transaction) up to {@link #ATTEMPTS} times. */
    public static <T> T retry(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !isTransient(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(20L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40")) {
                return true;
            }
            if (t instanceof RollbackException || t instanceof EJBTransactionRolledbackException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
