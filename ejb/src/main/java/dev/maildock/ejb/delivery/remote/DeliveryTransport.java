package dev.maildock.ejb.delivery.remote;

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

    /** RFC 5321 section 4.5.3.2 minimums. */
    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
    static final Duration DATA_START_TIMEOUT = Duration.ofMinutes(2);
    static final Duration DATA_BLOCK_TIMEOUT = Duration.ofMinutes(3);
    static final Duration DATA_END_TIMEOUT = Duration.ofMinutes(10);

    private final RecordingSocketFactory sockets;

    DeliveryTransport(Session session, RecordingSocketFactory sockets) {
        super(session, new URLName("smtp", null, -1, null, null, null));
        this.sockets = sockets;
    }

    /** What one transaction did. */
    record Result(SmtpReply mail, List<SmtpReply> rcpt, SmtpReply data) {
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
        long limit = sizeLimit();
        if (limit > 0 && size > limit) {
            // RFC 1870: the server said it takes no message this large; sending it would only
            // waste the transfer before the same refusal.
            return new Result(new SmtpReply(552, "552 5.3.4 message of " + size + " octets exceeds the SIZE "
                    + limit + " the server announced (not sent)"), List.of(), null);
        }
        StringBuilder mail = new StringBuilder("MAIL FROM:<").append(reversePath).append('>');
        if (supportsExtension("SIZE")) {
            mail.append(" SIZE=").append(size);
        }
        if (eightBit && supportsExtension("8BITMIME")) {
            mail.append(" BODY=8BITMIME");
        }
        readTimeout(COMMAND_TIMEOUT);
        SmtpReply mailReply;
        List<SmtpReply> rcptReplies = new ArrayList<>();
        if (supportsExtension("PIPELINING")) {
            // RFC 2920: MAIL and every RCPT in one go, then the replies in order.
            sendCommand(mail.toString());
            for (String r : recipients) {
                sendCommand("RCPT TO:<" + r + ">");
            }
            mailReply = reply();
            for (int i = 0; i < recipients.size(); i++) {
                rcptReplies.add(reply());
            }
        } else {
            sendCommand(mail.toString());
            mailReply = reply();
            if (mailReply.positive()) {
                for (String r : recipients) {
                    sendCommand("RCPT TO:<" + r + ">");
                    rcptReplies.add(reply());
                }
            }
        }
        if (!mailReply.positive() || rcptReplies.stream().noneMatch(SmtpReply::positive)) {
            if (mailReply.code() > 0) {
                simpleCommand("RSET");
            }
            return new Result(mailReply, rcptReplies, null);
        }
        readTimeout(DATA_START_TIMEOUT);
        OutputStream out;
        try {
            out = data();
        } catch (SMTPSendFailedException e) {
            return new Result(mailReply, rcptReplies, SmtpReply.of(e.getReturnCode(), getLastServerResponse()));
        }
        content.writeTo(out);
        out.flush();
        readTimeout(DATA_END_TIMEOUT);
        try {
            finishData();
        } catch (SMTPSendFailedException e) {
            return new Result(mailReply, rcptReplies, SmtpReply.of(e.getReturnCode(), getLastServerResponse()));
        }
        return new Result(mailReply, rcptReplies, SmtpReply.of(getLastReturnCode(), getLastServerResponse()));
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

    private SmtpReply reply() throws MessagingException {
        int code = readServerResponse();
        return SmtpReply.of(code, getLastServerResponse());
    }

    private void readTimeout(Duration timeout) throws IOException {
        Socket socket = sockets.last();
        if (socket != null) {
            try {
                // Set on the plain socket: a TLS socket layered on it (STARTTLS) reads through it.
                socket.setSoTimeout((int) timeout.toMillis());
            } catch (SocketException e) {
                throw new IOException("the connection is gone", e);
            }
        }
    }

    /** Creates plain sockets and remembers the last, so its read timeout can change per command. */
    static final class RecordingSocketFactory extends SocketFactory {
        private volatile Socket last;

        Socket last() {
            return last;
        }

        @Override
        public Socket createSocket() {
            Socket s = new Socket();
            last = s;
            return s;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket s = new Socket(host, port);
            last = s;
            return s;
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            Socket s = new Socket(host, port, localHost, localPort);
            last = s;
            return s;
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            Socket s = new Socket(host, port);
            last = s;
            return s;
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            Socket s = new Socket(address, port, localAddress, localPort);
            last = s;
            return s;
        }
    }
}
