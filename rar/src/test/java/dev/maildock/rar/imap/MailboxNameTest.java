package dev.maildock.rar.imap;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MailboxNameTest {

    @Test
    void theRfc3501ExampleBothWays() {
        String utf8 = "~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e";
        assertEquals(utf8, MailboxName.decodeUtf7("~peter/mail/&U,BTFw-/&ZeVnLIqe-"));
        assertEquals("~peter/mail/&U,BTFw-/&ZeVnLIqe-", MailboxName.encodeUtf7(utf8));
    }

    @Test
    void roundTrips() {
        String[] names = {"", "INBOX", "a&b", "&", "caf\u00e9", "\u00e9t\u00e9", "Entw\u00fcrfe/Gesendete", "\ud83d\udce7 mail",
            "\u0001ctl", "&-&", "/\u00e9/"};
        for (String name : names) {
            assertEquals(name, MailboxName.decodeUtf7(MailboxName.encodeUtf7(name)), name);
        }
        assertEquals("a&-b", MailboxName.encodeUtf7("a&b"));
    }

    @Test
    void invalidModifiedUtf7IsRefused() {
        String[] bad = {"&Jjo", "&Jjo!-", "caf\u00e9", "&AGE-", "&U,BTF-", "&Jj/-", "&A-", "&2D0-", "tab\there"};
        for (String name : bad) {
            assertThrows(IllegalArgumentException.class, () -> MailboxName.decodeUtf7(name), name);
        }
    }

    @Test
    void inboxInAnyCaseIsTheInbox() {
        assertEquals("INBOX", MailboxName.normalize("InBoX"));
        assertEquals("InBoX/sub", MailboxName.normalize("InBoX/sub"));
    }
}
