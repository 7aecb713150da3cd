package dev.maildock.e2e;

import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mail sent by a real client (Angus Mail's SMTPTransport) on each port, read back through POP3
 * byte for byte: the stored message is Return-Path + Received + exactly what the client sent.
 */
class SmtpDeliveryIT {

    private static final byte[] EIGHT_BIT_BODY = ("Gr\u00fc\u00dfe aus K\u00f6ln \u2014 \u65e5\u672c\u8a9e\r\n"
            + ".a line that starts with a dot\r\n"
            + ".\r\n"
            + "..\r\n"
            + "trailing spaces   \r\n"
            + "\r\n"
            + "tab\there\r\n").getBytes(StandardCharsets.UTF_8);

    /** A raw RFC 5322 message with CRLF line endings and an 8-bit UTF-8 body. */
    private static byte[] message(String from, String to, String subject) {
        String headers = "From: <" + from + ">\r\n"
                + "To: <" + to + ">\r\n"
                + "Subject: " + subject + "\r\n"
                + "Message-ID: <" + subject + "@client.e2e.test>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "\r\n";
        byte[] h = headers.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(h, h.length + EIGHT_BIT_BODY.length);
        System.arraycopy(EIGHT_BIT_BODY, 0, all, h.length, EIGHT_BIT_BODY.length);
        return all;
    }

    private static void send(String protocol, Properties props, String user, byte[] raw, String... to) throws Exception {
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));
        Address[] recipients = Arrays.stream(to).map(a -> {
            try {
                return new InternetAddress(a);
            } catch (Exception e) {
                throw new IllegalArgumentException(e);
            }
        }).toArray(Address[]::new);
        try (Transport transport = session.getTransport(protocol)) {
            if (user == null) {
                transport.connect();
            } else {
                transport.connect(user, Accounts.PASSWORD);
            }
            // sendMessage, not Transport.send: no saveChanges(), so the bytes go out as given.
            transport.sendMessage(message, recipients);
        }
    }

    private static Properties props(String protocol, int port) {
        Properties p = new Properties();
        p.put("mail." + protocol + ".host", "127.0.0.1");
        p.put("mail." + protocol + ".port", String.valueOf(port));
        p.put("mail." + protocol + ".localhost", "client.e2e.test");
        p.put("mail." + protocol + ".ssl.trust", "*");
        p.put("mail." + protocol + ".timeout", "30000");
        p.put("mail." + protocol + ".allow8bitmime", "true");
        return p;
    }

    /** The only message in the maildrop: checks it is trace headers + the sent bytes; returns the trace part. */
    private static String onlyMessage(String account, byte[] sent, String returnPath) throws Exception {
        List<byte[]> messages = Pop3Client.messages(account, Accounts.PASSWORD);
        assertEquals(1, messages.size(), "messages in " + account);
        byte[] stored = messages.get(0);
        assertTrue(stored.length > sent.length, "stored message is longer than what was sent (trace headers)");
        byte[] tail = Arrays.copyOfRange(stored, stored.length - sent.length, stored.length);
        assertArrayEquals(sent, tail, "the message as sent, byte for byte, after the trace headers");
        String trace = new String(stored, 0, stored.length - sent.length, StandardCharsets.US_ASCII);
        assertTrue(trace.startsWith("Return-Path: <" + returnPath + ">\r\nReceived: from client.e2e.test ([127.0.0.1])\r\n\tby "
                + Server.HOSTNAME + " (Maildock) with "), trace);
        assertTrue(trace.endsWith("\r\n"), trace);
        return trace;
    }

    @Test
    void plainOnPort25IsDeliveredByteExactWithEsmtpTrace() throws Exception {
        String to = Accounts.create("mx-plain");
        String from = "someone@remote.example";
        byte[] raw = message(from, to, "plain-25-" + System.nanoTime());
        Properties p = props("smtp", Server.SMTP_PORT);
        p.put("mail.smtp.from", from);
        send("smtp", p, null, raw, to);
        String trace = onlyMessage(to, raw, from);
        assertTrue(trace.contains(" with ESMTP id "), trace);
        assertTrue(trace.contains("\r\n\tfor <" + to + ">;\r\n\t"), trace);
    }

    @Test
    void submissionOn587WithStartTlsAndAuthIsEsmtpsa() throws Exception {
        String user = Accounts.create("sub-587");
        String to = Accounts.create("sub-587-rcpt");
        byte[] raw = message(user, to, "starttls-587-" + System.nanoTime());
        Properties p = props("smtp", Server.SUBMISSION_PORT);
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.from", user);
        send("smtp", p, user, raw, to);
        assertTrue(onlyMessage(to, raw, user).contains(" with ESMTPSA id "));
    }

    @Test
    void startTlsWithoutAuthOnPort25IsEsmtps() throws Exception {
        String to = Accounts.create("mx-tls");
        String from = "tls@remote.example";
        byte[] raw = message(from, to, "starttls-25-" + System.nanoTime());
        Properties p = props("smtp", Server.SMTP_PORT);
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.from", from);
        send("smtp", p, null, raw, to);
        assertTrue(onlyMessage(to, raw, from).contains(" with ESMTPS id "));
    }

    @Test
    void implicitTlsOn465WithAuthIsEsmtpsa() throws Exception {
        String user = Accounts.create("smtps-465");
        String to = Accounts.create("smtps-465-rcpt");
        byte[] raw = message(user, to, "smtps-465-" + System.nanoTime());
        Properties p = props("smtps", Server.SMTPS_PORT);
        p.put("mail.smtps.auth", "true");
        p.put("mail.smtps.from", user);
        send("smtps", p, user, raw, to);
        assertTrue(onlyMessage(to, raw, user).contains(" with ESMTPSA id "));
    }

    @Test
    void eightBitMimeBodyOverARawSocketIsStoredByteExact() throws Exception {
        String to = Accounts.create("eightbit");
        String from = "raw@remote.example";
        byte[] raw = message(from, to, "8bit-" + System.nanoTime());
        try (SmtpSocket smtp = SmtpSocket.plain(Server.SMTP_PORT)) {
            assertTrue(smtp.command("EHLO client.e2e.test").contains("\n250-8BITMIME") );
            SmtpSocket.expect("250 ", smtp.command("MAIL FROM:<" + from + "> BODY=8BITMIME"));
            SmtpSocket.expect("250 ", smtp.command("RCPT TO:<" + to + ">"));
            SmtpSocket.expect("354 ", smtp.command("DATA"));
            // The only dot-stuffing needed: the body line starting with a dot.
            String stuffed = new String(raw, StandardCharsets.ISO_8859_1).replace("\r\n.", "\r\n..");
            smtp.write(stuffed + ".\r\n");
            SmtpSocket.expect("250 2.0.0", smtp.reply());
            SmtpSocket.expect("221", smtp.command("QUIT"));
        }
        assertTrue(onlyMessage(to, raw, from).contains(" with ESMTP id "));
    }

    @Test
    void oneMessageForTwoAccountsAndAnAliasReachesEachMailbox() throws Exception {
        String first = Accounts.create("multi-a");
        String second = Accounts.create("multi-b");
        String third = Accounts.create("multi-c");
        String alias = "alias-" + System.nanoTime() + "@" + Server.LOCAL_DOMAIN;
        Accounts.alias(alias, third);
        String from = "list@remote.example";
        byte[] raw = message(from, first, "multi-" + System.nanoTime());
        Properties p = props("smtp", Server.SMTP_PORT);
        p.put("mail.smtp.from", from);
        send("smtp", p, null, raw, first, second, alias);
        for (String account : List.of(first, second, third)) {
            String trace = onlyMessage(account, raw, from);
            // Several recipients: the Received header names none of them (no Bcc disclosure).
            assertTrue(!trace.contains("\tfor <"), trace);
        }
    }

    /**
     * RFC 2920: a whole transaction in one packet, with the null reverse path and a source route
     * (accepted, route ignored: RFC 5321 section 3.6.1, seed 002); one unknown recipient among them.
     */
    @Test
    void aPipelinedTransactionWithNullSenderAndSourceRouteIsDelivered() throws Exception {
        String to = Accounts.create("pipelined");
        byte[] raw = message("mailer-daemon@remote.example", to, "pipelined-" + System.nanoTime());
        try (SmtpSocket smtp = SmtpSocket.plain(Server.SMTP_PORT)) {
            assertTrue(smtp.command("EHLO client.e2e.test").contains("\n250-PIPELINING"));
            smtp.write("MAIL FROM:<>\r\n"
                    + "RCPT TO:<@relay1.example,@relay2.example:" + to + ">\r\n"
                    + "RCPT TO:<nobody-" + System.nanoTime() + "@" + Server.LOCAL_DOMAIN + ">\r\n"
                    + "DATA\r\n");
            SmtpSocket.expect("250 2.1.0 ", smtp.reply());
            SmtpSocket.expect("250 2.1.5 ", smtp.reply());
            SmtpSocket.expect("550 5.1.1 ", smtp.reply());
            SmtpSocket.expect("354 ", smtp.reply());
            smtp.write(new String(raw, StandardCharsets.ISO_8859_1).replace("\r\n.", "\r\n..") + ".\r\nQUIT\r\n");
            SmtpSocket.expect("250 2.0.0 ", smtp.reply());
            SmtpSocket.expect("221 2.0.0 ", smtp.reply());
        }
        onlyMessage(to, raw, "");
    }

    /** Concurrent deliveries into one mailbox: each gets 250 and its own entry with a unique UIDL. */
    @Test
    void concurrentConnectionsDeliveringToOneMailboxAllSucceed() throws Exception {
        String to = Accounts.create("contended");
        int connections = 8;
        int perConnection = 5;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int connection = c;
                results.add(pool.submit(() -> {
                    List<String> replies = new ArrayList<>();
                    try (SmtpSocket smtp = SmtpSocket.plain(Server.SMTP_PORT)) {
                        SmtpSocket.expect("250", smtp.command("EHLO client.e2e.test"));
                        for (int i = 0; i < perConnection; i++) {
                            replies.add(smtp.send("busy@remote.example",
                                    "Subject: contended " + connection + "." + i + "\r\n\r\nbody\r\n", to));
                        }
                    }
                    return replies;
                }));
            }
            for (Future<List<String>> result : results) {
                for (String reply : result.get(120, TimeUnit.SECONDS)) {
                    SmtpSocket.expect("250 2.0.0 ", reply);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        try (Pop3Client pop = Pop3Client.login(to, Accounts.PASSWORD)) {
            assertEquals(connections * perConnection, pop.count());
            assertEquals(connections * perConnection, new HashSet<>(pop.uidl()).size(), "UIDLs are unique");
        }
    }
}
