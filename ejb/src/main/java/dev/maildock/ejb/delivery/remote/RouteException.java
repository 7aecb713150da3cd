package dev.maildock.ejb.delivery.remote;

/**
 * No server to try for a domain: permanent (no such domain, null MX: the recipients fail) or
 * temporary (DNS did not answer: they wait for the next attempt).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3463">RFC 3463</a> for the status codes
 */
public class RouteException extends Exception {

    private final boolean permanent;
    private final String status;

    public RouteException(boolean permanent, String status, String message) {
        super(message);
        this.permanent = permanent;
        this.status = status;
    }

    public boolean isPermanent() {
        return permanent;
    }

    /** The RFC 3463 status code, e.g. 5.1.10 for a null MX. */
    public String status() {
        return status;
    }
}
