package dev.maildock.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A separate in-house application (its own WAR next to maildock.ear, the provider from the
 * maildockProvider shared library) sends and reads mail with plain Jakarta Mail through the
 * {@code mail/maildock} Session: protocol "maildock", Maildock's services, no socket.
 */
class InHouseAppIT {

    @BeforeAll
    static void account() {
        InHouseApp.ensureAccount();
    }

    @Test
    void sendsToALocalAddressThatReadsItBackByteExactWithTraceFields() {
        String to = Mail.newAccount("inhouse-rcpt");
        String subject = "Quarterly report " + System.nanoTime();
        String body = "Hello from the in-house application.\r\nSecond line, exact.\r\n";

        Map<String, String> sent = InHouseApp.call("send", body, "to", to, "subject", subject);
        assertEquals("sent", sent.get("status"), sent.toString());
        assertEquals(to, sent.get("delivered"));
        assertEquals("", sent.get("queued"));
        assertEquals("delivered", sent.get("events"), "TransportEvent messageDelivered");
        assertNotEquals("null", sent.get("sentUid"), "a copy in Sent (mail.maildock.saveSent=true)");

        Map<String, String> read = InHouseApp.call("read", null, "user", to, "password", Mail.PASSWORD,
                "subject", subject);
        assertEquals("1", read.get("found"), read.toString());
        assertEquals(body, new String(Base64.getDecoder().decode(read.get("body64")), StandardCharsets.UTF_8));
        assertEquals("1", read.get("received"), "one Received field, prepended by Maildock");
        assertTrue(read.get("receivedField").contains("by " + Server.HOSTNAME), read.get("receivedField"));
        assertTrue(read.get("receivedField").contains("with LOCAL"), read.get("receivedField"));
        assertTrue(read.get("receivedField").contains(InHouseApp.ACCOUNT), read.get("receivedField"));
        assertEquals("<" + InHouseApp.ACCOUNT + ">", read.get("returnPath"));
        assertEquals(subject, read.get("subject"));
        String[] sizes = read.get("size").split(" written: ");
        assertEquals(sizes[0], sizes[1], "writeTo gives the stored octets, as many as getSize says");

        Map<String, String> again = InHouseApp.call("read", null, "user", to, "password", Mail.PASSWORD,
                "subject", subject);
        assertEquals(read.get("uid"), again.get("uid"), "UIDs are stable across sessions");
        assertEquals(read.get("uidValidity"), again.get("uidValidity"));
        assertTrue(Long.parseLong(read.get("uidValidity")) > 0, read.toString());

        Map<String, String> copy = InHouseApp.call("read", null, "folder", "Sent", "subject", subject);
        assertEquals("1", copy.get("found"), "the sender's Sent folder has the copy: " + copy);
        assertEquals("0", copy.get("received"), "the Sent copy is the message as submitted, without trace fields");
    }

    @Test
    void theSameMessageOverPop3HasTheSameBytesTheStoreGives() throws IOException {
        String to = Mail.newAccount("inhouse-pop");
        String subject = "Both ways " + System.nanoTime();
        assertEquals("sent", InHouseApp.call("send", "Body line\r\n", "to", to, "subject", subject).get("status"));
        byte[] viaPop3 = Pop3Client.messages(to, Mail.PASSWORD).get(0);
        Map<String, String> read = InHouseApp.call("read", null, "user", to, "password", Mail.PASSWORD, "subject", subject);
        assertEquals(String.valueOf(viaPop3.length), read.get("size").split(" ")[0]);
    }

    @Test
    void anAppendedDraftKeepsItsFlagsAcrossSessions() {
        String owner = Mail.newAccount("inhouse-draft");
        String subject = "Draft " + System.nanoTime();
        Map<String, String> r = InHouseApp.call("append", "unfinished\r\n", "user", owner, "password", Mail.PASSWORD,
                "from", owner, "to", owner, "subject", subject);
        assertEquals("1", r.get("found"), r.toString());
        assertEquals("true", r.get("draft"));
        assertEquals("true", r.get("flagged"));
        assertEquals("false", r.get("seen"));
        assertEquals("1", r.get("flaggedSearch"));
    }

