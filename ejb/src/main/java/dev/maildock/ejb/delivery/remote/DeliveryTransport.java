package dev.maildock.ejb.delivery.remote;

import dev.maildock.ejb.delivery.OutboundSettings.Timeouts;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import javax.net.SocketFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Angus Mail's SMTP client, driven one transaction at a time with the replies kept per recipient.
 * Angus does the connection (greeting, EHLO, STARTTLS, AUTH) and the DATA stream (dot-stuffing);
 * this class adds what a relaying MTA needs and {@code Transport.sendMessage} does not give:
 * PIPELINING of MAIL and RCPT (RFC 2920), SIZE and BODY=8BITMIME on MAIL (RFC 1870, 6152), each
 * recipient's own reply, and the per-command timeouts of RFC 5321 section 4.5.3.2.
 */
final class DeliveryTransport extends SMTPTransport {

    private final Connection sockets;
    private final Timeouts timeouts;
    private long connectedAt;
    /** Whether the current transaction's MAIL got a reply: before it, nothing of the message reached the peer. */
    private boolean mailAnswered;
    /** Whether the last transaction ended with the session ready for the next MAIL ({@link ConnectionCache}). */
    private boolean inSync;

    /**
     * {@code session} must use {@link ThreadSockets#INSTANCE} and the greeting timeout as
     * mail.smtp.timeout ({@link SmtpDelivery#session}).
     */
    DeliveryTransport(Session session, Timeouts timeouts) {
        super(session, new URLName("smtp", null, -1, null, null, null));
        this.sockets = new Connection(timeouts);
        this.timeouts = timeouts;
    }

    /** Angus creates the socket here, on this thread: it gets this transport's {@link Connection}. */
    @Override
    protected boolean protocolConnect(String host, int port, String user, String password) throws MessagingException {
        ThreadSockets.INSTANCE.current.set(sockets);
        try {
            boolean connected = super.protocolConnect(host, port, user, password);
            connectedAt = System.nanoTime();
            return connected;
        } finally {
            ThreadSockets.INSTANCE.current.remove();
        }
    }

    /** When the connection was made ({@link System#nanoTime()}). */
    long connectedAt() {
        return connectedAt;
    }

    /**
     * Whether the last {@link #send} got as far as a reply to MAIL. A kept connection that fails
     * before that was closed by the peer while idle, and the message can go on a new one.
     */
    boolean mailAnswered() {
        return mailAnswered;
    }

    /** Whether the last {@link #send} left the session ready for another transaction. */
    boolean inSync() {
        return inSync;
    }

    /** What the client was waiting for when the peer last went silent: "the greeting", "the reply to DATA"... */
    String waitingFor() {
        return sockets.waitingFor;
    }

    /** How long it waits for {@link #waitingFor()}. */
    Duration waitLimit() {
        return sockets.limit;
    }

    /** The greeting was read with the greeting timeout; EHLO and what follows it (STARTTLS, AUTH) get the command one. */
    @Override
    protected boolean ehlo(String domain) throws MessagingException {
        commandTimeout("the reply to EHLO, STARTTLS or AUTH");
        return super.ehlo(domain);
    }

    @Override
    protected void helo(String domain) throws MessagingException {
        commandTimeout("the reply to HELO, STARTTLS or AUTH");
        super.helo(domain);
    }

    private void commandTimeout(String what) throws MessagingException {
        try {
            readTimeout(timeouts.command(), what);
        } catch (IOException e) {
            throw new MessagingException("the connection is gone", e);
        }
    }

    /** What one transaction did. */
    record Result(RemoteReply mail, List<RemoteReply> rcpt, RemoteReply data) {
    }

