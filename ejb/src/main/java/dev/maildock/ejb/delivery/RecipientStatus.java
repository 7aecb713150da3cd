package dev.maildock.ejb.delivery;

/** Where one outbound recipient stands. Only QUEUED is still work for the queue workers. */
public enum RecipientStatus {
    /** Waiting for its next attempt (first or a retry after a 4xx, timeout or DNS trouble). */
    QUEUED,
    /** The remote server answered 2xx after the data. */
    DELIVERED,
    /** A 5xx, a null MX, or no more retries: permanent; the sender gets a DSN. */
    FAILED,
    /** Removed by an administrator before delivery. */
    CANCELLED
}
