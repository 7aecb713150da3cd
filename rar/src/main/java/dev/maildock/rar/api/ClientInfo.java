package dev.maildock.rar.api;

import java.io.Serializable;
import java.net.InetSocketAddress;

/**
 * The peer of one protocol session, as the adapter saw it on the socket.
 *
 * @param remote  the client's address
 * @param local   the address and port it connected to
 * @param service which listener took the connection ("smtp", "submission", "smtps", "pop3", "pop3s")
 * @param tls     whether the channel is encrypted now
 */
public record ClientInfo(InetSocketAddress remote, InetSocketAddress local, String service, boolean tls)
        implements Serializable {
}
