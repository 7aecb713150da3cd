package dev.maildock.ejb.imap;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailboxNamesTest {

    @Test
    void inboxIsCaseInsensitiveAlsoAsTheFirstLevel() {
        assertEquals("INBOX", MailboxNames.folderName("inbox"));
        assertEquals("INBOX/Lists", MailboxNames.folderName("InBox/Lists"));
        assertEquals("Inboxes", MailboxNames.folderName("Inboxes"));
        assertEquals("work", MailboxNames.folderName("work/"), "CREATE's trailing delimiter");
    }

    @Test
    void creatableNamesHaveNoEmptyLevelNoWildcardAndNoStandardName() {
        assertTrue(MailboxNames.creatable("work/2026"));
        assertTrue(MailboxNames.creatable("Grüße"));
        assertFalse(MailboxNames.creatable("a//b"));
        assertFalse(MailboxNames.creatable("/a"));
        assertFalse(MailboxNames.creatable("a%"));
        assertFalse(MailboxNames.creatable("a*b"));
        assertFalse(MailboxNames.creatable("trash"));
        assertFalse(MailboxNames.creatable("tab\there"));
        assertFalse(MailboxNames.creatable("x".repeat(201)));
    }

    @Test
    void superiorsOutermostFirst() {
        assertEquals(List.of("a", "a/b"), MailboxNames.superiors("a/b/c"));
        assertEquals(List.of(), MailboxNames.superiors("a"));
    }

    @Test
    void inferiorsPatternEscapesLikeWildcards() {
        assertEquals("50\\%\\_off/%", MailboxNames.inferiorsPattern("50%_off"));
    }
}
