package dev.maildock.rar.net;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * When a password may be sent in clear: POP3 USER/PASS (an IMAP listener's LOGIN is meant to read
 * the same setting, {@code maildock.auth.plaintext}). RFC 8314 section 3 asks for TLS before any
 * password, and RFC 2595 section 2.1 for a server policy that refuses clear-text passwords on an
 * unencrypted connection. SASL PLAIN needs TLS whatever this says (a client that speaks SASL
 * speaks STLS too).
 * <p>
 * "Local" is Dovecot's rule for its default {@code disable_plaintext_auth}: the client's address is
 * the address it connected to, so the connection never left this host (a client on the machine
 * talking to 127.0.0.1, or to the machine's own address). A client from another loopback address
 * (127.0.0.2) is not local: that keeps the rule testable on one machine, and such a client is
 * usually a proxy or a container forwarding a remote connection.
 */
public enum PlaintextAuth {
    /** Only over TLS, whoever the client is. */
    TLS,
    /** Over TLS, or in clear from a client on this host (the default). */
    LOCAL,
    /** Always, also in clear from anywhere (not recommended; RFC 8314). */
    ANY;

    /** Parses a setting value ({@code tls}, {@code local}, {@code any}, any case). */
    public static PlaintextAuth of(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("maildock.auth.plaintext must be tls, local or any, not " + value, e);
        }
    }

    /** Whether a password may travel on this connection, unencrypted or not. */
    public boolean allows(boolean tls, InetSocketAddress remote, InetSocketAddress local) {
        return tls || this == ANY || (this == LOCAL && isLocal(remote, local));
    }

    private static boolean isLocal(InetSocketAddress remote, InetSocketAddress local) {
        return remote != null && local != null && remote.getAddress() != null
                && remote.getAddress().equals(local.getAddress());
    }
}
