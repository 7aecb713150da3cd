package dev.maildock.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A second Maildock server on the same database as the build's server: a copy of that server's
 * configuration (same EAR, same variables, the same PostgreSQL) under another server name, on its
 * own free ports. Its node name (maildock.node) defaults to the machine's and its server's names, so it is a node of
 * its own. Started with Liberty's script; {@link #close()} stops it.
 */
final class SecondNode implements AutoCloseable {

    /** What a server writes for itself; not copied. */
    private static final Set<String> OWN_STATE = Set.of("logs", "workarea", "databases", "spool", "tranlog", "messaging");

    /** Its own name, which it gives in EHLO when it delivers, so a receiver can tell the nodes apart. */
    static final String HOSTNAME = "mx-b.e2e.test";

    final String name;
    final int httpPort;
    final int smtpPort;
    final int submissionPort;
    final int pop3Port;
    final int imapPort;

    private SecondNode(String name, int httpPort, int smtpPort, int submissionPort, int pop3Port, int imapPort) {
        this.name = name;
        this.httpPort = httpPort;
        this.smtpPort = smtpPort;
        this.submissionPort = submissionPort;
        this.pop3Port = pop3Port;
        this.imapPort = imapPort;
    }

    static SecondNode start() throws IOException, InterruptedException {
        Path first = Server.serverDir();
        String name = first.getFileName() + "-b";
        Path dir = first.resolveSibling(name);
        Folders.delete(dir);
        copy(first, dir);
        int[] ports = freePorts(9);
        Files.writeString(dir.resolve("configDropins/overrides/zz-second-node.xml"), """
                <server>
                  <variable name="http.port" value="%d"/>
                  <variable name="https.port" value="%d"/>
                  <variable name="smtp.port" value="%d"/>
                  <variable name="submission.port" value="%d"/>
                  <variable name="smtps.port" value="%d"/>
                  <variable name="pop3.port" value="%d"/>
                  <variable name="pop3s.port" value="%d"/>
                  <variable name="imap.port" value="%d"/>
                  <variable name="imaps.port" value="%d"/>
                  <variable name="maildock.hostname" value="%s"/>
                </server>
                """.formatted(ports[0], ports[1], ports[2], ports[3], ports[4], ports[5], ports[6], ports[7], ports[8],
                HOSTNAME));
        SecondNode node = new SecondNode(name, ports[0], ports[2], ports[3], ports[5], ports[7]);
        Server.control(name, "start");
        Server.awaitReady(node.httpPort, node.smtpPort, Duration.ofSeconds(120));
        return node;
    }

    String api(String path) {
        return "http://127.0.0.1:" + httpPort + "/api/admin" + path;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Server.control(name, "stop");
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        ServerSocket[] held = new ServerSocket[n];
        try {
            for (int i = 0; i < n; i++) {
                held[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = held[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return ports;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(source);
                if (relative.getNameCount() > 0 && OWN_STATE.contains(relative.getName(0).toString())) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
