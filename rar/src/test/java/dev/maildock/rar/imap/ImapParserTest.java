package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.FlagChange;
import dev.maildock.rar.api.imap.SearchKey;
import dev.maildock.rar.api.imap.SpecialUse;
import dev.maildock.rar.api.imap.SystemFlag;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The parser against the commands of RFC 9051 section 6 and the extension RFCs' examples. */
class ImapParserTest {

    static ImapCommand parse(String wire, boolean utf8) throws ImapSyntaxException {
        ByteBuf content = Unpooled.copiedBuffer(wire, StandardCharsets.UTF_8);
        try {
            return ImapParser.parse(new ImapFrame.Command(content, List.of()), utf8);
        } finally {
            content.release();
        }
    }

    static ImapCommand parse(String wire) throws ImapSyntaxException {
        return parse(wire, false);
    }

    private static SequenceSet set(long... bounds) {
        return new SequenceSet(bounds, false);
    }

    @Test
    void commandsWithoutArguments() throws Exception {
        assertEquals(new ImapCommand.Capability("abcd"), parse("abcd CAPABILITY"));
        assertEquals(new ImapCommand.Noop("a002"), parse("a002 noop"));
        assertEquals(new ImapCommand.Logout("A023"), parse("A023 LOGOUT"));
        assertEquals(new ImapCommand.StartTls("a001"), parse("a001 STARTTLS"));
        assertEquals(new ImapCommand.Namespace("A001"), parse("A001 NAMESPACE"));
        assertEquals(new ImapCommand.Idle("A002"), parse("A002 IDLE"));
        assertEquals(new ImapCommand.Check("FXXZ"), parse("FXXZ CHECK"));
        assertEquals(new ImapCommand.Close("A341"), parse("A341 CLOSE"));
        assertEquals(new ImapCommand.Unselect("A342"), parse("A342 UNSELECT"));
        assertEquals(new ImapCommand.Expunge("A202", null), parse("A202 EXPUNGE"));
    }

    @Test
    void authentication() throws Exception {
        assertEquals(new ImapCommand.Login("a001", "SMITH", "SESAME"), parse("a001 LOGIN SMITH SESAME"));
        assertEquals(new ImapCommand.Login("a1", "fred foo", "p\"w\\"), parse("a1 LOGIN \"fred foo\" \"p\\\"w\\\\\""));
        assertEquals(new ImapCommand.Login("a1", "fred", "pw"), parse("a1 LOGIN {4}\r\nfred {2+}\r\npw"));
        assertEquals(new ImapCommand.Authenticate("A001", "GSSAPI", null), parse("A001 AUTHENTICATE GSSAPI"));
        assertEquals(new ImapCommand.Authenticate("a", "PLAIN", "AGZyZWQAcHc="),
                parse("a AUTHENTICATE PLAIN AGZyZWQAcHc="));
        assertEquals(new ImapCommand.Authenticate("a", "PLAIN", ""), parse("a AUTHENTICATE PLAIN ="));
        assertEquals(new ImapCommand.Enable("t2", List.of("CONDSTORE", "X-GOOD-IDEA")),
                parse("t2 ENABLE CONDSTORE X-GOOD-IDEA"));
    }

