package dev.maildock.ejb.imap;

import dev.maildock.ejb.mailbox.MessageSummary;
import dev.maildock.rar.api.imap.SearchKey;
import dev.maildock.rar.api.imap.SearchKey.Comparison;
import dev.maildock.rar.api.imap.UidSet;
import jakarta.mail.internet.InternetHeaders;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SEARCH's Java side on real header sections, against imaptest's search-date and search-addresses. */
class ImapSearchTest {

    /** imaptest's search-date.mbox: the switches to and from summer time in +0200/+0300. */
    private static final List<String> SENT = List.of(
            "Sat, 24 Mar 2007 23:00:00 +0200", "Sun, 25 Mar 2007 00:00:00 +0200", "Sun, 25 Mar 2007 01:00:00 +0200",
            "Sun, 25 Mar 2007 02:00:00 +0200", "Sun, 25 Mar 2007 04:00:00 +0300", "Sun, 25 Mar 2007 23:00:00 +0300",
            "Mon, 26 Mar 2007 00:00:00 +0300", "Sat, 27 Oct 2007 03:00:00 +0300", "Sun, 28 Oct 2007 00:00:00 +0300",
            "Sun, 28 Oct 2007 01:00:00 +0300", "Sun, 28 Oct 2007 02:00:00 +0300", "Sun, 28 Oct 2007 03:00:00 +0300",
            "Sun, 28 Oct 2007 03:00:00 +0200", "Sun, 28 Oct 2007 04:00:00 +0200", "Sun, 28 Oct 2007 23:00:00 +0200",
            "Mon, 29 Oct 2007 00:00:00 +0200");

    /** imaptest's search-addresses.mbox, header sections. */
    private static final List<String> ADDRESSED = List.of(
            "From: user-from@domain.org\r\nTo: user-to@domain.org\r\nCc: user-cc@domain.org\r\nBcc: user-bcc@domain.org\r\n",
            "From: RealFrom <user-from@domain.org>\r\nTo: RealTo <user-to@domain.org>\r\nCc: RealCc <user-cc@domain.org>\r\n"
                    + "Bcc: RealBcc <user-bcc@domain.org>\r\n",
            "From: <user-from (comment)@ (comment) domain.org>\r\nTo: <user-to@domain.org>\r\nCc: <user-cc@domain.org>\r\n"
                    + "Bcc: <user-bcc@domain.org>\r\n",
            "From: user-from@domain.org (RealFrom)\r\nTo: user-to@domain.org (RealTo)\r\nCc: user-cc@domain.org (RealCc)\r\n"
                    + "Bcc: user-bcc@domain.org (RealBcc)\r\n",
            "From: user-from1@domain.org, user-from2@domain.org\r\nCc: user-cc@domain.org\r\n",
            "From: RealFrom <user-from@domain.org>\r\nTo: groupname: groupuser1@domain.org, groupuser2@domain.org;,\r\n"
                    + "  groupname2: groupuser3@domain.org;\r\n",
            "From: RealFrom <user-from@domain.org>\r\nTo: groupname:;\r\n");

    /** A server zone far from the messages' own, which must not matter to SENT*. */
    private final ImapSearch search = new ImapSearch(ZoneId.of("Pacific/Kiritimati"));

    @Test
    void sentDatesCompareTheDateInItsOwnZone() {
        List<Message> mailbox = mailbox(SENT.stream().map(date -> "Date: " + date + "\r\n").toList());
        List<Message> march = mailbox.subList(0, 7);
        List<Message> october = mailbox.subList(7, 16);
        assertSent(march, Comparison.BEFORE, "2007-03-24");
        assertSent(march, Comparison.BEFORE, "2007-03-25", 1);
        assertSent(march, Comparison.BEFORE, "2007-03-26", 1, 2, 3, 4, 5, 6);
        assertSent(march, Comparison.BEFORE, "2007-03-27", 1, 2, 3, 4, 5, 6, 7);
        assertSent(march, Comparison.ON, "2007-03-23");
        assertSent(march, Comparison.ON, "2007-03-24", 1);
        assertSent(march, Comparison.ON, "2007-03-25", 2, 3, 4, 5, 6);
        assertSent(march, Comparison.ON, "2007-03-26", 7);
        assertSent(march, Comparison.SINCE, "2007-03-24", 1, 2, 3, 4, 5, 6, 7);
        assertSent(march, Comparison.SINCE, "2007-03-25", 2, 3, 4, 5, 6, 7);
        assertSent(march, Comparison.SINCE, "2007-03-26", 7);
        assertSent(march, Comparison.SINCE, "2007-03-27");
        assertSent(october, Comparison.BEFORE, "2007-10-27");
        assertSent(october, Comparison.BEFORE, "2007-10-28", 8);
        assertSent(october, Comparison.BEFORE, "2007-10-29", 8, 9, 10, 11, 12, 13, 14, 15);
        assertSent(october, Comparison.BEFORE, "2007-10-30", 8, 9, 10, 11, 12, 13, 14, 15, 16);
        assertSent(october, Comparison.ON, "2007-10-26");
        assertSent(october, Comparison.ON, "2007-10-27", 8);
        assertSent(october, Comparison.ON, "2007-10-28", 9, 10, 11, 12, 13, 14, 15);
        assertSent(october, Comparison.ON, "2007-10-29", 16);
        assertSent(october, Comparison.SINCE, "2007-10-27", 8, 9, 10, 11, 12, 13, 14, 15, 16);
        assertSent(october, Comparison.SINCE, "2007-10-28", 9, 10, 11, 12, 13, 14, 15, 16);
        assertSent(october, Comparison.SINCE, "2007-10-29", 16);
        assertSent(october, Comparison.SINCE, "2007-10-30");
        assertSearch(march, new SearchKey.Not(sent(Comparison.BEFORE, "2007-03-26")), 7);
        assertSearch(march, new SearchKey.Not(sent(Comparison.ON, "2007-03-25")), 1, 7);
        assertSearch(october, new SearchKey.Not(sent(Comparison.SINCE, "2007-10-28")), 8);
        assertSearch(october, new SearchKey.Not(sent(Comparison.ON, "2007-10-28")), 8, 16);
    }

