package dev.maildock.e2e;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * isync's mbsync (Debian's isync package, see scripts/install-test-deps) keeping a Maildir and an
 * account in two-way sync over the IMAP port: every folder comes down with its messages, local
 * changes (a message read, one deleted, one added, a new folder) go up, server changes (an SMTP
 * delivery, a flag set and an expunge over IMAP) come down again, and a sync without changes
 * changes nothing. Once in clear on loopback with LOGIN, once with STARTTLS (trusting exactly the
 * server's certificate) and SASL PLAIN. Every failure shows mbsync's output of the whole test.
 */
class MbsyncIT {

    private static final Path MBSYNC = Path.of("/usr/bin/mbsync");
    /** mbsync's header for finding a message it copied again (its "transaction UID"). */
    private static final Pattern TUID = Pattern.compile("(?m)^X-TUID: [^\r\n]*\r\n");

    @TempDir
    Path home;

    private final StringBuilder transcript = new StringBuilder();

    @Test
    void plainLoginOnLoopback() throws Exception {
        twoWaySync("SSLType None\nAuthMechs LOGIN\n");
    }

    @Test
    void startTlsWithSaslPlain() throws Exception {
        Path certificate = Files.writeString(home.resolve("server.pem"), serverCertificate());
        twoWaySync("SSLType STARTTLS\nSystemCertificates no\nCertificateFile \"" + certificate + "\"\n");
        assertTrue(transcript.indexOf("Connection is now encrypted") >= 0
                && transcript.indexOf("Authenticating with SASL mechanism PLAIN") >= 0, transcript::toString);
    }

    private void twoWaySync(String security) throws Exception {
        assertTrue(Files.isExecutable(MBSYNC), MBSYNC + " is installed (scripts/install-test-deps)");
        String user = Mail.newAccount("mbsync");
        byte[] one = Mail.message(user, "inbox one", "first", ".a line with a leading dot");
        byte[] two = Mail.message(user, "inbox two", "second");
        byte[] large = Mail.message(user, "inbox large", Collections.nCopies(4000, "x".repeat(76)).toArray(String[]::new));
        Mail.deliver(user, one);
        Mail.deliver(user, two);
        Mail.deliver(user, large);
        byte[] plan = Mail.message(user, "project plan", "the plan");
        byte[] alpha = Mail.message(user, "alpha notes", "nested folder");
        appendOnServer(user, "Projects", plan);
        appendOnServer(user, "Projects/Alpha", alpha);

        Maildir maildir = new Maildir(Files.createDirectories(home.resolve("Mail")));
        Path config = writeConfig(user, security, maildir);

        // First sync: every folder arrives with its messages as they are stored.
        mbsync(config);
        assertEquals(Set.of("INBOX", "Drafts", "Sent", "Trash", "Projects", "Projects/Alpha"),
                maildir.folders().keySet(), transcript::toString);
        Map<String, Path> inbox = maildir.messages("INBOX");
        assertEquals(Set.of("inbox one", "inbox two", "inbox large"), inbox.keySet(), transcript::toString);
        assertDelivered(one, inbox.get("inbox one"));
        assertDelivered(large, inbox.get("inbox large"));
        assertEquals(octets(plan), text(maildir.messages("Projects").get("project plan")), transcript::toString);
        assertEquals(octets(alpha), text(maildir.messages("Projects/Alpha").get("alpha notes")), transcript::toString);
        assertInSync(user, maildir);

        // Local changes: read one, delete one, add one to a folder, make a new folder with a message.
        Maildir.markSeen(inbox.get("inbox one"));
        Files.delete(inbox.get("inbox two"));
        byte[] local = "Subject: written locally\nFrom: <me@e2e.test>\n\nfrom the Maildir\n".getBytes(StandardCharsets.US_ASCII);
        maildir.add("Projects", "1000000001.e2e1.localhost", local);
        byte[] archived = "Subject: archived\nFrom: <me@e2e.test>\n\nin a new folder\n".getBytes(StandardCharsets.US_ASCII);
        maildir.add("Archive 2026", "1000000002.e2e2.localhost", archived);
        mbsync(config);
        Map<String, Map<String, String>> server = serverView(user);
        assertEquals(Map.of("inbox one", "S", "inbox large", ""), flagsOf(server.get("INBOX")),
                () -> "seen went up and the deleted message is expunged\n" + transcript);
        assertEquals(crlf(local), content(server.get("Projects").get("written locally")), transcript::toString);
        assertEquals(Set.of("archived"), server.get("Archive 2026").keySet(), transcript::toString);
        assertEquals(crlf(archived), content(server.get("Archive 2026").get("archived")), transcript::toString);
        assertInSync(user, maildir);

        // Server changes: a delivery over SMTP, \Flagged set and a message expunged over IMAP.
        byte[] three = Mail.message(user, "inbox three", "third");
        Mail.deliver(user, three);
        flagOnServer(user, "Projects", "project plan", Flags.Flag.FLAGGED);
        flagOnServer(user, "INBOX", "inbox large", Flags.Flag.DELETED);
        mbsync(config);
        assertEquals(Set.of("inbox one", "inbox three"), maildir.messages("INBOX").keySet(), transcript::toString);
        assertDelivered(three, maildir.messages("INBOX").get("inbox three"));
        assertEquals("F", Maildir.flags(maildir.messages("Projects").get("project plan")), transcript::toString);
        assertInSync(user, maildir);

        // Nothing changed: a sync that copies or renames nothing (UIDs and flags held steady).
        Map<String, Map<String, Path>> before = messageFiles(maildir);
        mbsync(config);
        assertEquals(before, messageFiles(maildir), transcript::toString);
    }

    /** The server's certificate in PEM, as IMAPS presents it (STARTTLS on the IMAP port uses the same keystore). */
    private static String serverCertificate() throws Exception {
        try (SSLSocket socket = (SSLSocket) Server.trustAllTls().getSocketFactory().createSocket("127.0.0.1", Server.IMAPS_PORT)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            Certificate certificate = socket.getSession().getPeerCertificates()[0];
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        }
    }

    private Path writeConfig(String user, String security, Maildir maildir) throws IOException {
        String config = "IMAPAccount maildock\n"
                + "Host 127.0.0.1\n"
                + "Port " + Server.IMAP_PORT + "\n"
                + "User \"" + user + "\"\n"
                + "Pass \"" + Mail.PASSWORD + "\"\n"
                + security
                + "Timeout 60\n\n"
                + "IMAPStore server\nAccount maildock\n\n"
                + "MaildirStore local\n"
                + "Path \"" + maildir.root() + "/\"\n"
                + "Inbox \"" + maildir.root().resolve("INBOX") + "\"\n"
                + "SubFolders Verbatim\n\n"
                + "Channel mail\nFar :server:\nNear :local:\n"
                + "Patterns *\nCreate Both\nExpunge Both\nSyncState *\n";
        return Files.writeString(home.resolve("mbsyncrc"), config);
    }

    /** Runs {@code mbsync -a}; its output joins the transcript every failure message shows. */
    private void mbsync(Path config) throws IOException, InterruptedException {
        Path log = home.resolve("mbsync.log");
        ProcessBuilder builder = new ProcessBuilder(MBSYNC.toString(), "-V", "-c", config.toString(), "-a")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        transcript.append("--- mbsync -a\n").append(Files.readString(log));
        if (!finished) {
            fail("mbsync did not finish in 120 s\n" + transcript);
        }
        assertEquals(0, process.exitValue(), transcript::toString);
    }

    /** The Maildir copy is the message the server received over SMTP, after the server's trace headers. */
    private void assertDelivered(byte[] sent, Path file) throws IOException {
        String text = text(file);
        assertTrue(text.startsWith("Return-Path: <" + Mail.SENDER + ">\r\nReceived: ") && text.endsWith(octets(sent)),
                () -> file + ":\n" + text + "\n" + transcript);
    }

    /** Every folder holds the same messages (see comparable) with the same flags on both sides. */
    private void assertInSync(String user, Maildir maildir) throws Exception {
        Map<String, Map<String, String>> local = new TreeMap<>();
        for (Map.Entry<String, Map<String, Path>> folder : messageFiles(maildir).entrySet()) {
            Map<String, String> messages = new TreeMap<>();
            for (Map.Entry<String, Path> m : folder.getValue().entrySet()) {
                messages.put(m.getKey(), Maildir.flags(m.getValue()) + "\n" + text(m.getValue()));
            }
            local.put(folder.getKey(), messages);
        }
        assertEquals(serverView(user), local, transcript::toString);
    }

    /** Every folder's message files by Subject. */
    private static Map<String, Map<String, Path>> messageFiles(Maildir maildir) throws IOException {
        Map<String, Map<String, Path>> files = new TreeMap<>();
        for (String folder : maildir.folders().keySet()) {
            files.put(folder, maildir.messages(folder));
        }
        return files;
    }

    /** Every folder of the account: each message by Subject as its Maildir flag letters, LF, {@link #comparable} content. */
    private static Map<String, Map<String, String>> serverView(String user) throws Exception {
        Store store = store(user);
        try {
            Map<String, Map<String, String>> view = new TreeMap<>();
            for (Folder folder : store.getDefaultFolder().list("*")) {
                folder.open(Folder.READ_ONLY);
                Map<String, String> messages = new TreeMap<>();
                for (Message m : folder.getMessages()) {
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    m.writeTo(raw);
                    messages.put(Maildir.subject(raw.toByteArray()), letters(m.getFlags()) + "\n" + comparable(octets(raw.toByteArray())));
                }
                folder.close(false);
                view.put(folder.getFullName(), messages);
            }
            return view;
        } finally {
            store.close();
        }
    }

    private static Map<String, String> flagsOf(Map<String, String> messages) {
        Map<String, String> flags = new TreeMap<>();
        messages.forEach((subject, m) -> flags.put(subject, m.substring(0, m.indexOf('\n'))));
        return flags;
    }

    private static String content(String message) {
        return message.substring(message.indexOf('\n') + 1);
    }

    /** IMAP system flags as maildir(5) info letters, in ASCII order as mbsync writes them. */
    private static String letters(Flags flags) {
        return (flags.contains(Flags.Flag.DRAFT) ? "D" : "") + (flags.contains(Flags.Flag.FLAGGED) ? "F" : "")
                + (flags.contains(Flags.Flag.ANSWERED) ? "R" : "") + (flags.contains(Flags.Flag.SEEN) ? "S" : "")
                + (flags.contains(Flags.Flag.DELETED) ? "T" : "");
    }

    private static void appendOnServer(String user, String folderName, byte[] message) throws Exception {
        Store store = store(user);
        try {
            Folder folder = store.getFolder(folderName);
            if (!folder.exists()) {
                assertTrue(folder.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS), "created " + folderName);
            }
            folder.appendMessages(new Message[] {new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message))});
        } finally {
            store.close();
        }
    }

    /** Sets a flag on a message over IMAP; one set \Deleted is expunged by the CLOSE. */
    private static void flagOnServer(String user, String folderName, String subject, Flags.Flag flag) throws Exception {
        Store store = store(user);
        try {
            Folder folder = store.getFolder(folderName);
            folder.open(Folder.READ_WRITE);
            for (Message m : folder.getMessages()) {
                if (subject.equals(m.getSubject())) {
                    m.setFlag(flag, true);
                }
            }
            folder.close(true);
        } finally {
            store.close();
        }
    }

    private static Store store(String user) throws Exception {
        Store store = Session.getInstance(Mail.clientProperties("imap", Server.IMAP_PORT)).getStore("imap");
        store.connect(user, Mail.PASSWORD);
        return store;
    }

    /** A Maildir file's message in the form IMAP carries it: mbsync writes LF line ends into a Maildir. */
    private static String text(Path file) throws IOException {
        return comparable(crlf(Files.readAllBytes(file)));
    }

    /** A message without the X-TUID header mbsync adds to every copy it makes, so both sides compare octet for octet. */
    private static String comparable(String message) {
        return TUID.matcher(message).replaceFirst("");
    }

    private static String crlf(byte[] lfMessage) {
        return octets(lfMessage).replace("\n", "\r\n");
    }

    /** One char per octet (ISO-8859-1), so equal strings are equal octets. */
    private static String octets(byte[] message) {
        return new String(message, StandardCharsets.ISO_8859_1);
    }
}