    @Test
    void selectTakesQresyncsParameterWithOrWithoutItsOptionalParts() throws Exception {
        // RFC 7162 section 3.2.5's examples.
        assertEquals(new ImapCommand.Select("A02", "INBOX", false, false, new ImapCommand.Qresync(67890007L,
                        20050715194045000L, new SequenceSet(new long[] {41, 41, 43, 211, 214, 541}, false))),
                parse("A02 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))"));
        assertEquals(new ImapCommand.Qresync(67890007L, 90060115194045000L,
                        new SequenceSet(new long[] {1, 29997}, false)),
                ((ImapCommand.Select) parse("B04 SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997"
                        + " (5000,7500,9000,9990:9999 15000,22500,27000,29970,29973,29976,29979,29982,29985,"
                        + "29988,29991,29994,29997)))")).qresync());
        assertEquals(new ImapCommand.Select("a", "INBOX", true, true, new ImapCommand.Qresync(1, 5, null)),
                parse("a EXAMINE INBOX (CONDSTORE QRESYNC (1 5))"));
        assertEquals(new ImapCommand.Qresync(1, 5, null),
                ((ImapCommand.Select) parse("a SELECT INBOX (QRESYNC (1 5 (1:3 7:9)))")).qresync(), "match data alone");
        for (String bad : List.of("a SELECT INBOX (QRESYNC (0 5))", "a SELECT INBOX (QRESYNC (1 0))",
                "a SELECT INBOX (QRESYNC (4294967296 5))", "a SELECT INBOX (QRESYNC (1))",
                "a SELECT INBOX (QRESYNC (1 5 $))", "a SELECT INBOX (QRESYNC (1 5) QRESYNC (1 5))",
                "a SELECT INBOX (QRESYNC (1 5 1:3 (1:3)))", "a SELECT INBOX (QRESYNC 1 5)")) {
            assertThrows(ImapSyntaxException.class, () -> parse(bad), bad);
        }
    }

    @Test
    void mailboxCommands() throws Exception {
        assertEquals(new ImapCommand.Select("A142", "INBOX", false, false, null), parse("A142 SELECT inbox"));
        assertEquals(new ImapCommand.Select("A932", "blurdybloop", true, false, null), parse("A932 EXAMINE blurdybloop"));
        assertEquals(new ImapCommand.Select("a", "INBOX", false, true, null), parse("a SELECT INBOX (CONDSTORE)"));
        assertEquals(new ImapCommand.Create("A003", "owatagusiam", null), parse("A003 CREATE owatagusiam/"));
        assertEquals(new ImapCommand.Create("t1", "MySentMail", SpecialUse.SENT),
                parse("t1 CREATE MySentMail (USE (\\Sent))"));
        assertEquals(new ImapCommand.Delete("A683", "blurdybloop"), parse("A683 DELETE blurdybloop"));
        assertEquals(new ImapCommand.Rename("A685", "foo", "zowie"), parse("A685 RENAME foo zowie"));
        assertEquals(new ImapCommand.Subscribe("A002", "#news.comp.mail.mime", true),
                parse("A002 SUBSCRIBE #news.comp.mail.mime"));
        assertEquals(new ImapCommand.Subscribe("A002", "x", false), parse("A002 UNSUBSCRIBE \"x\""));
        assertEquals(new ImapCommand.Status("A042", "blurdybloop",
                EnumSet.of(ImapCommand.StatusItem.UIDNEXT, ImapCommand.StatusItem.MESSAGES)),
                parse("A042 STATUS blurdybloop (UIDNEXT MESSAGES)"));
        assertEquals(EnumSet.allOf(ImapCommand.StatusItem.class), ((ImapCommand.Status) parse(
                "a STATUS x (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE APPENDLIMIT RECENT HIGHESTMODSEQ)"))
                .items());
        assertEquals(new ImapCommand.GetQuotaRoot("G", "INBOX"), parse("G GETQUOTAROOT INBOX"));
        assertEquals(new ImapCommand.GetQuota("G", ""), parse("G GETQUOTA \"\""));
        assertEquals(new ImapCommand.SetQuota("S", "", Map.of("STORAGE", 512L)), parse("S SETQUOTA \"\" (STORAGE 512)"));
    }

