package dev.maildock.rar.smtp;

import java.util.ArrayList;
import java.util.List;

/**
 * The EHLO keywords (RFC 5321 section 4.1.1.1), computed from what is installed and the session's
 * state, so that nothing is offered that the session would refuse.
 */
final class Extensions {

    private Extensions() {
    }

    /**
     * @param tlsInstalled a server certificate is configured
     * @param tlsActive    the session is encrypted already
     * @param authenticated AUTH succeeded already
     */
    static List<String> ehloKeywords(SmtpSettings settings, boolean tlsInstalled, boolean tlsActive,
                                     boolean authenticated) {
        List<String> keywords = new ArrayList<>();
        keywords.add("PIPELINING");
        keywords.add("SIZE " + settings.maxMessageSize());
        keywords.add("8BITMIME");
        keywords.add("ENHANCEDSTATUSCODES");
        if (tlsInstalled && !tlsActive) {
            keywords.add("STARTTLS");
        }
        // RFC 4954 section 4 and RFC 8314: passwords only inside TLS.
        if (tlsActive && !authenticated) {
            keywords.add("AUTH PLAIN LOGIN");
        }
        keywords.add("HELP");
        return keywords;
    }
}
