package dev.maildock.rar.smtp;

import dev.maildock.rar.api.TraceField;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.ZonedDateTime;

/**
 * The trace header of RFC 5321 section 4.4, which the session (not the MDB) prepends: the session
 * alone knows the HELO name, the peer address, TLS and AUTH state at the time of the transaction.
 * The protocol name follows RFC 3848 (SMTP, ESMTP, ESMTPS, ESMTPA, ESMTPSA).
 */
final class ReceivedHeader {

    private ReceivedHeader() {
    }

    /**
     * @param recipient the single recipient to name in "for", or null (several recipients are not
     *                  listed: that would disclose Bcc recipients to each other)
     */
    static byte[] build(String helo, InetSocketAddress peer, String byHost, boolean esmtp, boolean tls,
                        boolean authenticated, String id, String recipient, ZonedDateTime when) {
        String with = !esmtp ? "SMTP" : "ESMTP" + (tls ? "S" : "") + (authenticated ? "A" : "");
        return TraceField.received(TraceField.clean(helo) + " (" + addressLiteral(peer) + ")", byHost, with, id,
                recipient, when);
    }

    /** The peer as an RFC 5321 section 4.1.3 address literal: [192.0.2.1] or [IPv6:2001:db8::1]. */
    static String addressLiteral(InetSocketAddress peer) {
        if (peer.getAddress() == null) {
            return "[" + peer.getHostString() + "]";
        }
        String ip = peer.getAddress().getHostAddress();
        int zone = ip.indexOf('%');
        ip = zone < 0 ? ip : ip.substring(0, zone);
        return peer.getAddress() instanceof Inet6Address ? "[IPv6:" + ip + "]" : "[" + ip + "]";
    }
}
