package dev.maildock.ejb.delivery.remote;

import dev.maildock.ejb.delivery.OutboundSettings.HostPort;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Finds the servers for a mail domain (RFC 5321 section 5.1) with dnsjava: MX records in
 * preference order, equal preferences in random order to spread the load; without MX records the
 * domain's own A/AAAA records (the implicit MX); a null MX (RFC 7505) or a domain that does not
 * exist fails permanently; a DNS server that does not answer is a temporary failure. No cache of
 * its own: answers are as fresh as the resolver's TTLs.
 */
public final class MxResolver {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Random RANDOM = new SecureRandom();

    private final Resolver resolver;

    /**
     * @param dnsServer maildock.dns.server, or null for the system's resolvers (/etc/resolv.conf)
     * @throws RouteException (temporary) when the configured server's address cannot be resolved
     */
    public MxResolver(HostPort dnsServer) throws RouteException {
        if (dnsServer == null) {
            resolver = new ExtendedResolver();
        } else {
            try {
                resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(dnsServer.host()), dnsServer.port()));
            } catch (UnknownHostException e) {
                throw new RouteException(false, "4.4.3", "maildock.dns.server " + dnsServer + " cannot be resolved");
            }
        }
        resolver.setTimeout(TIMEOUT);
    }

    /** The hosts to try for {@code domain}, best first, each on {@code port}. */
    public List<MailHost> route(String domain, int port) throws RouteException {
        if (domain.startsWith("[") && domain.endsWith("]")) {
            return List.of(literal(domain, port));
        }
        Name name = name(domain);
        Lookup mx = lookup(name, Type.MX);
        switch (mx.getResult()) {
            case Lookup.SUCCESSFUL -> {
                return exchangers(domain, mx.getAnswers(), port);
            }
            case Lookup.TYPE_NOT_FOUND -> {
                // RFC 5321 section 5.1: no MX records, so the domain itself is the implicit MX.
                List<MailHost> hosts = addresses(name, domain, port);
                if (hosts.isEmpty()) {
                    throw new RouteException(false, "4.4.4", "no MX and no address records for " + domain + " (yet)");
                }
                return hosts;
            }
            case Lookup.HOST_NOT_FOUND ->
                    throw new RouteException(true, "5.1.2", "Host or domain name not found: " + domain + " does not exist (DNS NXDOMAIN)");
            default -> throw new RouteException(false, "4.4.3",
                    "DNS lookup of MX " + domain + " failed for now: " + mx.getErrorString());
        }
    }

    private List<MailHost> exchangers(String domain, Record[] answers, int port) throws RouteException {
        List<MXRecord> records = new ArrayList<>();
        for (Record r : answers) {
            if (r instanceof MXRecord m) {
                records.add(m);
            }
        }
        if (records.size() == 1 && records.get(0).getTarget().equals(Name.root)) {
            throw new RouteException(true, "5.1.10", domain + " accepts no mail: it has a null MX (RFC 7505)");
        }
        // Random order first, then a stable sort by preference: equal preferences stay shuffled.
        Collections.shuffle(records, RANDOM);
        records.sort(Comparator.comparingInt(MXRecord::getPriority));
        List<MailHost> hosts = new ArrayList<>();
        RouteException temporary = null;
        for (MXRecord record : records) {
            if (record.getTarget().equals(Name.root)) {
                continue;
            }
            try {
                hosts.addAll(addresses(record.getTarget(), hostName(record.getTarget()), port));
            } catch (RouteException e) {
                temporary = e;
            }
        }
        if (hosts.isEmpty()) {
            throw temporary != null ? temporary
                    : new RouteException(false, "4.4.4", "no MX host of " + domain + " has an address");
        }
        return hosts;
    }

    /** A and AAAA records of {@code name}; empty when it has none; temporary failure when DNS does not answer. */
    private List<MailHost> addresses(Name name, String display, int port) throws RouteException {
        List<MailHost> hosts = new ArrayList<>();
        boolean answered = false;
        String error = null;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Lookup lookup = lookup(name, type);
            int result = lookup.getResult();
            if (result == Lookup.SUCCESSFUL) {
                answered = true;
                for (Record r : lookup.getAnswers()) {
                    if (r instanceof ARecord a) {
                        hosts.add(new MailHost(display, a.getAddress(), port));
                    } else if (r instanceof AAAARecord a) {
                        hosts.add(new MailHost(display, a.getAddress(), port));
                    }
                }
            } else if (result == Lookup.HOST_NOT_FOUND || result == Lookup.TYPE_NOT_FOUND) {
                answered = true;
            } else {
                error = lookup.getErrorString();
            }
        }
        if (hosts.isEmpty() && !answered) {
            throw new RouteException(false, "4.4.3", "DNS lookup of " + display + " failed for now: " + error);
        }
        return hosts;
    }

    private Lookup lookup(Name name, int type) {
        Lookup lookup = new Lookup(name, type);
        lookup.setResolver(resolver);
        // A throw-away cache per lookup: answers are as fresh as the resolver gives them.
        lookup.setCache(null);
        lookup.run();
        return lookup;
    }

    private static Name name(String domain) throws RouteException {
        try {
            return Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            throw new RouteException(true, "5.1.2", "not a domain name: " + domain);
        }
    }

    private static String hostName(Name name) {
        String text = name.toString(true);
        return text.isEmpty() ? name.toString() : text;
    }

    /** {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]} (RFC 5321 section 4.1.3): that address, no DNS. */
    private static MailHost literal(String domain, int port) throws RouteException {
        String inner = domain.substring(1, domain.length() - 1);
        String address = inner.regionMatches(true, 0, "IPv6:", 0, 5) ? inner.substring(5) : inner;
        // Only numeric forms: InetAddress.getByName would look a name up in DNS.
        if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !(address.contains(":") && address.matches("[0-9A-Fa-f:.]+"))) {
            throw new RouteException(true, "5.1.2", "not an address literal: " + domain);
        }
        try {
            return new MailHost(domain, InetAddress.getByName(address), port);
        } catch (UnknownHostException e) {
            throw new RouteException(true, "5.1.2", "not an address literal: " + domain);
        }
    }
}
