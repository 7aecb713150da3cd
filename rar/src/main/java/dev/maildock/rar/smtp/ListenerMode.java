package dev.maildock.rar.smtp;

import java.util.Objects;

/**
 * What kind of SMTP port a connection came in on.
 *
 * @param service     "smtp" (25, MX), "submission" (587) or "smtps" (465); also ClientInfo.service
 * @param implicitTls TLS from the first octet (RFC 8314), as on 465
 * @param authRequired MAIL needs a successful AUTH first (RFC 6409 submission)
 */
public record ListenerMode(String service, boolean implicitTls, boolean authRequired) {

    public static final ListenerMode MX = new ListenerMode("smtp", false, false);
    public static final ListenerMode SUBMISSION = new ListenerMode("submission", false, true);
    public static final ListenerMode SMTPS = new ListenerMode("smtps", true, true);

    public ListenerMode {
        Objects.requireNonNull(service, "service");
    }
}