    @Test
    void badCredentialsAreAnAuthenticationFailedException() {
        String to = Mail.newAccount("inhouse-bad");
        Map<String, String> r = InHouseApp.call("send-as", "x\r\n", "user", InHouseApp.ACCOUNT,
                "password", "not the password", "to", to, "subject", "never");
        assertEquals("AuthenticationFailedException", r.get("status"), r.toString());

        // The same Session.getInstance(properties, authenticator) way works with the right password.
        Map<String, String> ok = InHouseApp.call("send-as", "x\r\n", "user", InHouseApp.ACCOUNT,
                "password", InHouseApp.PASSWORD, "from", InHouseApp.ACCOUNT, "to", to, "subject", "with properties");
        assertEquals("sent", ok.get("status"), ok.toString());
        assertEquals("1", InHouseApp.call("count", null, "user", to, "password", Mail.PASSWORD).get("messages"));
    }

    @Test
    void anUnknownLocalUserRefusesTheWholeSendWithTheAddressesSorted() {
        String to = Mail.newAccount("inhouse-valid");
        String unknown = "nobody-" + System.nanoTime() + "@" + Server.LOCAL_DOMAIN;
        Map<String, String> r = InHouseApp.call("send", "x\r\n", "to", to + "," + unknown, "subject", "partly unknown");
        assertEquals("SendFailedException", r.get("status"), r.toString());
        assertEquals("", r.get("validSent"));
        assertEquals(to, r.get("validUnsent"));
        assertEquals(unknown, r.get("invalid"));
        assertEquals("notDelivered", r.get("events"));
        assertEquals("0", InHouseApp.call("count", null, "user", to, "password", Mail.PASSWORD).get("messages"),
                "nothing delivered when one recipient is refused");
    }

    @Test
    void aRemoteRecipientIsQueued() {
        String remote = "partner-" + System.nanoTime() + "@remote.example";
        Map<String, String> r = InHouseApp.call("send", "For the partner\r\n", "to", remote, "subject", "outbound");
        assertEquals("sent", r.get("status"), r.toString());
        assertEquals(remote, r.get("queued"));
        assertEquals("", r.get("delivered"));
        assertNotEquals("null", r.get("queueId"));
        assertTrue(r.get("queueStatus").startsWith(remote + " "), "the queue holds the recipient: " + r);
    }

    @Test
    void aSenderAddressNotOwnedIsRefused() {
        String to = Mail.newAccount("inhouse-spoof");
        Map<String, String> r = InHouseApp.call("send", "x\r\n", "from", "ceo@" + Server.LOCAL_DOMAIN, "to", to,
                "subject", "spoofed");
        assertEquals("SendFailedException", r.get("status"), r.toString());
        assertTrue(r.get("message").contains("may not send as"), r.toString());
        assertEquals("0", InHouseApp.call("count", null, "user", to, "password", Mail.PASSWORD).get("messages"));
    }

    /** The SIZE limit SMTP announces (maildock.maxMessageSize, 25 MiB here) holds for the provider too. */
    @Test
    void aMessageOverTheSizeLimitIsRefusedAndNothingIsStored() {
        String to = Mail.newAccount("inhouse-big");
        String line = "x".repeat(998) + "\r\n";
        String body = line.repeat(25 * 1024 * 1024 / line.length() + 1);
        Map<String, String> r = InHouseApp.call("send", body, "to", to, "subject", "too big");
        assertEquals("SendFailedException", r.get("status"), r.toString());
        assertTrue(r.get("message").contains("maildock.maxMessageSize"), r.toString());
        assertEquals(to, r.get("validUnsent"));
        assertEquals("notDelivered", r.get("events"));
        assertEquals("0", InHouseApp.call("count", null, "user", to, "password", Mail.PASSWORD).get("messages"));

        Map<String, String> fits = InHouseApp.call("send", line.repeat(1000), "to", to, "subject", "fits");
        assertEquals("sent", fits.get("status"), fits.toString());
    }

