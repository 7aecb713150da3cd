package dev.maildock.provider;

import dev.maildock.provider.spi.Flag;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.NotTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.ReceivedDateTerm;
import jakarta.mail.search.RecipientStringTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SentDateTerm;
import jakarta.mail.search.SubjectTerm;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Folder patterns, CRLF normalisation and the translation of search terms. */
class SmallPartsTest {

    @Test
    void folderPatternsFollowImapList() {
        assertTrue(FolderPattern.matches("*", "a/b/c", '/'));
        assertTrue(FolderPattern.matches("%", "Projects", '/'));
        assertFalse(FolderPattern.matches("%", "a/b", '/'));
        assertTrue(FolderPattern.matches("Pr%", "Projects", '/'));
        assertFalse(FolderPattern.matches("Pr%", "INBOX", '/'));
        assertTrue(FolderPattern.matches("a.b", "a.b", '/'), "regex characters are literal");
        assertFalse(FolderPattern.matches("a.b", "axb", '/'));
    }

    @Test
    void everyLineEndBecomesCrlf() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CrlfOutputStream crlf = new CrlfOutputStream(out)) {
            crlf.write("a\nb\r\nc\rd".getBytes(StandardCharsets.US_ASCII));
            crlf.write('\n');
            crlf.write("\r".getBytes(StandardCharsets.US_ASCII));
            crlf.write('\n');
        }
        assertEquals("a\r\nb\r\nc\r\nd\r\n\r\n", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void subjectFromFlagsAndDateRangesAreExact() {
        Date at = new Date(1_700_000_000_000L);
        SearchTranslation t = SearchTranslation.of(new AndTerm(new SearchTerm[] {new SubjectTerm("report"),
                new FromStringTerm("alice"), new FlagTerm(new Flags(Flags.Flag.SEEN), false),
                new ReceivedDateTerm(ComparisonTerm.GE, at), new SentDateTerm(ComparisonTerm.LT, at)}));
        assertTrue(t.exact());
        assertEquals("report", t.criteria().subject());
        assertEquals("alice", t.criteria().from());
        assertEquals(Set.of(Flag.SEEN), t.criteria().withoutFlags());
        assertEquals(at.toInstant(), t.criteria().receivedSince());
        assertEquals(at.toInstant(), t.criteria().sentBefore());
    }

    @Test
    void aToOnlyRecipientIsNarrowedOnTheServerAndCheckedOnTheCandidates() {
        SearchTranslation t = SearchTranslation.of(new RecipientStringTerm(Message.RecipientType.TO, "bob"));
        assertFalse(t.exact());
        assertEquals("bob", t.criteria().recipient());
        assertNull(SearchTranslation.of(new RecipientStringTerm(Message.RecipientType.BCC, "bob")));
    }

    @Test
    void whatTheDatabaseCannotAnswerIsLeftToTheClient() {
        assertNull(SearchTranslation.of(new OrTerm(new SubjectTerm("a"), new SubjectTerm("b"))));
        assertNull(SearchTranslation.of(new NotTerm(new SubjectTerm("a"))));
        assertNull(SearchTranslation.of(new ReceivedDateTerm(ComparisonTerm.NE, new Date())));
        SearchTranslation partly = SearchTranslation.of(new AndTerm(new SubjectTerm("a"), new NotTerm(new SubjectTerm("b"))));
        assertFalse(partly.exact(), "the NOT part is matched on the server's candidates");
        assertEquals("a", partly.criteria().subject());
        SearchTranslation twice = SearchTranslation.of(new AndTerm(new SubjectTerm("a"), new SubjectTerm("b")));
        assertFalse(twice.exact(), "one subject column cannot hold two substrings");
    }

}
