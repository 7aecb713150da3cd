package dev.maildock.e2e;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.MailEvent;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.MessageVanishedEvent;
import org.eclipse.angus.mail.imap.ResyncData;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The IMAP ports with real clients: Angus Mail's IMAP store (imap, imaps, QRESYNC) and Python's imaplib
 * (plain and IMAP4_SSL, IDLE by raw commands), each on mail delivered over SMTP, so the whole
 * chain runs: socket, codec, session, ImapMdb, the services, the database.
 */
class ImapClientsIT {

    @Test
    void angusMailImapReadsFlagsCopiesAndExpunges() throws Exception {
        angus("imap", Server.IMAP_PORT);
    }

    @Test
    void angusMailImaps() throws Exception {
        angus("imaps", Server.IMAPS_PORT);
    }

    @Test
    void pythonImaplibWithIdle() throws Exception {
        python("plain");
    }

    @Test
    void pythonImaplibOverImplicitTls() throws Exception {
        python("ssl");
    }

    /**
     * A phone's reconnect (RFC 7162 QRESYNC) with Angus Mail's {@code open(mode, ResyncData)}: what
     * changed while it was away, through another session and SMTP, comes back in SELECT's answer.
     */
    @Test
    void angusMailResynchronisesWithQresync() throws Exception {
        String user = Mail.newAccount("angus-qresync");
        for (int i = 1; i <= 3; i++) {
            Mail.deliver(user, Mail.message(user, "message " + i, "body"));
        }
        Properties p = Mail.clientProperties("imap", Server.IMAP_PORT);
        Store phone = Session.getInstance(p).getStore("imap");
        Store desktop = Session.getInstance(p).getStore("imap");
        phone.connect(user, Mail.PASSWORD);
        desktop.connect(user, Mail.PASSWORD);
        try {
            IMAPFolder inbox = (IMAPFolder) phone.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE, ResyncData.CONDSTORE);
            long uidValidity = inbox.getUIDValidity();
            long modSeq = inbox.getHighestModSeq();
            long[] uids = {inbox.getUID(inbox.getMessage(1)), inbox.getUID(inbox.getMessage(2)),
                    inbox.getUID(inbox.getMessage(3))};
            inbox.close(false);

            // Away: the desktop flags message 2 and expunges message 1; a fourth arrives.
            Folder elsewhere = desktop.getFolder("INBOX");
            elsewhere.open(Folder.READ_WRITE);
            elsewhere.getMessage(2).setFlag(Flags.Flag.FLAGGED, true);
            elsewhere.getMessage(1).setFlag(Flags.Flag.DELETED, true);
            elsewhere.close(true);
            Mail.deliver(user, Mail.message(user, "message 4", "body"));

            List<MailEvent> events = inbox.open(Folder.READ_WRITE, new ResyncData(uidValidity, modSeq));
            List<Long> vanished = events.stream().filter(MessageVanishedEvent.class::isInstance)
                    .flatMap(e -> Arrays.stream(((MessageVanishedEvent) e).getUIDs()).boxed()).toList();
            assertEquals(List.of(uids[0]), vanished, "VANISHED (EARLIER)");
            List<Long> changed = new ArrayList<>();
            for (MailEvent event : events) {
                if (event instanceof MessageChangedEvent change) {
                    changed.add(inbox.getUID(change.getMessage()));
                }
            }
            assertTrue(changed.contains(uids[1]), "the flag change: " + changed);
            assertEquals(3, inbox.getMessageCount());
            assertTrue(inbox.getMessageByUID(uids[1]).isSet(Flags.Flag.FLAGGED));
            assertTrue(inbox.getHighestModSeq() > modSeq);
            inbox.close(false);
        } finally {
            phone.close();
            desktop.close();
        }
    }

    private static void angus(String protocol, int port) throws Exception {
        String user = Mail.newAccount("angus-" + protocol);
        Mail.deliver(user, Mail.message(user, "first via " + protocol, "Hello,", "bye"));
        Mail.deliver(user, multipart(user, "second via " + protocol));

        Properties p = Mail.clientProperties(protocol, port);
        Store store = Session.getInstance(p).getStore(protocol);
        store.connect(user, Mail.PASSWORD);
        try {
            List<String> names = Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName).toList();
            assertTrue(names.containsAll(List.of("INBOX", "Sent", "Drafts", "Trash")), names.toString());
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            assertEquals(2, inbox.getMessageCount());
            Message[] messages = inbox.getMessages();
            assertEquals("first via " + protocol, messages[0].getSubject());
            assertEquals("Hello,\r\nbye\r\n", messages[0].getContent());
            assertEquals("second via " + protocol, messages[1].getSubject());
            // BODYSTRUCTURE and a part fetched by section (BODY[1], BODY[2]).
            MimeMultipart parts = (MimeMultipart) messages[1].getContent();
            assertEquals(2, parts.getCount());
            // The CRLF before a boundary belongs to the delimiter (RFC 2046 section 5.1.1).
            assertEquals("the text part", parts.getBodyPart(0).getContent());
            assertTrue(parts.getBodyPart(1).isMimeType("application/octet-stream"));
            assertEquals("attached", new String(parts.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.US_ASCII));

            long uid = ((UIDFolder) inbox).getUID(messages[0]);
            messages[0].setFlag(Flags.Flag.FLAGGED, true);
            inbox.copyMessages(new Message[] {messages[0]}, store.getFolder("Trash"));
            messages[0].setFlag(Flags.Flag.DELETED, true);
            inbox.close(true); // CLOSE: expunge

            inbox.open(Folder.READ_ONLY);
            assertEquals(1, inbox.getMessageCount());
            assertEquals("second via " + protocol, inbox.getMessage(1).getSubject());
            assertEquals(null, ((UIDFolder) inbox).getMessageByUID(uid), "the expunged UID is gone");
            inbox.close(false);

            Folder trash = store.getFolder("Trash");
            trash.open(Folder.READ_ONLY);
            assertEquals(1, trash.getMessageCount());
            assertEquals("first via " + protocol, trash.getMessage(1).getSubject());
            assertTrue(trash.getMessage(1).isSet(Flags.Flag.FLAGGED), "COPY keeps the flags");
            trash.close(false);
        } finally {
            store.close();
        }
    }

    private static byte[] multipart(String to, String subject) {
        String message = "From: <" + Mail.SENDER + ">\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nthe text part\r\n"
                + "--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "YXR0YWNoZWQ=\r\n--b1--\r\n";
        return message.getBytes(StandardCharsets.US_ASCII);
    }

    private static final String IMAPLIB = """
            import imaplib, smtplib, ssl, sys, time
            mode, port, tls_port, smtp_port, user, password = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            m = imaplib.IMAP4_SSL("127.0.0.1", tls_port, ssl_context=ctx, timeout=30) if mode == "ssl" else imaplib.IMAP4("127.0.0.1", port, timeout=30)
            print("caps", "IMAP4REV2" in m.capabilities and "IMAP4REV1" in m.capabilities)
            m.login(user, password)
            typ, boxes = m.list()
            print("list", typ, any(b'"INBOX"' in b or b" INBOX" in b for b in boxes))
            typ, data = m.select("INBOX")
            print("select", typ, data[0].decode())
            typ, data = m.fetch("1", "(UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
            print("fetch", typ, data[0][1].decode().strip())
            typ, data = m.search(None, "SUBJECT", "imaplib")
            print("search", typ, data[0].decode())
            typ, data = m.store("1", "+FLAGS", "(\\\\Flagged)")
            print("store", typ, "\\\\Flagged" in data[0].decode())
            typ, data = m.append("Sent", "(\\\\Seen)", None, b"Subject: appended\\r\\n\\r\\nbody\\r\\n")
            print("append", typ, "APPENDUID" in data[0].decode())
            tag = m._new_tag().decode()
            m.send(f"{tag} IDLE\\r\\n".encode())
            print("idle", m.readline().decode().strip()[:1])
            s = smtplib.SMTP("127.0.0.1", smtp_port, timeout=30)
            s.sendmail("sender@example.net", [user], "Subject: during idle\\r\\n\\r\\nx\\r\\n")
            s.quit()
            t0 = time.time()
            print("idle-update", m.readline().decode().strip(), time.time() - t0 < 5)
            # imaplib is an IMAP4rev1 client: RECENT comes with EXISTS (RFC 3501 section 7.3.2).
            print("idle-recent", m.readline().decode().strip())
            m.send(b"DONE\\r\\n")
            print("idle-done", m.readline().decode().split()[1])
            typ, data = m.fetch("2", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
            print("fetch2", data[0][1].decode().strip())
            m.logout()
            print("logout")
            """;

    private static void python(String mode) throws Exception {
        String user = Mail.newAccount("imaplib-" + mode);
        Mail.deliver(user, Mail.message(user, "imaplib " + mode, "hello"));
        Process process = new ProcessBuilder("python3", "-c", IMAPLIB, mode, Integer.toString(Server.IMAP_PORT),
                Integer.toString(Server.IMAPS_PORT), Integer.toString(Server.SMTP_PORT), user, Mail.PASSWORD)
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "imaplib finished");
        assertEquals(0, process.exitValue(), output);
        List<String> lines = output.lines().toList();
        assertEquals(List.of("caps True", "list OK True", "select OK 1", "fetch OK Subject: imaplib " + mode,
                "search OK 1", "store OK True", "append OK True", "idle +", "idle-update * 2 EXISTS True",
                "idle-recent * 2 RECENT", "idle-done OK", "fetch2 Subject: during idle", "logout"), lines, output);
    }
}