    @Test
    void headerInjectionByTheApplicationIsRefused() {
        String to = Mail.newAccount("inhouse-inj");
        String victim = Mail.newAccount("inhouse-victim");
        Map<String, String> r = InHouseApp.call("send", "x\r\n", "to", to, "subject", "injected",
                "header", "X-Note: hello\r\nBcc: " + victim);
        assertEquals("MessagingException", r.get("status"), r.toString());
        assertTrue(r.get("message").contains("header injection"), r.toString());
        assertEquals("0", InHouseApp.call("count", null, "user", to, "password", Mail.PASSWORD).get("messages"));
        assertEquals("0", InHouseApp.call("count", null, "user", victim, "password", Mail.PASSWORD).get("messages"));
    }

    @Test
    void aMessageMovedToTrashAndExpungedIsGoneFromInboxForPop3Too() throws IOException {
        String owner = Mail.newAccount("inhouse-trash");
        String subject = "Old news " + System.nanoTime();
        InHouseApp.call("send", "1\r\n", "to", owner, "subject", subject);
        InHouseApp.call("send", "2\r\n", "to", owner, "subject", subject);
        InHouseApp.call("send", "3\r\n", "to", owner, "subject", "keep me");

        Map<String, String> r = InHouseApp.call("trash", null, "user", owner, "password", Mail.PASSWORD,
                "subject", subject);
        assertEquals("2", r.get("found"), r.toString());
        assertEquals("3", r.get("inboxBefore"));
        assertEquals("0", r.get("trashBefore"));
        assertEquals("2", r.get("deletedFlagged"));
        assertEquals("2", r.get("expunged"));
        assertEquals("1", r.get("inboxAfter"));
        assertEquals("2", r.get("trashAfter"));
        try (Pop3Client pop = Pop3Client.login(owner, Mail.PASSWORD)) {
            assertEquals(1, pop.count(), "POP3 sees the expunge");
            pop.quit();
        }

        Map<String, String> moved = InHouseApp.call("trash", null, "user", owner, "password", Mail.PASSWORD,
                "subject", "keep me", "how", "move");
        assertEquals("0", moved.get("inboxAfter"), moved.toString());
        assertEquals("3", moved.get("trashAfter"));
    }

    @Test
    void searchBySubjectIsAnsweredByTheServer() {
        String owner = Mail.newAccount("inhouse-search");
        String tag = "tag" + System.nanoTime();
        InHouseApp.call("send", "a\r\n", "to", owner, "subject", "Alpha " + tag);
        InHouseApp.call("send", "b\r\n", "to", owner, "subject", "Beta " + tag);
        InHouseApp.call("send", "c\r\n", "to", owner, "subject", "alpha again " + tag);
        Map<String, String> r = InHouseApp.call("search", null, "user", owner, "password", Mail.PASSWORD,
                "subject", "ALPHA");
        assertEquals("2", r.get("found"), r.toString());
        assertEquals("Alpha " + tag + "|alpha again " + tag, r.get("subjects"));
    }

    @Test
    void aPop3DeletionIsSeenByTheStore() throws IOException {
        String owner = Mail.newAccount("inhouse-dele");
        InHouseApp.call("send", "1\r\n", "to", owner, "subject", "one");
        InHouseApp.call("send", "2\r\n", "to", owner, "subject", "two");
        assertEquals("2", InHouseApp.call("count", null, "user", owner, "password", Mail.PASSWORD).get("messages"));
        try (Pop3Client pop = Pop3Client.login(owner, Mail.PASSWORD)) {
            pop.ok("DELE 1");
            pop.quit();
        }
        Map<String, String> after = InHouseApp.call("count", null, "user", owner, "password", Mail.PASSWORD);
        assertEquals("1", after.get("messages"), after.toString());
        assertEquals("1", after.get("unread"));
    }

