package dev.maildock.ejb.delivery.remote;

import java.net.InetAddress;

/**
 * One server to try: its name (for the DSN's Remote-MTA and TLS) and one of its addresses.
 *
 * @param name    the MX host name, the smarthost as configured, or a domain literal
 * @param address the address to connect to
 * @param port    the SMTP port
 */
public record MailHost(String name, InetAddress address, int port) {

    @Override
    public String toString() {
        return name + "[" + address.getHostAddress() + "]:" + port;
    }
}
