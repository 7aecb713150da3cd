package dev.maildock.rar.imap;

import java.util.ArrayList;
import java.util.List;

/**
 * The CAPABILITY list (RFC 9051 section 7.2.2), computed from the session's state as POP3's CAPA
 * is: before login only what a client needs to log in (and may use before it), after login
 * everything the server does. Built once per adapter: the lists depend on nothing else, and the
 * greeting, CAPABILITY and the OK of every login send one.
 * <p>
 * Before login, no client is invited to send a password where {@code maildock.auth.plaintext}
 * forbids it ({@code PlaintextAuth.allows}): then {@code LOGINDISABLED} and no SASL mechanism
 * (RFC 9051 section 6.2.3; RFC 8314 section 3), and STARTTLS while it can still be used.
 */
public final class ImapCapabilities {

    /** Both revisions: a client that does not ENABLE IMAP4rev2 is served as IMAP4rev1 (RFC 9051 appendix E). */
    private static final List<String> REVISIONS = List.of("IMAP4rev1", "IMAP4rev2");
    /**
     * What applies in every state: LITERAL+ (RFC 7888, a superset of LITERAL-, which IMAP4rev2
     * includes; a client may send a literal before login) and ID (RFC 2971, valid in any state).
     */
    private static final List<String> ANY_STATE = List.of("LITERAL+", "ID");
    private static final List<String> SASL = List.of("AUTH=PLAIN", "AUTH=LOGIN", "SASL-IR");
    /** After login, in the order of the list: each name an extension the session implements. */
    private static final List<String> AUTHENTICATED = List.of("ENABLE", "IDLE", "NAMESPACE", "UIDPLUS", "MOVE",
            "SPECIAL-USE", "CREATE-SPECIAL-USE", "LIST-EXTENDED", "LIST-STATUS", "QUOTA", "QUOTA=RES-STORAGE",
            "CONDSTORE", "QRESYNC", "ESEARCH", "SEARCHRES", "UNSELECT", "CHILDREN", "SASL-IR", "STATUS=SIZE");
    private static final List<String> AUTHENTICATED_TAIL = List.of("BINARY", "MULTIAPPEND", "UTF8=ACCEPT");

    private final List<String> afterLogin;
    /** Indexed by {@link #index}: the eight combinations of TLS, STARTTLS available and plaintext allowed. */
    private final List<List<String>> beforeLogin = new ArrayList<>(8);

    /**
     * @param appendLimit the largest message APPEND accepts, in octets (RFC 7889 APPENDLIMIT)
     */
    public ImapCapabilities(long appendLimit) {
        List<String> all = new ArrayList<>(REVISIONS);
        all.addAll(ANY_STATE);
        all.addAll(AUTHENTICATED);
        all.add("APPENDLIMIT=" + appendLimit);
        all.addAll(AUTHENTICATED_TAIL);
        this.afterLogin = List.copyOf(all);
        for (int i = 0; i < 8; i++) {
            beforeLogin.add(login((i & 1) != 0, (i & 2) != 0, (i & 4) != 0));
        }
    }

    /** The list after LOGIN or AUTHENTICATE. */
    public List<String> afterLogin() {
        return afterLogin;
    }

    /**
     * The list before login.
     *
     * @param tls               the connection is encrypted (port 993, or after STARTTLS)
     * @param startTlsAvailable the listener has a certificate to offer STARTTLS with
     * @param plaintextAllowed  a password may be sent on this connection now ({@code PlaintextAuth.allows})
     */
    public List<String> beforeLogin(boolean tls, boolean startTlsAvailable, boolean plaintextAllowed) {
        return beforeLogin.get(index(tls, startTlsAvailable, plaintextAllowed));
    }

    private static int index(boolean tls, boolean startTlsAvailable, boolean plaintextAllowed) {
        return (tls ? 1 : 0) | (startTlsAvailable ? 2 : 0) | (plaintextAllowed ? 4 : 0);
    }

    private static List<String> login(boolean tls, boolean startTlsAvailable, boolean plaintextAllowed) {
        List<String> list = new ArrayList<>(REVISIONS);
        list.addAll(ANY_STATE);
        if (!tls && startTlsAvailable) {
            list.add("STARTTLS");
        }
        if (plaintextAllowed) {
            list.addAll(SASL);
        } else {
            list.add("LOGINDISABLED");
        }
        return List.copyOf(list);
    }
}
