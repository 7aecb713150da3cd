package dev.maildock.ejb.common;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransientFailuresTest {

    private static RuntimeException wrapped(SQLException cause) {
        // As the EJB container and JPA hand it up: several layers deep.
        return new RuntimeException("EJBException", new IllegalStateException("could not be stored", cause));
    }

    @Test
    void lockAndDeadlockRollbacksAreTransient() {
        assertTrue(TransientFailures.isTransient(wrapped(new SQLTransactionRollbackException("lock", "40XL1"))));
        assertTrue(TransientFailures.isTransient(wrapped(new SQLException("deadlock", "40001"))));
        assertTrue(TransientFailures.isTransient(wrapped(new SQLException("serialization", "40P01"))));
        assertFalse(TransientFailures.isTransient(wrapped(new SQLException("syntax", "42X01"))));
        assertFalse(TransientFailures.isTransient(new IllegalStateException("no sql at all")));
    }

    @Test
    void aTransientFailureIsRetriedUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String result = TransientFailures.retry(() -> {
            if (calls.incrementAndGet() < 3) {
                throw wrapped(new SQLTransactionRollbackException("lock", "40XL1"));
            }
            return "stored";
        });
        assertEquals("stored", result);
        assertEquals(3, calls.get());
    }

    @Test
    void otherFailuresAndTheLastTransientOneAreThrown() {
        AtomicInteger calls = new AtomicInteger();
        RuntimeException permanent = wrapped(new SQLException("syntax", "42X01"));
        assertSame(permanent, assertThrows(RuntimeException.class, () -> TransientFailures.retry(() -> {
            calls.incrementAndGet();
            throw permanent;
        })));
        assertEquals(1, calls.get(), "not retried");

        calls.set(0);
        assertThrows(RuntimeException.class, () -> TransientFailures.retry(() -> {
            calls.incrementAndGet();
            throw wrapped(new SQLTransactionRollbackException("lock", "40XL1"));
        }));
        assertEquals(TransientFailures.ATTEMPTS, calls.get());
    }
}
