package dev.maildock.e2e;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An authoritative DNS server for the test zone {@code remote.test} on a loopback UDP port (the
 * one the build reserved and gave the server as maildock.dns.server), built from dnsjava's message
 * classes. Tests add MX and A records for their own subdomains; names without records answer
 * NXDOMAIN, names with records but none of the asked type answer NODATA. Answers have TTL 0.
 */
final class TestDns {

    static final String ZONE = "remote.test";
    static final int PORT = Integer.getInteger("e2e.dns.port");

    private static final Map<Name, List<Record>> RECORDS = new ConcurrentHashMap<>();
    private static volatile boolean started;

    private TestDns() {
    }

    /** Starts the server once per test JVM (a daemon thread; it ends with the JVM). */
    static synchronized void start() {
        if (started) {
            return;
        }
        try {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", PORT));
            Thread t = new Thread(() -> serve(socket), "test-dns");
            t.setDaemon(true);
            t.start();
            started = true;
        } catch (IOException e) {
            throw new IllegalStateException("test DNS server cannot listen on UDP 127.0.0.1:" + PORT, e);
        }
    }

    static void mx(String domain, int preference, String host) {
        add(new MXRecord(name(domain), DClass.IN, 0, preference, name(host)));
    }

    /** RFC 7505: one MX of preference 0 for the root, "this domain takes no mail". */
    static void nullMx(String domain) {
        add(new MXRecord(name(domain), DClass.IN, 0, 0, Name.root));
    }

    static void a(String host, String address) {
        try {
            InetAddress ip = InetAddress.getByName(address);
            add(ip.getAddress().length == 4 ? new ARecord(name(host), DClass.IN, 0, ip)
                    : new AAAARecord(name(host), DClass.IN, 0, ip));
        } catch (IOException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    private static void add(Record r) {
        RECORDS.computeIfAbsent(r.getName(), n -> new CopyOnWriteArrayList<>()).add(r);
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text.endsWith(".") ? text : text + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static void serve(DatagramSocket socket) {
        byte[] buffer = new byte[4096];
        while (true) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] answer = answer(query).toWire();
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                System.err.println("test DNS: " + e);
            }
        }
    }

    private static Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        response.addRecord(question, Section.QUESTION);
        List<Record> records = RECORDS.get(question.getName());
        if (records == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response;
        }
        for (Record r : records) {
            if (r.getType() == question.getType()) {
                response.addRecord(r, Section.ANSWER);
            }
        }
        return response;
    }
}