    @Test
    void sentDatesReadLenientlyAndNeverMatchWithoutADate() {
        List<Message> mailbox = mailbox(List.of(
                "Date: 25 Mar 2007 23:30:00 EDT\r\n",
                "Date: Sun, 25 Mar 2007 23:30 (comment) -1100 (Pacific)\r\n",
                "Date: Sun, 25 Mar 07 23:30:00 +0100\r\n",
                "Date: Sun, 25 Mar 2007 23:30:00 CEST\r\n",
                "Date: Sun, 25 Mar 2007 23:30:00 +9959\r\n",
                "Date: yesterday\r\n",
                "Subject: no date\r\n"));
        assertSent(mailbox, Comparison.ON, "2007-03-25", 1, 2, 3, 4);
        assertSearch(mailbox, new SearchKey.Not(sent(Comparison.ON, "2007-03-25")), 5, 6, 7);
    }

    /** The database's window on the summary's instant holds every message the Java side matches. */
    @Test
    void theNarrowingWindowHoldsEveryMatch() {
        List<String> dates = new ArrayList<>(SENT);
        dates.addAll(List.of("Mon, 26 Mar 2007 00:00:00 +2359", "Mon, 26 Mar 2007 23:59:59 -2359",
                "Mon, 26 Mar 2007 23:59:59 (c) -1200", "26 Mar 2007 00:00 PDT"));
        List<Message> mailbox = mailbox(dates.stream().map(date -> "Date: " + date + "\r\n").toList());
        for (Comparison comparison : Comparison.values()) {
            for (LocalDate date = LocalDate.of(2007, 3, 22); date.isBefore(LocalDate.of(2007, 10, 31));
                    date = date.plusDays(1)) {
                ImapSearch window = new ImapSearch(ZoneId.systemDefault());
                String condition = window.narrowing(new SearchKey.SentDate(comparison, date));
                List<Instant> bounds = window.parameters().values().stream().map(Instant.class::cast).toList();
                for (Message m : mailbox) {
                    if (search.matches(new SearchKey.SentDate(comparison, date), m.row(), m.headers(), Set.of())) {
                        Instant sent = m.row().sentDate();
                        boolean inside = switch (comparison) {
                            case BEFORE -> sent.isBefore(bounds.get(0));
                            case ON -> !sent.isBefore(bounds.get(0)) && sent.isBefore(bounds.get(1));
                            case SINCE -> !sent.isBefore(bounds.get(0));
                        };
                        assertTrue(inside, condition + " misses " + m.row().sentDate() + " " + comparison + " " + date);
                    }
                }
            }
        }
    }

    @Test
    void aKeyLeftToJavaLeavesNoParametersBound() {
        ImapSearch uidsAndSent = new ImapSearch(ZoneOffset.UTC);
        assertNull(uidsAndSent.sql(new SearchKey.And(List.of(new SearchKey.Uids(UidSet.range(1, 7)),
                sent(Comparison.SINCE, "2007-03-24")))));
        assertNull(uidsAndSent.sql(new SearchKey.Or(new SearchKey.Keyword("$label1", true), new SearchKey.Body("x"))));
        assertEquals(List.of(), List.copyOf(uidsAndSent.parameters().keySet()));
    }