    @Test
    void listForms() throws Exception {
        Set<ImapCommand.ListSelection> noSelection = EnumSet.noneOf(ImapCommand.ListSelection.class);
        Set<ImapCommand.ListReturn> noReturn = EnumSet.noneOf(ImapCommand.ListReturn.class);
        Set<ImapCommand.StatusItem> noStatus = EnumSet.noneOf(ImapCommand.StatusItem.class);
        assertEquals(new ImapCommand.ListMailboxes("A101", false, "", List.of(""), noSelection, noReturn, noStatus),
                parse("A101 LIST \"\" \"\""));
        assertEquals(new ImapCommand.ListMailboxes("A202", false, "~/Mail/", List.of("%"), noSelection, noReturn,
                noStatus), parse("A202 LIST ~/Mail/ %"));
        assertEquals(new ImapCommand.ListMailboxes("A02", false, "", List.of("INBOX", "Drafts", "Sent/%"),
                EnumSet.of(ImapCommand.ListSelection.SUBSCRIBED, ImapCommand.ListSelection.RECURSIVEMATCH),
                EnumSet.of(ImapCommand.ListReturn.CHILDREN, ImapCommand.ListReturn.STATUS),
                EnumSet.of(ImapCommand.StatusItem.MESSAGES, ImapCommand.StatusItem.UNSEEN)),
                parse("A02 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (\"INBOX\" \"Drafts\" \"Sent/%\") "
                        + "RETURN (CHILDREN STATUS (MESSAGES UNSEEN))"));
        assertEquals(EnumSet.of(ImapCommand.ListSelection.SPECIAL_USE),
                ((ImapCommand.ListMailboxes) parse("t1 LIST (SPECIAL-USE) \"\" \"*\"")).selection());
        assertEquals(new ImapCommand.ListMailboxes("A002", true, "#news.", List.of("comp.mail.*"),
                EnumSet.of(ImapCommand.ListSelection.SUBSCRIBED), noReturn, noStatus),
                parse("A002 LSUB \"#news.\" \"comp.mail.*\""));
        assertThrows(ImapSyntaxException.class, () -> parse("A LIST (RECURSIVEMATCH) \"\" *"));
        assertThrows(ImapSyntaxException.class, () -> parse("A LIST (BOGUS) \"\" *"));
    }

    @Test
    void mailboxNamesAreDecodedFromModifiedUtf7ForRev1AndTakenAsIsInUtf8Mode() throws Exception {
        assertEquals("~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e",
                ((ImapCommand.Select) parse("A SELECT ~peter/mail/&U,BTFw-/&ZeVnLIqe-")).mailbox());
        assertEquals("caf\u00e9", ((ImapCommand.Select) parse("A SELECT \"caf\u00e9\"", true)).mailbox());
        assertEquals("&U,BTFw-", ((ImapCommand.Select) parse("A SELECT &U,BTFw-", true)).mailbox());
        // Looked up, an invalid run stays as written and names no mailbox (NO, not BAD: imaptest's "atoms").
        assertEquals("&Jjo!", ((ImapCommand.Select) parse("A17 SELECT &Jjo!")).mailbox());
        // A name to be made must be valid: no folder is stored under a name rev1 clients cannot write.
        ImapSyntaxException bad = assertThrows(ImapSyntaxException.class, () -> parse("A18 CREATE &Jjo!"));
        assertEquals("A18", bad.tag());
        assertThrows(ImapSyntaxException.class, () -> parse("A19 RENAME INBOX &Jjo!"));
    }

    @Test
    void appendTakesTheSpooledMessagesWithFlagsAndDates() throws Exception {
        try (FramerHarness h = new FramerHarness()) {
            h.send("A003 APPEND saved-messages (\\Seen) \"17-Jul-1996 02:44:25 -0700\" {10}\r\n0123456789"
                    + " {3+}\r\nabc (\\Flagged $Junk) ~{2+}\r\nx\0\r\n");
            ImapFrame.Command frame = (ImapFrame.Command) h.frames.remove(h.frames.size() - 1);
            ImapCommand.Append append = (ImapCommand.Append) ImapParser.parse(frame, false);
            assertEquals("saved-messages", append.mailbox());
            assertEquals(3, append.messages().size());
            ImapCommand.AppendMessage first = append.messages().get(0);
            assertEquals(Set.of(SystemFlag.SEEN), first.flags());
            assertEquals(OffsetDateTime.of(1996, 7, 17, 2, 44, 25, 0, ZoneOffset.ofHours(-7)), first.internalDate());
            assertEquals("0123456789", new String(first.content().toMessageData(new byte[0]).readAllBytes(),
                    StandardCharsets.US_ASCII));
            assertNull(append.messages().get(1).internalDate());
            ImapCommand.AppendMessage third = append.messages().get(2);
            assertEquals(List.of("$Junk"), third.keywords());
            assertEquals(true, third.binary());
            frame.release();
        }
    }

