package dev.maildock.ejb;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.imap.ImapMailboxes;
import dev.maildock.ejb.imap.ImapMessages;
import dev.maildock.ejb.mailbox.Expunges;
import dev.maildock.ejb.mailbox.MaildropService;
import dev.maildock.ejb.mailbox.MessageFlag;
import dev.maildock.ejb.mailbox.MessageService;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.ejb.mailbox.OpenedMaildrop;
import dev.maildock.ejb.submission.MailIntake;
import dev.maildock.ejb.submission.Submission;
import dev.maildock.provider.spi.Flag;
import dev.maildock.provider.spi.MaildockGateway;
import dev.maildock.rar.api.ClientInfo;
import dev.maildock.rar.api.Envelope;
import dev.maildock.rar.api.ForwardPath;
import dev.maildock.rar.api.MessageData;
import dev.maildock.rar.api.ReversePath;
import dev.maildock.rar.api.SessionInfo;
import dev.maildock.rar.api.Verdict;
import dev.maildock.rar.api.imap.AppendResult;
import dev.maildock.rar.api.imap.CopyResult;
import dev.maildock.rar.api.imap.FetchNeeds;
import dev.maildock.rar.api.imap.FetchedMessage;
import dev.maildock.rar.api.imap.FlagChange;
import dev.maildock.rar.api.imap.MailboxChanges;
import dev.maildock.rar.api.imap.ExpungedSince;
import dev.maildock.rar.api.imap.MessageFlags;
import dev.maildock.rar.api.imap.NewMessage;
import dev.maildock.rar.api.imap.SearchKey;
import dev.maildock.rar.api.imap.Selection;
import dev.maildock.rar.api.imap.StoreResult;
import dev.maildock.rar.api.imap.SystemFlag;
import dev.maildock.rar.api.imap.UidSet;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IMAP's message commands, and the MODSEQ and expunge log every path of the platform keeps for
 * them: delivery, webmail, provider, POP3 and IMAP itself.
 */
@ExtendWith(ArquillianExtension.class)
class ImapMessagesIT {

    private static final UidSet ALL = UidSet.range(1, Long.MAX_VALUE);

    @Deployment
    static WebArchive deployment() {
        return ImapDeployments.services("imap-messages-it");
    }

    @EJB
    private DomainService domains;
    @EJB
    private AccountService accounts;
    @EJB
    private MessageService webmail;
    @EJB
    private MaildropService maildrops;
    @EJB
    private MaildockGateway provider;
    @EJB
    private ImapMailboxes boxes;
    @EJB
    private ImapMessages imap;
    @EJB
    private StoreProbe probe;
    @Inject
    private MailIntake intake;

    private String account(String local) {
        String domain = local + ".imap-messages.test";
        domains.create(domain);
        accounts.create(local + "@" + domain, "pw", null);
        return local + "@" + domain;
    }

