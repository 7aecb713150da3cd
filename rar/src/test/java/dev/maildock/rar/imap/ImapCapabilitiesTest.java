package dev.maildock.rar.imap;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImapCapabilitiesTest {

    private final ImapCapabilities capabilities = new ImapCapabilities(52_428_800);

    @Test
    void beforeLoginOnPlaintextWhereNoPasswordMayBeSent() {
        // RFC 9051 section 6.2.1's example: STARTTLS and LOGINDISABLED before TLS.
        assertEquals(List.of("IMAP4rev1", "IMAP4rev2", "LITERAL+", "ID", "STARTTLS", "LOGINDISABLED"),
                capabilities.beforeLogin(false, true, false));
        assertEquals(List.of("IMAP4rev1", "IMAP4rev2", "LITERAL+", "ID", "LOGINDISABLED"),
                capabilities.beforeLogin(false, false, false), "no STARTTLS without a certificate");
    }

    @Test
    void beforeLoginWhereAPasswordMayBeSentTheMechanismsAreOffered() {
        assertEquals(List.of("IMAP4rev1", "IMAP4rev2", "LITERAL+", "ID", "AUTH=PLAIN", "AUTH=LOGIN", "SASL-IR"),
                capabilities.beforeLogin(true, true, true), "over TLS: no STARTTLS any more");
        assertEquals(List.of("IMAP4rev1", "IMAP4rev2", "LITERAL+", "ID", "STARTTLS", "AUTH=PLAIN", "AUTH=LOGIN",
                "SASL-IR"), capabilities.beforeLogin(false, true, true), "a local client in clear");
    }

    @Test
    void afterLoginTheWholeListAndNothingAboutLoggingIn() {
        List<String> all = capabilities.afterLogin();
        assertEquals(List.of("IMAP4rev1", "IMAP4rev2", "LITERAL+", "ID", "ENABLE", "IDLE", "NAMESPACE", "UIDPLUS",
                "MOVE", "SPECIAL-USE", "CREATE-SPECIAL-USE", "LIST-EXTENDED", "LIST-STATUS", "QUOTA",
                "QUOTA=RES-STORAGE", "CONDSTORE", "QRESYNC", "ESEARCH", "SEARCHRES", "UNSELECT", "CHILDREN", "SASL-IR",
                "STATUS=SIZE", "APPENDLIMIT=52428800", "BINARY", "MULTIAPPEND", "UTF8=ACCEPT"), all);
        assertFalse(all.contains("STARTTLS") || all.contains("LOGINDISABLED") || all.contains("AUTH=PLAIN"));
    }

    @Test
    void enableTurnsOnWhatItKnowsAndReportsEachOnce() {
        EnabledExtensions enabled = new EnabledExtensions();
        assertFalse(enabled.utf8());
        // RFC 5161 section 4's example asks for CONDSTORE and an unknown X-GOOD-IDEA.
        assertEquals(List.of("CONDSTORE"), enabled.enable(List.of("CONDSTORE", "X-GOOD-IDEA")));
        assertTrue(enabled.condstore());
        assertEquals(List.of("IMAP4rev2"), enabled.enable(List.of("imap4rev2", "condstore")));
        assertTrue(enabled.imap4rev2());
        assertTrue(enabled.utf8(), "IMAP4rev2 names mailboxes in UTF-8");
        assertEquals(List.of(), enabled.enable(List.of("IMAP4rev2")));
    }

    @Test
    void utf8AcceptAndCondstoreByUse() {
        EnabledExtensions enabled = new EnabledExtensions();
        assertEquals(List.of("UTF8=ACCEPT"), enabled.enable(List.of("utf8=accept")));
        assertTrue(enabled.utf8());
        assertFalse(enabled.imap4rev2());
        assertTrue(enabled.useCondstore(), "first CONDSTORE-enabling command: HIGHESTMODSEQ in its OK");
        assertFalse(enabled.useCondstore());
        assertEquals(List.of(), enabled.enable(List.of("CONDSTORE")));
    }
}
