package dev.maildock.e2e;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The POP3 ports with the clients people use: Angus Mail's POP3 provider (pop3, pop3s, pop3 with
 * STLS required) and Python's poplib (plain, STLS, POP3_SSL), each reading mail delivered over SMTP.
 */
class Pop3ClientsIT {

    @Test
    void angusMailPop3ReadsAndDeletes() throws Exception {
        angus("pop3", Server.POP3_PORT, false);
    }

    @Test
    void angusMailPop3s() throws Exception {
        angus("pop3s", Server.POP3S_PORT, false);
    }

    @Test
    void angusMailPop3WithRequiredStls() throws Exception {
        angus("pop3", Server.POP3_PORT, true);
    }

    private static void angus(String protocol, int port, boolean stls) throws Exception {
        String user = Mail.newAccount("angus-" + protocol + (stls ? "-stls" : ""));
        byte[] first = Mail.message(user, "first via " + protocol, "Hello,", ".dotted line", "bye");
        Mail.deliver(user, first);
        Mail.deliver(user, Mail.message(user, "second via " + protocol, "second body"));

        Properties p = Mail.clientProperties(protocol, port);
        if (stls) {
            p.put("mail.pop3.starttls.enable", "true");
            p.put("mail.pop3.starttls.required", "true");
        }
        Session session = Session.getInstance(p);
        List<String> uids = new ArrayList<>();
        Store store = session.getStore(protocol);
        store.connect(user, Mail.PASSWORD);
        try {
            POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            assertEquals(2, inbox.getMessageCount());
            Message[] messages = inbox.getMessages();
            assertEquals("first via " + protocol, messages[0].getSubject());
            assertEquals("second via " + protocol, messages[1].getSubject());
            assertEquals("Hello,\r\n.dotted line\r\nbye\r\n", messages[0].getContent());
            assertEquals("<" + Mail.SENDER + ">", messages[0].getHeader("Return-Path")[0]);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            messages[0].writeTo(raw);
            assertTrue(new String(raw.toByteArray(), StandardCharsets.US_ASCII).endsWith(new String(first, StandardCharsets.US_ASCII)),
                    "the sent message ends the retrieved one");
            assertEquals(raw.size(), inbox.getSizes()[0], "the LIST size is the retrieved size");
            for (Message m : messages) {
                uids.add(inbox.getUID(m));
            }
            messages[0].setFlag(Flags.Flag.DELETED, true);
            inbox.close(true); // QUIT: UPDATE
        } finally {
            store.close();
        }

        store = session.getStore(protocol);
        store.connect(user, Mail.PASSWORD);
        try {
            POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertEquals(1, inbox.getMessageCount());
            MimeMessage left = (MimeMessage) inbox.getMessage(1);
            assertEquals("second via " + protocol, left.getSubject());
            assertEquals(uids.get(1), inbox.getUID(left), "UIDL stable after the deletion");
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void pythonPoplibPlain() throws Exception {
        python("plain");
    }

    @Test
    void pythonPoplibStls() throws Exception {
        python("stls");
    }

    @Test
    void pythonPoplibSsl() throws Exception {
        python("ssl");
    }

    private static final String POPLIB = """
            import poplib, ssl, sys
            mode, port, tls_port, user, password = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            if mode == "ssl":
                p = poplib.POP3_SSL("127.0.0.1", tls_port, context=ctx, timeout=30)
            else:
                p = poplib.POP3("127.0.0.1", port, timeout=30)
                if mode == "stls":
                    p.stls(context=ctx)
            caps = p.capa()
            print("capa", " ".join(sorted(caps)))
            p.user(user)
            p.pass_(password)
            count, octets = p.stat()
            print("stat", count, octets)
            resp, listing, _ = p.list()
            sizes = [int(l.split()[1]) for l in listing]
            resp, lines, octs = p.retr(1)
            body = b"\\r\\n".join(lines) + b"\\r\\n"
            print("retr", len(body), sizes[0], b".dotted" in body, body.startswith(b"Return-Path: <sender@example.net>"))
            resp, uidls, _ = p.uidl()
            print("uidl", len(uidls))
            p.dele(1)
            print("quit", p.quit().decode())
            p = poplib.POP3_SSL("127.0.0.1", tls_port, context=ctx, timeout=30) if mode == "ssl" else poplib.POP3("127.0.0.1", port, timeout=30)
            if mode == "stls":
                p.stls(context=ctx)
            p.user(user)
            p.pass_(password)
            print("after", p.stat()[0])
            p.quit()
            """;

    private static void python(String mode) throws Exception {
        String user = Mail.newAccount("poplib-" + mode);
        Mail.deliver(user, Mail.message(user, "poplib " + mode, "hello", ".dotted", "bye"));
        Mail.deliver(user, Mail.message(user, "poplib 2 " + mode, "second"));
        Process process = new ProcessBuilder("python3", "-c", POPLIB, mode, Integer.toString(Server.POP3_PORT),
                Integer.toString(Server.POP3S_PORT), user, Mail.PASSWORD).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "poplib finished");
        assertEquals(0, process.exitValue(), output);
        List<String> lines = output.lines().toList();
        assertEquals(6, lines.size(), output);
        assertTrue(lines.get(0).contains("UIDL") && lines.get(0).contains("TOP")
                && lines.get(0).contains("STLS") == mode.equals("plain"), output);
        assertTrue(lines.get(1).startsWith("stat 2 "), output);
        // poplib undoes the byte-stuffing; the retrieved length is LIST's size.
        String[] retr = lines.get(2).split(" ");
        assertEquals(retr[1], retr[2], "RETR octets = LIST size: " + output);
        assertEquals("True", retr[3], output);
        assertEquals("True", retr[4], output);
        assertEquals("uidl 2", lines.get(3), output);
        assertEquals("quit +OK Maildock POP3 server signing off (1 messages left)", lines.get(4), output);
        assertEquals("after 1", lines.get(5), output);
    }
}