    private static byte[] mail(String subject, String body) {
        return ("From: Alice Example <alice@example.test>\r\nTo: Bob <bob@example.test>\r\nSubject: " + subject
                + "\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\nX-Tracker: ticket-4711\r\n\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private long append(String account, String mailbox, String subject, String body, SystemFlag... flags) {
        return append(account, mailbox, new NewMessage(Set.of(flags), List.of(), null,
                MessageData.ofBytes(new byte[0], mail(subject, body)), false));
    }

    /** APPEND of one message: the UID it got. */
    private long append(String account, String mailbox, NewMessage message) {
        AppendResult result = imap.append(account, mailbox, List.of(message));
        assertEquals(AppendResult.Outcome.DONE, result.outcome());
        return result.uids()[0];
    }

    private static NewMessage plain(byte[] content) {
        return new NewMessage(Set.of(), List.of(), null, MessageData.ofBytes(new byte[0], content), false);
    }

    /** A message whose spool is gone: refused on its declared size, else failing once it is read. */
    private static NewMessage unreadable(long declaredSize) {
        return new NewMessage(Set.of(), List.of(), null, MessageData.ofFile(new byte[0], Path.of("never-read"),
                declaredSize), false);
    }

    private static List<Long> uids(List<MessageFlags> changed) {
        return changed.stream().map(MessageFlags::uid).toList();
    }

    @Test
    void everyPathRaisesTheModSeqAndChangesReportsIt() throws Exception {
        String a = account("paths");
        Selection inbox = imap.select(a, "INBOX", false);
        long seen = inbox.highestModSeq();

        // Delivery through the intake: a provider or webmail submission (with its Sent copy), then SMTP.
        intake.submit(new Submission(a, a, List.of(a), MessageSource.ofBytes(mail("first", "x")), "LOCAL", true));
        MailboxChanges delivered = imap.changes(a, inbox.mailboxId(), seen, false);
        assertEquals(List.of(1L), uids(delivered.changed()));
        InetSocketAddress client = new InetSocketAddress("127.0.0.1", 2525);
        Envelope envelope = new Envelope(new SessionInfo(new ClientInfo(client, client, "smtp", false), "S1", "c.test",
                true, null), new ReversePath("sender", "remote.test"), List.of(new ForwardPath(a.split("@")[0],
                a.split("@")[1])), false);
        assertEquals(Verdict.Outcome.ACCEPT, intake.receive(envelope, MessageSource.ofBytes(mail("smtp", "x"))).outcome());
        MailboxChanges received = imap.changes(a, inbox.mailboxId(), delivered.highestModSeq(), false);
        assertEquals(List.of(2L), uids(received.changed()));
        webmail.delete(a, "INBOX", List.of(2L));
        assertArrayEquals(new long[] {2}, imap.changes(a, inbox.mailboxId(), received.highestModSeq(), false).expunged());
        delivered = imap.changes(a, inbox.mailboxId(), received.highestModSeq(), false);
        assertTrue(delivered.highestModSeq() > seen);
        Selection sent = imap.select(a, "Sent", false);
        assertEquals(1, sent.uids().length, "the Sent copy");
        assertTrue(sent.highestModSeq() > 0);
        seen = delivered.highestModSeq();

        // Webmail flag change.
        webmail.setFlag(a, "INBOX", List.of(1L), MessageFlag.FLAGGED, true);
        MailboxChanges flagged = imap.changes(a, inbox.mailboxId(), seen, false);
        assertEquals(Set.of(SystemFlag.FLAGGED), flagged.changed().get(0).flags());
        seen = flagged.highestModSeq();
        webmail.setFlag(a, "INBOX", List.of(1L), MessageFlag.FLAGGED, true);
        assertEquals(seen, imap.changes(a, inbox.mailboxId(), seen, false).highestModSeq(), "no change, no new MODSEQ");

        // Provider flag change.
        String ticket = provider.login(a, "pw", "imap-it");
        provider.setFlags(ticket, "INBOX", List.of(1L), Set.of(Flag.SEEN), true);
        MailboxChanges provided = imap.changes(a, inbox.mailboxId(), seen, false);
        assertEquals(Set.of(SystemFlag.FLAGGED, SystemFlag.SEEN), provided.changed().get(0).flags());
        seen = provided.highestModSeq();

        // IMAP STORE, COPY, MOVE, EXPUNGE, APPEND.
        StoreResult stored = imap.store(a, inbox.mailboxId(), ALL, new FlagChange(FlagChange.Operation.ADD,
                Set.of(SystemFlag.ANSWERED), List.of("$Forwarded"), -1));
        assertEquals(List.of("$Forwarded"), stored.updated().get(0).keywords());
        MailboxChanges afterStore = imap.changes(a, inbox.mailboxId(), seen, false);
        assertEquals(stored.updated().get(0).modSeq(), afterStore.changed().get(0).modSeq());
        seen = afterStore.highestModSeq();

        long uid2 = append(a, "INBOX", "second", "y");
        MailboxChanges appended = imap.changes(a, inbox.mailboxId(), seen, false);
        assertEquals(List.of(uid2), uids(appended.changed()));
        seen = appended.highestModSeq();

        long trashSeen = imap.select(a, "Trash", false).highestModSeq();
        CopyResult moved = imap.copy(a, inbox.mailboxId(), UidSet.range(uid2, uid2), "Trash", true);
        MailboxChanges afterMove = imap.changes(a, inbox.mailboxId(), seen, false);
        assertArrayEquals(new long[] {uid2}, afterMove.expunged());
        Selection trash = imap.select(a, "Trash", false);
        assertEquals(List.of(moved.targetUids()[0]), uids(imap.changes(a, trash.mailboxId(), trashSeen, false).changed()));
        seen = afterMove.highestModSeq();

        // Webmail move back, then POP3 QUIT deletes it.
        webmail.move(a, "Trash", List.of(moved.targetUids()[0]), "INBOX");
        MailboxChanges movedBack = imap.changes(a, inbox.mailboxId(), seen, false);
        assertEquals(1, movedBack.changed().size());
        long uid3 = movedBack.changed().get(0).uid();
        assertArrayEquals(new long[] {moved.targetUids()[0]}, imap.changes(a, trash.mailboxId(), trashSeen, false).expunged());
        seen = movedBack.highestModSeq();

        OpenedMaildrop drop = maildrops.open(a, Duration.ofMinutes(1)).orElseThrow();
        long entryOfUid3 = drop.entries().stream().filter(e -> e.uidl().endsWith("." + uid3)).findFirst()
                .orElseThrow().entryId();
        maildrops.commit(drop.handle(), List.of(entryOfUid3));
        MailboxChanges popped = imap.changes(a, inbox.mailboxId(), seen, false);
        assertArrayEquals(new long[] {uid3}, popped.expunged());
        seen = popped.highestModSeq();

        // IMAP EXPUNGE of a \Deleted message.
        imap.store(a, inbox.mailboxId(), UidSet.range(1, 1), new FlagChange(FlagChange.Operation.ADD,
                Set.of(SystemFlag.DELETED), List.of(), -1));
        assertArrayEquals(new long[] {1}, imap.expunge(a, inbox.mailboxId(), null));
        MailboxChanges expunged = imap.changes(a, inbox.mailboxId(), seen, false);
        assertArrayEquals(new long[] {1}, expunged.expunged());
        assertTrue(expunged.changed().isEmpty());

        // UIDs are never reused.
        long uid4 = append(a, "INBOX", "fourth", "z");
        assertTrue(uid4 > uid3);
        assertEquals(uid4 + 1, imap.changes(a, inbox.mailboxId(), seen, false).uidNext());
    }

    @Test
    void anotherAccountsMailboxIsNeverReached() {
        String alice = account("alice");
        String mallory = account("mallory");
        long uid = append(alice, "INBOX", "secret", "body");
        long id = imap.select(alice, "INBOX", false).mailboxId();

        assertTrue(imap.fetch(mallory, id, ALL, new FetchNeeds(false, 100_000)).isEmpty());
        assertNull(imap.read(mallory, id, uid, 0, 100));
        assertNull(imap.changes(mallory, id, 0, false));
        assertEquals(0, imap.search(mallory, id, new SearchKey.All()).length);
        assertTrue(imap.store(mallory, id, ALL, new FlagChange(FlagChange.Operation.ADD, Set.of(SystemFlag.DELETED),
                List.of(), -1)).updated().isEmpty());
        assertEquals(0, imap.expunge(mallory, id, null).length);
        assertEquals(0, imap.copy(mallory, id, ALL, "INBOX", true).sourceUids().length);

        assertEquals(1, imap.fetch(alice, id, ALL, new FetchNeeds(false, 0)).size());
        assertTrue(imap.fetch(alice, id, ALL, new FetchNeeds(false, 0)).get(0).flags().isEmpty());
    }

    @Test
    void fetchSendsSmallContentWholeAndReadServesRanges() {
        String a = account("fetch");
        long small = append(a, "INBOX", "small", "short", SystemFlag.SEEN);
        long large = append(a, "INBOX", "large", "x".repeat(5000));
        long id = imap.select(a, "INBOX", false).mailboxId();

        List<FetchedMessage> fetched = imap.fetch(a, id, UidSet.range(1, 100), new FetchNeeds(true, 1000));
        assertEquals(List.of(small, large), fetched.stream().map(FetchedMessage::uid).toList());
        assertEquals(Set.of(SystemFlag.SEEN), fetched.get(0).flags());
        assertNotNull(fetched.get(0).content());
        assertEquals(fetched.get(0).size(), fetched.get(0).content().length);
        assertNull(fetched.get(1).content(), "larger than the limit: read in ranges");
        assertEquals("small", fetched.get(0).structure().envelope().subject(), "the kept MIME structure, when asked");
        assertEquals("text", fetched.get(1).structure().body().type());
        assertNull(imap.fetch(a, id, UidSet.range(1, 100), new FetchNeeds(false, 0)).get(0).structure());
        assertEquals("From", new String(imap.read(a, id, large, 0, 4), StandardCharsets.US_ASCII));
        assertNull(imap.read(a, id, 99, 0, 4));

        StoreResult seen = imap.markSeen(a, id, UidSet.range(1, 100));
        assertEquals(List.of(large), seen.updated().stream().map(MessageFlags::uid).toList());
    }

    @Test
    void storeWithUnchangedSinceLeavesNewerMessagesAndReportsThem() {
        String a = account("unchanged");
        long first = append(a, "INBOX", "one", "x");
        long second = append(a, "INBOX", "two", "x");
        long id = imap.select(a, "INBOX", false).mailboxId();
        StoreResult touched = imap.store(a, id, UidSet.range(second, second),
                new FlagChange(FlagChange.Operation.ADD, Set.of(SystemFlag.FLAGGED), List.of(), -1));
        long firstModSeq = imap.fetch(a, id, UidSet.range(first, first), new FetchNeeds(false, 0)).get(0).modSeq();
        assertTrue(touched.updated().get(0).modSeq() > firstModSeq);

        StoreResult result = imap.store(a, id, ALL, new FlagChange(FlagChange.Operation.REPLACE,
                Set.of(SystemFlag.SEEN), List.of("NonJunk"), firstModSeq));
        assertEquals(List.of(first), result.updated().stream().map(MessageFlags::uid).toList());
        assertArrayEquals(new long[] {second}, result.modified());
        assertEquals(List.of("NonJunk"), result.updated().get(0).keywords());
        assertEquals(List.of("NonJunk"), imap.select(a, "INBOX", false).keywords());

        StoreResult removed = imap.store(a, id, ALL, new FlagChange(FlagChange.Operation.REMOVE, Set.of(),
                List.of("nonjunk"), -1));
        assertEquals(List.of(first), removed.updated().stream().map(MessageFlags::uid).toList());
        assertTrue(removed.updated().get(0).keywords().isEmpty());
    }

    @Test
    void copyAndMoveAnswerCopyUid() {
        String a = account("copy");
        boxes.create(a, "Keep", null);
        append(a, "INBOX", "one", "x");
        append(a, "INBOX", "two", "x");
        append(a, "INBOX", "three", "x");
        long id = imap.select(a, "INBOX", false).mailboxId();

        CopyResult copied = imap.copy(a, id, new UidSet(new long[] {1, 1, 3, 3}), "Keep", false);
        assertEquals(CopyResult.Outcome.DONE, copied.outcome());
        assertArrayEquals(new long[] {1, 3}, copied.sourceUids());
        assertArrayEquals(new long[] {1, 2}, copied.targetUids());
        assertEquals(imap.select(a, "Keep", false).uidValidity(), copied.uidValidity());
        assertEquals(3, imap.select(a, "INBOX", false).uids().length);

        CopyResult moved = imap.copy(a, id, UidSet.range(2, 3), "Keep", true);
        assertArrayEquals(new long[] {2, 3}, moved.sourceUids());
        assertArrayEquals(new long[] {3, 4}, moved.targetUids());
        assertArrayEquals(new long[] {1}, imap.select(a, "INBOX", false).uids());
        assertEquals(CopyResult.Outcome.NO_TARGET, imap.copy(a, id, ALL, "Nowhere", false).outcome());
    }

    @Test
    void appendAnswersAppendUidOrWhyNot() {
        String a = account("append");
        Instant internal = Instant.parse("2026-01-02T03:04:05Z");
        AppendResult done = imap.append(a, "Drafts", List.of(new NewMessage(Set.of(SystemFlag.DRAFT), List.of("$Junk"),
                internal, MessageData.ofBytes(new byte[0], mail("draft", "x")), false)));
        assertEquals(AppendResult.Outcome.DONE, done.outcome());
        Selection drafts = imap.select(a, "Drafts", false);
        assertEquals(drafts.uidValidity(), done.uidValidity());
        FetchedMessage stored = imap.fetch(a, drafts.mailboxId(), ALL, new FetchNeeds(false, 0)).get(0);
        assertEquals(internal, stored.internalDate());
        assertEquals(Set.of(SystemFlag.DRAFT), stored.flags());
        assertEquals(List.of("$Junk"), stored.keywords());

        assertEquals(AppendResult.Outcome.NO_TARGET, imap.append(a, "Nowhere",
                List.of(plain(mail("x", "x")))).outcome());
        // Refused on the declared size, before a byte is read.
        assertEquals(AppendResult.Outcome.TOO_BIG, imap.append(a, "INBOX", List.of(unreadable(1L << 40))).outcome());

        String full = account("full");
        accounts.setQuota(full, 10);
        append(full, "INBOX", "first fills it", "x");
        assertEquals(AppendResult.Outcome.OVER_QUOTA, imap.append(full, "INBOX",
                List.of(plain(mail("x", "x")))).outcome());
        long id = imap.select(full, "INBOX", false).mailboxId();
        assertEquals(CopyResult.Outcome.OVER_QUOTA, imap.copy(full, id, ALL, "Trash", false).outcome());
        assertEquals(CopyResult.Outcome.DONE, imap.copy(full, id, ALL, "Trash", true).outcome(), "a move adds nothing");
    }

    /** RFC 3502 section 3: a MULTIAPPEND is stored whole (APPENDUID names all) or not at all. */
    @Test
    void aMultiAppendStoresAllOrNone() {
        String a = account("multi");
        NewMessage one = plain(mail("one", "x"));
        AppendResult three = imap.append(a, "INBOX", List.of(one, one, one));
        assertEquals(AppendResult.Outcome.DONE, three.outcome());
        Selection inbox = imap.select(a, "INBOX", false);
        assertEquals(inbox.uidValidity(), three.uidValidity());
        assertArrayEquals(new long[] {1, 2, 3}, three.uids());
        assertArrayEquals(three.uids(), inbox.uids());

        long contents = probe.count("MessageContent");
        assertEquals(AppendResult.Outcome.TOO_BIG,
                imap.append(a, "INBOX", List.of(one, one, unreadable(1L << 40))).outcome());
        // Checks passed, the third fails while it is stored: the rollback takes the first two along.
        assertThrows(EJBException.class, () -> imap.append(a, "INBOX", List.of(one, one, unreadable(100))));
        assertArrayEquals(three.uids(), imap.select(a, "INBOX", false).uids());
        assertEquals(contents, probe.count("MessageContent"), "no content row left behind");

        String full = account("multiquota");
        accounts.setQuota(full, 2L * one.content().size());
        assertEquals(AppendResult.Outcome.OVER_QUOTA, imap.append(full, "INBOX", List.of(one, one, one)).outcome(),
                "the third would find the account full");
        assertArrayEquals(new long[0], imap.select(full, "INBOX", false).uids());
        assertEquals(AppendResult.Outcome.DONE, imap.append(full, "INBOX", List.of(one, one)).outcome(),
                "each found room, as two APPENDs would");
    }

    @Test
    void searchEvaluatesEveryKindOfKey() {
        String a = account("search");
        long plain = append(a, "INBOX", "Quarterly report", "the numbers are up", SystemFlag.SEEN);
        long encoded = append(a, "INBOX", new NewMessage(Set.of(SystemFlag.FLAGGED), List.of("$Forwarded"),
                Instant.parse("2020-05-05T12:00:00Z"), MessageData.ofBytes(new byte[0],
                        ("From: carol@example.test\r\nTo: dave@example.test\r\nCc: erin@example.test\r\n"
                                + "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\nDate: Tue, 1 Jan 2019 10:00:00 +0000\r\n\r\n"
                                + "Bücher und Zeitungen\r\n").getBytes(StandardCharsets.UTF_8)), false));
        long id = imap.select(a, "INBOX", false).mailboxId();
        LocalDate today = LocalDate.now(ZoneId.systemDefault());

        assertSearch(a, id, new SearchKey.All(), plain, encoded);
        assertSearch(a, id, new SearchKey.None());
        assertSearch(a, id, new SearchKey.Flag(SystemFlag.SEEN, true), plain);
        assertSearch(a, id, new SearchKey.Flag(SystemFlag.SEEN, false), encoded);
        assertSearch(a, id, new SearchKey.Keyword("$forwarded", true), encoded);
        assertSearch(a, id, new SearchKey.Keyword("$Forwarded", false), plain);
        assertSearch(a, id, new SearchKey.Header("Subject", "grüße"), encoded);
        assertSearch(a, id, new SearchKey.Header("SUBJECT", "REPORT"), plain);
        assertSearch(a, id, new SearchKey.Header("From", "carol"), encoded);
        assertSearch(a, id, new SearchKey.Header("To", "bob"), plain);
        assertSearch(a, id, new SearchKey.Header("Cc", "erin"), encoded);
        assertSearch(a, id, new SearchKey.Header("X-Tracker", ""), plain);
        assertSearch(a, id, new SearchKey.Body("numbers"), plain);
        assertSearch(a, id, new SearchKey.Body("report"));
        assertSearch(a, id, new SearchKey.Body("BÜCHER"), encoded);
        assertSearch(a, id, new SearchKey.Text("report"), plain);
        assertSearch(a, id, new SearchKey.InternalDate(SearchKey.Comparison.ON, today), plain);
        assertSearch(a, id, new SearchKey.InternalDate(SearchKey.Comparison.BEFORE, today), encoded);
        assertSearch(a, id, new SearchKey.InternalDate(SearchKey.Comparison.SINCE, LocalDate.of(2021, 1, 1)), plain);
        assertSearch(a, id, new SearchKey.SentDate(SearchKey.Comparison.BEFORE, LocalDate.of(2020, 1, 1)), encoded);
        assertSearch(a, id, new SearchKey.SentDate(SearchKey.Comparison.SINCE, LocalDate.of(2026, 12, 6)), plain);
        assertSearch(a, id, new SearchKey.Size(true, 1_000_000));
        assertSearch(a, id, new SearchKey.Size(false, 1_000_000), plain, encoded);
        assertSearch(a, id, new SearchKey.Uids(UidSet.range(encoded, encoded)), encoded);
        assertSearch(a, id, new SearchKey.ModSeq(imap.select(a, "INBOX", false).highestModSeq()), encoded);
        assertSearch(a, id, new SearchKey.Not(new SearchKey.Header("Subject", "report")), encoded);
        assertSearch(a, id, new SearchKey.Or(new SearchKey.Body("numbers"), new SearchKey.Flag(SystemFlag.FLAGGED, true)),
                plain, encoded);
        assertSearch(a, id, new SearchKey.And(List.of(new SearchKey.Flag(SystemFlag.SEEN, true),
                new SearchKey.Text("numbers"))), plain);
        assertSearch(a, id, new SearchKey.Not(new SearchKey.Text("zeitungen")), plain);
    }

    @Test
    void searchReadsASinglePartBodyInItsEncodingAndCharset() {
        String a = account("charset");
        long latin = append(a, "INBOX", plain(
                ("Subject: greetings\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n"
                        + "Content-Transfer-Encoding: quoted-printable\r\n\r\nViele Gr=FC=DFe\r\n")
                        .getBytes(StandardCharsets.US_ASCII)));
        long base64 = append(a, "INBOX", plain(
                ("Subject: plain\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n"
                        + "\r\nQsO8Y2hlcg==\r\n").getBytes(StandardCharsets.US_ASCII)));
        long id = imap.select(a, "INBOX", false).mailboxId();

        assertSearch(a, id, new SearchKey.Body("GRÜSSE"));
        assertSearch(a, id, new SearchKey.Body("grüße"), latin);
        assertSearch(a, id, new SearchKey.Text("bücher"), base64);
    }

    /** RFC 3516 4.3: a literal8 APPEND's binary parts are kept base64-encoded, so BODY[] carries no NUL. */
    @Test
    void aBinaryAppendKeepsItsBinaryPartsInBase64() {
        String a = account("binary");
        byte[] octets = {0, '-', (byte) 0xe4, '\n', '\r', '\n', '\n'};
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(("From: user@domain.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n"
                + "\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        message.writeBytes(octets);
        message.writeBytes("\r\n--b\r\nContent-Type: text/plain\r\n\r\nkept\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII));
        long uid = append(a, "INBOX", new NewMessage(Set.of(), List.of(), null, MessageData.ofBytes(new byte[0],
                message.toByteArray()), true));
        long id = imap.select(a, "INBOX", false).mailboxId();

        String stored = new String(imap.read(a, id, uid, 0, 1000), StandardCharsets.ISO_8859_1);
        assertFalse(stored.contains("\0"), stored);
        assertTrue(stored.contains("Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(octets) + "\r\n--b\r\nContent-Type: text/plain\r\n\r\nkept\r\n"), stored);
    }

    /** The Date's own zone decides its day; the database narrows to a superset under a top-level AND. */
    @Test
    void searchReadsSentDatesInTheirOwnZoneAndEveryAddress() {
        String a = account("sentdate");
        long early = appendRaw(a, "From: a@x.test, <second (c)@ (c) x.test>\r\nDate: Sun, 25 Mar 2007 00:30:00 +0200\r\n");
        long late = appendRaw(a, "From: b@x.test\r\nDate: Sat, 24 Mar 2007 23:30:00 -0200\r\n");
        long id = imap.select(a, "INBOX", false).mailboxId();
        SearchKey on25 = new SearchKey.SentDate(SearchKey.Comparison.ON, LocalDate.of(2007, 3, 25));

        assertSearch(a, id, on25, early);
        assertSearch(a, id, new SearchKey.And(List.of(new SearchKey.Uids(UidSet.range(early, late)), on25)), early);
        assertSearch(a, id, new SearchKey.And(List.of(new SearchKey.Keyword("$x", false),
                new SearchKey.SentDate(SearchKey.Comparison.BEFORE, LocalDate.of(2007, 3, 25)))), late);
        assertSearch(a, id, new SearchKey.Not(on25), late);
        assertSearch(a, id, new SearchKey.Header("From", "second@x.test"), early);
    }

    private long appendRaw(String account, String header) {
        return append(account, "INBOX", plain((header + "\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII)));
    }

    private void assertSearch(String account, long id, SearchKey key, long... expected) {
        assertArrayEquals(expected, imap.search(account, id, key), key.toString());
    }

    @Test
    void changedMailboxesNamesTheChangedAndTheVanished() {
        String a = account("idle");
        boxes.create(a, "Gone", null);
        Selection inbox = imap.select(a, "INBOX", false);
        Selection trash = imap.select(a, "Trash", false);
        Selection gone = imap.select(a, "Gone", false);
        append(a, "INBOX", "new", "x");
        boxes.delete(a, "Gone");

        long[] changed = imap.changedMailboxes(new long[] {inbox.mailboxId(), trash.mailboxId(), gone.mailboxId()},
                new long[] {inbox.highestModSeq(), trash.highestModSeq(), gone.highestModSeq()});
        assertArrayEquals(new long[] {inbox.mailboxId(), gone.mailboxId()}, changed);
    }

    @Test
    void expungedSinceReadsTheLogAndSaysWhenItWasPrunedPastTheModSeq() {
        String a = account("qresync");
        for (int i = 1; i <= 4; i++) {
            append(a, "INBOX", "m" + i, "x", SystemFlag.DELETED);
        }
        Selection before = imap.select(a, "INBOX", false);
        long id = before.mailboxId();
        assertArrayEquals(new long[] {1}, imap.expunge(a, id, UidSet.range(1, 1)));
        long afterFirst = imap.changes(a, id, 0, false).highestModSeq();
        assertArrayEquals(new long[] {2}, imap.expunge(a, id, UidSet.range(2, 2)));

        ExpungedSince all = imap.expungedSince(a, id, before.highestModSeq(), ALL);
        assertTrue(all.complete());
        assertArrayEquals(new long[] {1, 2}, all.uids());
        assertArrayEquals(new long[] {2}, imap.expungedSince(a, id, before.highestModSeq(), UidSet.range(2, 4)).uids());
        assertArrayEquals(new long[] {2}, imap.expungedSince(a, id, afterFirst, ALL).uids());
        assertNull(imap.expungedSince(account("qresync-other"), id, 0, ALL), "another account's mailbox");

        // Past the retention: the next expunge prunes both rows, and the folder remembers up to where.
        probe.ageExpungeLog(Expunges.RETENTION.plusDays(1));
        long pruned = imap.changes(a, id, 0, false).highestModSeq();
        assertArrayEquals(new long[] {3}, imap.expunge(a, id, UidSet.range(3, 3)));
        ExpungedSince tooOld = imap.expungedSince(a, id, before.highestModSeq(), ALL);
        assertFalse(tooOld.complete(), "the log no longer reaches back");
        assertEquals(0, tooOld.uids().length);
        ExpungedSince recent = imap.expungedSince(a, id, pruned, ALL);
        assertTrue(recent.complete());
        assertArrayEquals(new long[] {3}, recent.uids());
    }

    @Test
    void aFetchOfScatteredUidsReadsEachOfThem() {
        String a = account("scattered");
        for (int i = 1; i <= 60; i++) {
            append(a, "INBOX", "m" + i, "x");
        }
        long id = imap.select(a, "INBOX", false).mailboxId();
        long[] odd = new long[40]; // 20 single-UID ranges: more than the condition writes as ranges
        for (int i = 0; i < 20; i++) {
            odd[2 * i] = odd[2 * i + 1] = 2L * i + 1;
        }
        List<FetchedMessage> fetched = imap.fetch(a, id, new UidSet(odd), new FetchNeeds(false, 1 << 20));
        assertEquals(20, fetched.size());
        assertEquals(39, fetched.get(19).uid());
        assertTrue(fetched.stream().allMatch(m -> m.uid() % 2 == 1 && m.content() != null));
    }
}