    @Test
    void userFoldersAreCreatedListedRenamedAndDeletedWithFolderEvents() {
        String name = "Projects" + System.nanoTime();
        Map<String, String> r = InHouseApp.call("folders", null, "name", name);
        assertEquals("true", r.get("created"), r.toString());
        assertTrue(r.get("all").startsWith("INBOX,Sent,Drafts,Trash"), r.get("all"));
        assertTrue(r.get("all").contains(name), r.get("all"));
        assertTrue(r.get("pattern").contains(name), "Pr% matches " + r);
        assertFalse(r.get("pattern").contains("INBOX"), r.get("pattern"));
        assertEquals("true", r.get("renamed"));
        assertEquals("false", r.get("oldExists"));
        assertEquals("true", r.get("newExists"));
        assertEquals("true", r.get("deleted"));
        assertFalse(r.get("afterDelete").contains(name), r.get("afterDelete"));
        assertEquals("created " + name + ",renamed " + name + " " + name + "-renamed,deleted " + name + "-renamed",
                r.get("events"));
    }

    /**
     * With every SMTP and POP3 listener off (their port variables -1, applied to the running server
     * through configDropins/overrides) the application still sends and reads: no socket is used.
     */
    @Test
    void worksWithMaildocksSmtpAndPop3ListenersDisabled() throws Exception {
        String to = Mail.newAccount("inhouse-nosocket");
        String subject = "No socket " + System.nanoTime();
        try (ConfigOverride off = ConfigOverride.listenersOff()) {
            for (int port : new int[] {Server.SMTP_PORT, Server.SUBMISSION_PORT, Server.SMTPS_PORT, Server.POP3_PORT,
                    Server.POP3S_PORT, Server.IMAP_PORT, Server.IMAPS_PORT}) {
                assertClosed(port);
            }
            Map<String, String> sent = InHouseApp.call("send", "quiet\r\n", "to", to, "subject", subject);
            assertEquals("sent", sent.get("status"), sent.toString());
            Map<String, String> read = InHouseApp.call("read", null, "user", to, "password", Mail.PASSWORD,
                    "subject", subject);
            assertEquals("1", read.get("found"), read.toString());
            assertEquals("quiet\r\n", new String(Base64.getDecoder().decode(read.get("body64")), StandardCharsets.US_ASCII));
            assertClosed(Server.SMTP_PORT);
            assertClosed(Server.POP3_PORT);
        }
        // Listening again for the other tests.
        try (Pop3Client pop = Pop3Client.login(to, Mail.PASSWORD)) {
            assertEquals(1, pop.count());
            pop.quit();
        }
    }

    @Test
    void whenMaildockIsStoppedTheApplicationGetsAClearMessagingException() throws Exception {
        String to = Mail.newAccount("inhouse-stopped");
        try (ConfigOverride stopped = ConfigOverride.maildockStopped()) {
            Map<String, String> sent = InHouseApp.call("send", "x\r\n", "to", to, "subject", "while stopped");
            assertEquals("MessagingException", sent.get("status"), sent.toString());
            assertTrue(sent.get("message").startsWith("Maildock is not available"), sent.toString());
            Map<String, String> count = InHouseApp.call("count", null);
            assertEquals("MessagingException", count.get("status"), count.toString());
            assertTrue(count.get("message").startsWith("Maildock is not available"), count.toString());
        }
        Map<String, String> sent = InHouseApp.call("send", "x\r\n", "to", to, "subject", "started again");
        assertEquals("sent", sent.get("status"), "Maildock back: " + sent);
    }

    static void assertClosed(int port) {
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "port " + port + " is closed");
    }
}