    /** Writes the message bytes (CRLF lines; dot-stuffing is done by the stream). */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * One mail transaction on the connected transport. The data is sent only when at least one
     * recipient was accepted; {@code data} is null when it was not sent.
     */
    synchronized Result send(String reversePath, List<String> recipients, long size, boolean eightBit, Content content)
            throws MessagingException, IOException {
        mailAnswered = false;
        inSync = false;
        long limit = sizeLimit();
        if (limit > 0 && size > limit) {
            inSync = true;
            // RFC 1870: the server said it takes no message this large; sending it would only
            // waste the transfer before the same refusal.
            return new Result(new RemoteReply(552, "552 5.3.4 message of " + size + " octets exceeds the SIZE "
                    + limit + " the server announced (not sent)"), List.of(), null);
        }
        StringBuilder mail = new StringBuilder("MAIL FROM:<").append(reversePath).append('>');
        if (supportsExtension("SIZE")) {
            mail.append(" SIZE=").append(size);
        }
        if (eightBit && supportsExtension("8BITMIME")) {
            mail.append(" BODY=8BITMIME");
        }
        readTimeout(timeouts.command(), "the reply to MAIL or RCPT");
        RemoteReply mailReply;
        List<RemoteReply> rcptReplies = new ArrayList<>();
        if (supportsExtension("PIPELINING")) {
            // RFC 2920: MAIL and every RCPT in one go, then the replies in order.
            sendCommand(mail.toString());
            for (String r : recipients) {
                sendCommand("RCPT TO:<" + r + ">");
            }
            mailReply = reply();
            mailAnswered = mailReply.code() > 0;
            for (int i = 0; i < recipients.size(); i++) {
                rcptReplies.add(reply());
            }
        } else {
            sendCommand(mail.toString());
            mailReply = reply();
            mailAnswered = mailReply.code() > 0;
            if (mailReply.positive()) {
                for (String r : recipients) {
                    sendCommand("RCPT TO:<" + r + ">");
                    rcptReplies.add(reply());
                }
            }
        }
        if (!mailReply.positive() || rcptReplies.stream().noneMatch(RemoteReply::positive)) {
            if (mailReply.code() > 0 && mailReply.code() != 421) {
                // Throws unless the peer answers 250: then the session is not reused.
                simpleCommand("RSET");
                inSync = true;
            }
            return new Result(mailReply, rcptReplies, null);
        }
        readTimeout(timeouts.dataStart(), "the reply to DATA");
        OutputStream out;
        try {
            out = data();
        } catch (SMTPSendFailedException e) {
            inSync = ready(e.getReturnCode());
            return new Result(mailReply, rcptReplies, RemoteReply.of(e.getReturnCode(), getLastServerResponse()));
        }
        sockets.waiting("the peer to read the data", timeouts.dataBlock());
        content.writeTo(out);
        out.flush();
        readTimeout(timeouts.dataEnd(), "the reply to the end of the data");
        try {
            finishData();
        } catch (SMTPSendFailedException e) {
            inSync = ready(e.getReturnCode());
            return new Result(mailReply, rcptReplies, RemoteReply.of(e.getReturnCode(), getLastServerResponse()));
        }
        inSync = ready(getLastReturnCode());
        return new Result(mailReply, rcptReplies, RemoteReply.of(getLastReturnCode(), getLastServerResponse()));
    }

    /** After this reply the peer awaits a new MAIL; 421 announces that it closes the connection. */
    private static boolean ready(int code) {
        return code >= 200 && code != 421;
    }

    /** The peer's SIZE parameter (RFC 1870), 0 when it announced none or no limit. */
    private long sizeLimit() {
        String parameter = supportsExtension("SIZE") ? getExtensionParameter("SIZE") : null;
        try {
            return parameter == null || parameter.isBlank() ? 0 : Long.parseLong(parameter.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private RemoteReply reply() throws MessagingException {
        int code = readServerResponse();
        return RemoteReply.of(code, getLastServerResponse());
    }

    private void readTimeout(Duration timeout, String what) throws IOException {
        sockets.waiting(what, timeout);
        Socket socket = sockets.last();
        if (socket != null) {
            try {
                // Set on the plain socket: a TLS socket layered on it (STARTTLS) reads through it.
                socket.setSoTimeout(millis(timeout));
            } catch (SocketException e) {
                throw new IOException("the connection is gone", e);
            }
        }
    }

    static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    /**
     * One transport's connection: its plain socket, so the read timeout can change per command, and
     * what the client waits for on it (the connection, then the greeting, then replies).
     */
    static final class Connection {
        private final Timeouts timeouts;
        private volatile Socket last;
        private volatile String waitingFor;
        private volatile Duration limit;

        Connection(Timeouts timeouts) {
            this.timeouts = timeouts;
            waiting("the connection", timeouts.connect());
        }

        Socket last() {
            return last;
        }

        void waiting(String what, Duration timeout) {
            waitingFor = what;
            limit = timeout;
        }

        Socket connected(Socket s) throws SocketException {
            // Replies are awaited after each write: Nagle's algorithm would hold the last segment
            // (e.g. the final dot) for the peer's delayed ACK, some 40 ms a message.
            s.setTcpNoDelay(true);
            waiting("the greeting", timeouts.greeting());
            last = s;
            return s;
        }
    }

    /**
     * The socket factory of the cached sessions (a Session costs a read of the providers' files
     * from the class path, so one is kept per configuration): plain sockets for the
     * {@link Connection} of the transport connecting on the calling thread.
     */
    static final class ThreadSockets extends SocketFactory {
        static final ThreadSockets INSTANCE = new ThreadSockets();
        private final ThreadLocal<Connection> current = new ThreadLocal<>();

        private ThreadSockets() {
        }

        private Connection connection() {
            Connection c = current.get();
            if (c == null) {
                throw new IllegalStateException("no delivery connection on this thread");
            }
            return c;
        }

        @Override
        public Socket createSocket() {
            Connection c = connection();
            // Angus connects the socket itself, with mail.smtp.connectiontimeout.
            return new Socket() {
                @Override
                public void connect(SocketAddress endpoint, int timeout) throws IOException {
                    super.connect(endpoint, timeout);
                    c.connected(this);
                }
            };
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connection().connected(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return connection().connected(new Socket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connection().connected(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return connection().connected(new Socket(address, port, localAddress, localPort));
        }
    }
}