    /**
     * imaptest's search-addresses, one search a line: field (any case), text ({@code ""} for none),
     * and after the colon the messages it finds.
     */
    private static final String ADDRESS_SEARCHES = """
            from user-from@domain.org: 1 2 3 4 6 7
            to user-to@domain.org: 1 2 3 4
            cc user-cc@domain.org: 1 2 3 4 5
            bcc user-bcc@domain.org: 1 2 3 4
            from realfrom: 2 4 6 7
            to realto: 2 4
            cc realcc: 2 4
            bcc realbcc: 2 4
            FROM "": 1 2 3 4 5 6 7
            To "": 1 2 3 4 6 7
            cc "": 1 2 3 4 5
            bcc "": 1 2 3 4
            from ser-fro: 1 2 3 4 5 6 7
            to ser-t: 1 2 3 4
            cc ser-c: 1 2 3 4 5
            bcc ser-bc: 1 2 3 4
            from ealfro: 2 4 6 7
            to ealt: 2 4
            cc ealc: 2 4
            bcc ealbc: 2 4
            from user-from1: 5
            from user-from2: 5
            to groupname: 6 7
            to groupname2: 6
            to groupuser1: 6
            to groupuser2: 6
            to groupuser3: 6
            to groupuser4:
            """;

    @Test
    void addressFieldsMatchEveryAddressNormalised() {
        List<Message> mailbox = mailbox(ADDRESSED);
        for (String line : ADDRESS_SEARCHES.split("\n")) {
            String[] search = line.split(":", 2);
            String[] fieldAndText = search[0].trim().split(" ", 2);
            assertHeader(mailbox, fieldAndText[0], fieldAndText[1].equals("\"\"") ? "" : fieldAndText[1],
                    Arrays.stream(search[1].trim().split(" ")).filter(n -> !n.isEmpty()).mapToLong(Long::parseLong)
                            .toArray());
        }
    }

    @Test
    void addressesMatchWithTheirDisplayNameDecoded() {
        List<Message> mailbox = mailbox(List.of("From: =?UTF-8?Q?J=C3=B6rg?= (home) <joerg (x) @x.test>\r\n"));
        assertHeader(mailbox, "from", "jörg <joerg@x.test>", 1);
        assertHeader(mailbox, "from", "jörg (home)", 1);
    }

    private record Message(ImapSearch.Row row, InternetHeaders headers) {
    }

    /** Messages with these header sections, UIDs from 1, as the summary and the header reader see them. */
    private static List<Message> mailbox(List<String> headerSections) {
        List<Message> messages = new ArrayList<>();
        for (String header : headerSections) {
            byte[] raw = (header + "\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
            MessageSummary summary = MessageSummary.parse(raw);
            ImapSearch.Row row = new ImapSearch.Row(messages.size() + 1, messages.size() + 1, false, false, false,
                    false, false, null, raw.length, Instant.EPOCH, summary.date(), 1, summary.subject());
            try {
                messages.add(new Message(row, MessageSummary.headerSection(new ByteArrayInputStream(raw))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return messages;
    }

    private static SearchKey sent(Comparison comparison, String date) {
        return new SearchKey.SentDate(comparison, LocalDate.parse(date));
    }

    private void assertSent(List<Message> mailbox, Comparison comparison, String date, long... expected) {
        assertSearch(mailbox, sent(comparison, date), expected);
    }

    private void assertHeader(List<Message> mailbox, String field, String value, long... expected) {
        assertSearch(mailbox, new SearchKey.Header(field, value), expected);
    }

    private void assertSearch(List<Message> mailbox, SearchKey key, long... expected) {
        assertTrue(ImapSearch.needsContent(key), key + " is evaluated on the header section");
        long[] found = mailbox.stream().filter(m -> search.matches(key, m.row(), m.headers(), Set.of()))
                .mapToLong(m -> m.row().uid()).toArray();
        assertArrayEquals(expected, found, key.toString());
    }

    @Test
    void bodyTextsAreFoundInEveryTextPartDecodedButNotInAttachments() throws IOException {
        String message = "Content-Type: multipart/mixed; boundary=outer\r\n\r\npreamble\r\n--outer\r\n"
                + "Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "Viele Gr=FC=DFe\r\n--outer\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n"
                + "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "PHA+QsO8Y2hlcjwvcD4=\r\n--outer\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nc2VjcmV0\r\n--outer--\r\n";
        InputStream in = new BufferedInputStream(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)));
        InternetHeaders headers = MessageSummary.headerSection(in);
        assertEquals(Set.of("grüße", "bücher"), ImapSearch.textsInBody(headers, in,
                Set.of("grüße", "bücher", "secret", "c2vjcmv0")),
                "quoted-printable Latin-1, base64 UTF-8 in an attached message; not the octet-stream, not as stored");
    }
}
