package dev.maildock.ejb;

import dev.maildock.ejb.mailbox.MessageSource;
import jakarta.persistence.PersistenceException;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLTransactionRollbackException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A message whose read number {@code failing} (from 1) fails as Derby fails a statement that
 * waited too long for a lock (SQLState 40XL1): a transient failure in the middle of the
 * transaction that stores it, which a second transaction gets past. It stands for a real lock
 * timeout because, with Derby's XA connections, a real one leaves the pooled connection unusable
 * for the tests that follow. Test code only.
 */
public final class FailingOnceMessage implements MessageSource {

    private final MessageSource good;
    private final int failing;
    private final AtomicInteger reads = new AtomicInteger();

    public FailingOnceMessage(byte[] raw, int failing) {
        this.good = MessageSource.ofBytes(raw);
        this.failing = failing;
    }

    @Override
    public InputStream open() throws IOException {
        if (reads.incrementAndGet() == failing) {
            throw new PersistenceException("the message could not be stored", new SQLTransactionRollbackException(
                    "A lock could not be obtained within the time requested", "40XL1"));
        }
        return good.open();
    }

    @Override
    public long size() {
        return good.size();
    }

    /** How often the message was read, the failed read included. */
    public int reads() {
        return reads.get();
    }
}