    @Test
    void appendTakesRfc6855Utf8Messages() throws Exception {
        try (FramerHarness h = new FramerHarness()) {
            h.send("a APPEND INBOX UTF8 (~{3+}\r\nabc) (\\Draft) utf8 (~{1+}\r\nx)\r\n");
            ImapFrame.Command frame = (ImapFrame.Command) h.frames.remove(0);
            ImapCommand.Append append = (ImapCommand.Append) ImapParser.parse(frame, true);
            assertEquals(2, append.messages().size());
            assertEquals(3, append.messages().get(0).content().size());
            assertEquals(Set.of(SystemFlag.DRAFT), append.messages().get(1).flags());
            assertEquals(true, append.messages().get(1).binary());
            frame.release();
        }
    }

    @Test
    void searchPrograms() throws Exception {
        ImapCommand.Search search = (ImapCommand.Search) parse(
                "A282 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"");
        assertEquals(EnumSet.of(ImapCommand.SearchReturn.MIN, ImapCommand.SearchReturn.COUNT), search.returns());
        assertEquals(new SearchTerm.And(List.of(
                new SearchTerm.Key(new SearchKey.Flag(SystemFlag.FLAGGED, true)),
                new SearchTerm.Key(new SearchKey.InternalDate(SearchKey.Comparison.SINCE, LocalDate.of(1994, 2, 1))),
                new SearchTerm.Not(new SearchTerm.Key(new SearchKey.Header("From", "Smith"))))), search.program());

        ImapCommand.Search charset = (ImapCommand.Search) parse("A284 SEARCH CHARSET UTF-8 TEXT {12}\r\n"
                + "\u0425\u0430\u0431\u0440\u0430\u0431");
        assertEquals("UTF-8", charset.charset());
        assertNull(charset.returns());
        assertEquals(new SearchTerm.Key(new SearchKey.Text("\u0425\u0430\u0431\u0440\u0430\u0431")),
                charset.program());

        ImapCommand.Search nested = (ImapCommand.Search) parse(
                "a UID SEARCH OR (UNSEEN 2:4,*) UID $ MODSEQ \"/flags/\\\\draft\" all 620162338 LARGER 10 "
                        + "SENTON \"5-Mar-2020\" KEYWORD $Forwarded RECENT OLD HEADER X-Spam yes");
        assertEquals(true, nested.uid());
        assertEquals(new SearchTerm.And(List.of(
                new SearchTerm.Or(new SearchTerm.And(List.of(
                        new SearchTerm.Key(new SearchKey.Flag(SystemFlag.SEEN, false)),
                        new SearchTerm.Messages(set(2, 4, SequenceSet.STAR, SequenceSet.STAR), false))),
                        new SearchTerm.Messages(new SequenceSet(new long[0], true), true)),
                new SearchTerm.Key(new SearchKey.ModSeq(620162338)),
                new SearchTerm.Key(new SearchKey.Size(true, 10)),
                new SearchTerm.Key(new SearchKey.SentDate(SearchKey.Comparison.ON, LocalDate.of(2020, 3, 5))),
                new SearchTerm.Key(new SearchKey.Keyword("$Forwarded", true)),
                new SearchTerm.Recent(),
                new SearchTerm.Not(new SearchTerm.Recent()),
                new SearchTerm.Key(new SearchKey.Header("X-Spam", "yes")))), nested.program());
        assertEquals(EnumSet.noneOf(ImapCommand.SearchReturn.class),
                ((ImapCommand.Search) parse("a SEARCH RETURN () ALL")).returns());
    }

    @Test
    void searchNestingIsBounded() {
        String deep = "a SEARCH " + "NOT ".repeat(SearchParser.MAX_DEPTH + 1) + "ALL";
        assertEquals("a", assertThrows(ImapSyntaxException.class, () -> parse(deep)).tag());
        String parens = "a SEARCH " + "(".repeat(10_000) + "ALL" + ")".repeat(10_000);
        assertThrows(ImapSyntaxException.class, () -> parse(parens));
    }

    @Test
    void fetchItemsSectionsAndPartials() throws Exception {
        assertEquals(new ImapCommand.Fetch("A654", false, set(2, 4), List.of(FetchItem.Simple.FLAGS,
                new FetchItem.Section(false, false, new SectionSpec(new int[0], SectionSpec.Text.HEADER_FIELDS,
                        List.of("DATE", "FROM")), -1, -1)), -1, false),
                parse("A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])"));
        assertEquals(List.of(FetchItem.Simple.FLAGS, FetchItem.Simple.INTERNALDATE, FetchItem.Simple.RFC822_SIZE,
                FetchItem.Simple.ENVELOPE, FetchItem.Simple.BODY), ((ImapCommand.Fetch) parse("a FETCH 1 FULL")).items());
        assertEquals(List.of(FetchItem.Simple.FLAGS, FetchItem.Simple.INTERNALDATE, FetchItem.Simple.RFC822_SIZE),
                ((ImapCommand.Fetch) parse("a FETCH 1 fast")).items());
        ImapCommand.Fetch items = (ImapCommand.Fetch) parse("a UID FETCH 1:* (body.peek[1.2.MIME]<0.2048> "
                + "BINARY[3]<10.5> BINARY.PEEK[] BINARY.SIZE[1.1] BODY[] BODY[TEXT] BODY[2.HEADER.FIELDS.NOT (X-A)] "
                + "BODYSTRUCTURE BODY RFC822 RFC822.HEADER RFC822.TEXT MODSEQ) (CHANGEDSINCE 12345 VANISHED)");
        assertEquals(List.of(FetchItem.Simple.UID,
                new FetchItem.Section(false, true, new SectionSpec(new int[] {1, 2}, SectionSpec.Text.MIME, List.of()),
                        0, 2048),
                new FetchItem.Section(true, false, new SectionSpec(new int[] {3}, SectionSpec.Text.ALL, List.of()), 10, 5),
                new FetchItem.Section(true, true, new SectionSpec(new int[0], SectionSpec.Text.ALL, List.of()), -1, -1),
                new FetchItem.BinarySize(new SectionSpec(new int[] {1, 1}, SectionSpec.Text.ALL, List.of())),
                new FetchItem.Section(false, false, new SectionSpec(new int[0], SectionSpec.Text.ALL, List.of()), -1, -1),
                new FetchItem.Section(false, false, new SectionSpec(new int[0], SectionSpec.Text.TEXT, List.of()), -1, -1),
                new FetchItem.Section(false, false, new SectionSpec(new int[] {2}, SectionSpec.Text.HEADER_FIELDS_NOT,
                        List.of("X-A")), -1, -1),
                FetchItem.Simple.BODYSTRUCTURE, FetchItem.Simple.BODY, FetchItem.Simple.RFC822,
                FetchItem.Simple.RFC822_HEADER, FetchItem.Simple.RFC822_TEXT, FetchItem.Simple.MODSEQ), items.items());
        assertEquals(12345, items.changedSince());
        assertEquals(true, items.vanished());
        assertEquals("1.2.MIME", new SectionSpec(new int[] {1, 2}, SectionSpec.Text.MIME, List.of()).toString());
        assertThrows(ImapSyntaxException.class, () -> parse("a FETCH 1 BODY[MIME]"));
        assertThrows(ImapSyntaxException.class, () -> parse("a FETCH 1 BODY[0]"));
        assertThrows(ImapSyntaxException.class, () -> parse("a FETCH 1 BODY[]<0.0>"));
        assertThrows(ImapSyntaxException.class, () -> parse("a FETCH 1 (FLAGS) (VANISHED)"));
        assertThrows(ImapSyntaxException.class, () -> parse("a FETCH 0 FLAGS"));
        assertThrows(ImapSyntaxException.class, () -> parse("a FETCH 4294967296 FLAGS"));
        assertEquals(Long.MAX_VALUE, ((ImapCommand.Fetch) parse("a FETCH 1 FLAGS (CHANGEDSINCE 9223372036854775807)"))
                .changedSince());
        assertThrows(ImapSyntaxException.class, () -> parse("a FETCH 1 FLAGS (CHANGEDSINCE 9999999999999999999)"));
    }

    @Test
    void storeCopyMoveExpunge() throws Exception {
        assertEquals(new ImapCommand.Store("A003", false, set(2, 4), FlagChange.Operation.ADD, false,
                Set.of(SystemFlag.DELETED), List.of(), -1), parse("A003 STORE 2:4 +FLAGS (\\Deleted)"));
        assertEquals(new ImapCommand.Store("a", true, set(1, 1, 3, 3), FlagChange.Operation.REMOVE, true,
                Set.of(SystemFlag.SEEN, SystemFlag.ANSWERED), List.of("$Label1"), 320162338),
                parse("a UID STORE 1,3 (UNCHANGEDSINCE 320162338) -FLAGS.SILENT \\Seen \\answered $Label1"));
        assertEquals(new ImapCommand.Store("a", false, set(1, 1), FlagChange.Operation.REPLACE, false,
                Set.of(), List.of(), -1), parse("a STORE 1 FLAGS ()"));
        assertEquals(new ImapCommand.Copy("A003", false, set(2, 4), "MEETING", false), parse("A003 COPY 2:4 MEETING"));
        assertEquals(new ImapCommand.Copy("a", true, set(42, 69), "foo", true), parse("a UID MOVE 42:69 foo"));
        assertEquals(new ImapCommand.Expunge("A003", set(3000, 3002)), parse("A003 UID EXPUNGE 3000:3002"));
        assertThrows(ImapSyntaxException.class, () -> parse("a STORE 1 +FLAGS (\\Bogus)"));
    }

    @Test
    void id() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "sodr");
        fields.put("version", "19.34");
        fields.put("vendor", null);
        assertEquals(new ImapCommand.Id("a023", fields), parse("a023 ID (\"name\" \"sodr\" \"version\" \"19.34\" \"vendor\" NIL)"));
        assertEquals(new ImapCommand.Id("a", Map.of()), parse("a ID NIL"));
    }

    @Test
    void badCommandsAreSyntaxErrorsWithTheTagWhenOneWasRead() {
        String[][] cases = {
            {"", null}, {" NOOP", null}, {"+a NOOP", null}, {"a", "a"}, {"a ", "a"}, {"a BOGUS", "a"},
            {"a NOOP extra", "a"}, {"a LOGIN x", "a"}, {"a LOGIN x \"unterminated", "a"}, {"a LOGIN x {9}\r\nshort", "a"},
            {"a LOGIN x \"bad\\escape\"", "a"}, {"a SELECT", "a"}, {"a APPEND INBOX {3}\r\n", "a"},
            {"a SEARCH", "a"}, {"a SEARCH BEFORE 31-Feb-2020", "a"}, {"a SEARCH ON 1-Foo-2020", "a"},
            {"a FETCH 1:* (FLAGS", "a"}, {"a FETCH * BODY[HEADER.FIELDS ()]", "a"},
            {"a APPEND x \"32-Jul-1996 02:44:25 -0700\" {1}\r\n", "a"}, {"a UID BOGUS", "a"},
            {"a ID (" + "\"k\" \"v\" ".repeat(31) + ")", "a"}, {"a ENABLE", "a"}, {"a CREATE x (USE (\\All))", "a"},
        };
        for (String[] c : cases) {
            ImapSyntaxException e = assertThrows(ImapSyntaxException.class, () -> parse(c[0]), c[0]);
            assertEquals(c[1], e.tag(), c[0]);
        }
    }
}
