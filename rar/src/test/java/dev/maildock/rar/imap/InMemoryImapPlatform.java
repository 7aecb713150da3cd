package dev.maildock.rar.imap;

import dev.maildock.rar.api.AuthResult;
import dev.maildock.rar.api.ClientInfo;
import dev.maildock.rar.api.ConnectVerdict;
import dev.maildock.rar.api.ImapListener;
import dev.maildock.rar.api.imap.AppendResult;
import dev.maildock.rar.api.imap.BodyPart;
import dev.maildock.rar.api.imap.CopyResult;
import dev.maildock.rar.api.imap.EnvelopeFields;
import dev.maildock.rar.api.imap.ExpungedSince;
import dev.maildock.rar.api.imap.FetchNeeds;
import dev.maildock.rar.api.imap.FetchedMessage;
import dev.maildock.rar.api.imap.FlagChange;
import dev.maildock.rar.api.imap.MailboxChanges;
import dev.maildock.rar.api.imap.MailboxInfo;
import dev.maildock.rar.api.imap.MailboxOutcome;
import dev.maildock.rar.api.imap.MailboxStatus;
import dev.maildock.rar.api.imap.MessageFlags;
import dev.maildock.rar.api.imap.MessageStructure;
import dev.maildock.rar.api.imap.NewMessage;
import dev.maildock.rar.api.imap.QuotaUsage;
import dev.maildock.rar.api.imap.SearchKey;
import dev.maildock.rar.api.imap.Selection;
import dev.maildock.rar.api.imap.SpecialUse;
import dev.maildock.rar.api.imap.StoreResult;
import dev.maildock.rar.api.imap.SystemFlag;
import dev.maildock.rar.api.imap.UidSet;
import dev.maildock.rar.net.EndpointDispatcher;
import dev.maildock.rar.testing.InlineWorkManager;
import dev.maildock.rar.testing.SingleEndpointFactory;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.work.WorkManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The mail platform as the IMAP session sees it, in memory: accounts with mailboxes, messages with
 * flags and MODSEQs, subscriptions, and a log of the calls, for the tests to check. Synchronized,
 * as a platform is called from WorkManager threads.
 */
public final class InMemoryImapPlatform implements ImapListener, MessageEndpoint {

    /** One stored message. */
    static final class Message {
        final long uid;
        final byte[] content;
        /** The MIME structure a test gives (a multipart); null: one text/plain part. */
        MessageStructure structure;
        Set<SystemFlag> flags = EnumSet.noneOf(SystemFlag.class);
        List<String> keywords = List.of();
        long modSeq;

        Message(long uid, byte[] content) {
            this.uid = uid;
            this.content = content;
        }

        MessageFlags flags() {
            return new MessageFlags(uid, flags, keywords, modSeq);
        }
    }

    /** One mailbox of an account. */
    static final class Box {
        final long id;
        String name;
        SpecialUse specialUse;
        final long uidValidity;
        long uidNext = 1;
        long modSeq = 1;
        /** Messages from this UID up are no session's \Recent ones yet. */
        long firstRecentUid = 1;
        final TreeMap<Long, Message> messages = new TreeMap<>();
        /** Expunged UIDs with the MODSEQ of their removal. */
        final Map<Long, Long> expunged = new LinkedHashMap<>();
        /** The log of expunges at or below this MODSEQ was pruned. */
        long prunedModSeq;

        Box(long id, String name, long uidValidity) {
            this.id = id;
            this.name = name;
            this.uidValidity = uidValidity;
        }
    }

    /** The INTERNALDATE of every message. */
    static final Instant RECEIVED = Instant.parse("1996-07-17T09:44:25Z");

    private final Map<String, String> passwords = new HashMap<>();
    private final Map<String, Map<String, Box>> boxes = new HashMap<>();
    private final Map<String, Set<String>> subscriptions = new HashMap<>();
    private long nextBoxId = 1;

    /** "connect", "login PLAIN kcope", "select INBOX", "changes 1 5"... */
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    ConnectVerdict verdict = ConnectVerdict.accept("mail.example.test");
    volatile Duration failureDelay = Duration.ZERO;
    QuotaUsage quota = new QuotaUsage(0, 0);
    /** APPEND refuses a message larger than this (TOOBIG). */
    volatile long maxMessageSize = Long.MAX_VALUE;
    /** {@code changes} answers {@link MailboxChanges#unknown}, as the platform does when the database fails. */
    volatile boolean changesUnknown;
    /** SEARCH answers null, as a broken platform might. */
    volatile boolean searchFails;
    /** Reads of message content that succeed; the ones after fail, as a broken disk would. */
    volatile int readsLeft = Integer.MAX_VALUE;
    /** Runs at the end of every FETCH slice read: a change from elsewhere that races with it. */
    volatile Runnable afterFetch = () -> { };

    EndpointDispatcher<ImapListener> dispatcher() {
        return dispatcher(new InlineWorkManager());
    }

    EndpointDispatcher<ImapListener> dispatcher(WorkManager workManager) {
        return new EndpointDispatcher<>(new SingleEndpointFactory(this), workManager, ImapListener.class);
    }

    synchronized void addAccount(String user, String password) {
        passwords.put(user, password);
        boxes.put(user, new LinkedHashMap<>());
        subscriptions.put(user, new HashSet<>());
        create(user, "INBOX", null);
    }

    synchronized Box box(String user, String name) {
        return boxes.get(user).get(name);
    }

    /** A delivery from any path: a new message with a new UID and MODSEQ. */
    synchronized long deliver(String user, String mailbox, String content, SystemFlag... flags) {
        Box box = box(user, mailbox);
        Message message = new Message(box.uidNext++, content.getBytes(StandardCharsets.UTF_8));
        message.flags.addAll(List.of(flags));
        message.modSeq = ++box.modSeq;
        box.messages.put(message.uid, message);
        return message.uid;
    }

    /** A change from elsewhere (webmail, another session): flags set on one message. */
    synchronized void setFlags(String user, String mailbox, long uid, SystemFlag... flags) {
        Box box = box(user, mailbox);
        Message message = box.messages.get(uid);
        message.flags = EnumSet.noneOf(SystemFlag.class);
        message.flags.addAll(List.of(flags));
        message.modSeq = ++box.modSeq;
    }

    /** An expunge from elsewhere (a POP3 QUIT, the webmail). */
    synchronized void remove(String user, String mailbox, long uid) {
        Box box = box(user, mailbox);
        box.messages.remove(uid);
        box.expunged.put(uid, ++box.modSeq);
    }

    /** Forgets the expunge log, as the platform does after its retention: QRESYNC answers from the view. */
    synchronized void pruneExpungeLog(String user, String mailbox) {
        Box box = box(user, mailbox);
        box.expunged.clear();
        box.prunedModSeq = box.modSeq;
    }

    @Override
    public synchronized ConnectVerdict connect(ClientInfo client) {
        calls.add("connect");
        return verdict;
    }

    @Override
    public synchronized AuthResult login(ClientInfo client, String mechanism, String user, String password) {
        calls.add("login " + mechanism + " " + user);
        return password.equals(passwords.get(user)) ? AuthResult.success(user) : AuthResult.failure(failureDelay);
    }

    @Override
    public synchronized List<MailboxInfo> mailboxes(String account) {
        calls.add("mailboxes");
        List<MailboxInfo> all = new ArrayList<>();
        Set<String> subscribed = subscriptions.get(account);
        for (Box box : boxes.get(account).values()) {
            all.add(new MailboxInfo(box.id, box.name, box.specialUse, subscribed.contains(box.name)));
        }
        for (String name : subscribed) {
            if (!boxes.get(account).containsKey(name)) {
                all.add(MailboxInfo.subscribedName(name));
            }
        }
        return all;
    }

    @Override
    public synchronized MailboxStatus status(String account, String mailbox) {
        calls.add("status " + mailbox);
        Box box = boxes.get(account).get(mailbox);
        if (box == null) {
            return null;
        }
        long unseen = box.messages.values().stream().filter(m -> !m.flags.contains(SystemFlag.SEEN)).count();
        long deleted = box.messages.values().stream().filter(m -> m.flags.contains(SystemFlag.DELETED)).count();
        long size = box.messages.values().stream().mapToLong(m -> m.content.length).sum();
        long recent = box.messages.tailMap(box.firstRecentUid).size();
        return new MailboxStatus(box.id, box.messages.size(), box.uidNext, box.uidValidity, unseen, deleted, size,
                box.modSeq, recent);
    }

    @Override
    public synchronized MailboxOutcome create(String account, String mailbox, SpecialUse specialUse) {
        calls.add("create " + mailbox);
        Map<String, Box> mine = boxes.get(account);
        if (mine.containsKey(mailbox)) {
            return MailboxOutcome.ALREADY_EXISTS;
        }
        long id = nextBoxId++;
        Box box = new Box(id, mailbox, 1000 + id);
        box.specialUse = specialUse;
        mine.put(mailbox, box);
        return MailboxOutcome.DONE;
    }

    @Override
    public synchronized MailboxOutcome delete(String account, String mailbox) {
        calls.add("delete " + mailbox);
        if (mailbox.equals("INBOX")) {
            return MailboxOutcome.CANNOT;
        }
        return boxes.get(account).remove(mailbox) == null ? MailboxOutcome.NONEXISTENT : MailboxOutcome.DONE;
    }

    @Override
    public synchronized MailboxOutcome rename(String account, String from, String to) {
        calls.add("rename " + from + " " + to);
        Map<String, Box> mine = boxes.get(account);
        if (!mine.containsKey(from)) {
            return MailboxOutcome.NONEXISTENT;
        }
        if (mine.containsKey(to)) {
            return MailboxOutcome.ALREADY_EXISTS;
        }
        Box box = mine.remove(from);
        box.name = to;
        mine.put(to, box);
        return MailboxOutcome.DONE;
    }

    @Override
    public synchronized MailboxOutcome subscribe(String account, String mailbox, boolean subscribed) {
        calls.add((subscribed ? "subscribe " : "unsubscribe ") + mailbox);
        if (subscribed) {
            subscriptions.get(account).add(mailbox);
        } else {
            subscriptions.get(account).remove(mailbox);
        }
        return MailboxOutcome.DONE;
    }

    @Override
    public synchronized Selection select(String account, String mailbox, boolean claimRecent) {
        calls.add("select " + mailbox);
        Box box = boxes.get(account).get(mailbox);
        if (box == null) {
            return null;
        }
        long[] uids = box.messages.keySet().stream().mapToLong(Long::longValue).toArray();
        long firstUnseen = box.messages.values().stream().filter(m -> !m.flags.contains(SystemFlag.SEEN))
                .mapToLong(m -> m.uid).findFirst().orElse(0);
        Set<String> keywords = new TreeSet<>();
        box.messages.values().forEach(m -> keywords.addAll(m.keywords));
        return new Selection(box.id, box.uidValidity, box.uidNext, box.modSeq, uids, firstUnseen,
                List.copyOf(keywords), claimRecent ? claimRecent(box) : box.firstRecentUid);
    }

    private static long claimRecent(Box box) {
        long first = box.firstRecentUid;
        box.firstRecentUid = box.uidNext;
        return first < box.uidNext ? first : Long.MAX_VALUE;
    }

    private Box byId(String account, long mailboxId) {
        return boxes.get(account).values().stream().filter(b -> b.id == mailboxId).findFirst().orElseThrow();
    }

    @Override
    public synchronized MailboxChanges changes(String account, long mailboxId, long sinceModSeq,
            boolean claimRecent) {
        calls.add("changes " + mailboxId + " " + sinceModSeq);
        if (changesUnknown) {
            return MailboxChanges.unknown(sinceModSeq);
        }
        if (boxes.get(account).values().stream().noneMatch(b -> b.id == mailboxId)) {
            return null; // deleted meanwhile, as ImapListener has it
        }
        Box box = byId(account, mailboxId);
        long[] expunged = box.expunged.entrySet().stream().filter(e -> e.getValue() > sinceModSeq)
                .mapToLong(Map.Entry::getKey).sorted().toArray();
        List<MessageFlags> changed = box.messages.values().stream().filter(m -> m.modSeq > sinceModSeq)
                .map(Message::flags).toList();
        return new MailboxChanges(box.modSeq, box.uidNext, expunged, changed,
                claimRecent ? claimRecent(box) : Long.MAX_VALUE);
    }

    @Override
    public synchronized long[] changedMailboxes(long[] mailboxIds, long[] knownModSeqs) {
        calls.add("changedMailboxes");
        List<Long> changed = new ArrayList<>();
        for (int i = 0; i < mailboxIds.length; i++) {
            long id = mailboxIds[i];
            long known = knownModSeqs[i];
            boolean moved = boxes.values().stream().flatMap(m -> m.values().stream())
                    .noneMatch(b -> b.id == id && b.modSeq <= known);
            if (moved) {
                changed.add(id);
            }
        }
        return changed.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public synchronized ExpungedSince expungedSince(String account, long mailboxId, long sinceModSeq, UidSet uids) {
        calls.add("expungedSince " + mailboxId + " " + sinceModSeq);
        Box box = byId(account, mailboxId);
        if (sinceModSeq < box.prunedModSeq) {
            return new ExpungedSince(new long[0], false);
        }
        return new ExpungedSince(box.expunged.entrySet().stream()
                .filter(e -> e.getValue() > sinceModSeq && uids.contains(e.getKey()))
                .mapToLong(Map.Entry::getKey).sorted().toArray(), true);
    }

    @Override
    public synchronized List<FetchedMessage> fetch(String account, long mailboxId, UidSet uids, FetchNeeds needs) {
        calls.add("fetch " + uids.bounds()[0] + ":" + uids.bounds()[uids.bounds().length - 1]);
        List<FetchedMessage> fetched = byId(account, mailboxId).messages.values().stream()
                .filter(m -> uids.contains(m.uid))
                .map(m -> new FetchedMessage(m.uid, m.flags, m.keywords, m.modSeq, RECEIVED, m.content.length,
                        needs.structure() ? m.structure != null ? m.structure : structure(m.content) : null,
                        m.content.length <= needs.wholeContentLimit() ? m.content : null))
                .toList();
        afterFetch.run();
        return fetched;
    }

    /** A single text/plain part: the header up to the blank line, the body after it. */
    private static MessageStructure structure(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        int blank = text.indexOf("\r\n\r\n");
        int bodyStart = blank < 0 ? content.length : blank + 4;
        EnvelopeFields envelope = new EnvelopeFields(null, subjectOf(text), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), null, null);
        BodyPart body = new BodyPart("text", "plain", List.of(), null, null, "7bit", content.length - bodyStart,
                text.substring(bodyStart).split("\r\n", -1).length - 1, null, null, List.of(), null, List.of(), null,
                0, bodyStart, content.length);
        return new MessageStructure(envelope, body);
    }

    private static String subjectOf(String text) {
        int at = text.indexOf("Subject: ");
        return at < 0 ? null : text.substring(at + 9, text.indexOf("\r\n", at));
    }

    @Override
    public synchronized byte[] read(String account, long mailboxId, long uid, long offset, int length) {
        calls.add("read " + uid + " " + offset + " " + length);
        if (readsLeft-- <= 0) {
            throw new IllegalStateException("The message could not be read");
        }
        Message message = byId(account, mailboxId).messages.get(uid);
        return message == null ? null : Arrays.copyOfRange(message.content, (int) offset,
                (int) Math.min(message.content.length, offset + length));
    }

    @Override
    public synchronized StoreResult markSeen(String account, long mailboxId, UidSet uids) {
        calls.add("markSeen");
        return store(account, mailboxId, uids, new FlagChange(FlagChange.Operation.ADD, Set.of(SystemFlag.SEEN),
                List.of(), -1));
    }

    @Override
    public synchronized StoreResult store(String account, long mailboxId, UidSet uids, FlagChange change) {
        calls.add("store " + change.operation());
        Box box = byId(account, mailboxId);
        List<MessageFlags> updated = new ArrayList<>();
        List<Long> modified = new ArrayList<>();
        for (Message message : box.messages.values()) {
            if (!uids.contains(message.uid)) {
                continue;
            }
            if (change.unchangedSince() >= 0 && message.modSeq > change.unchangedSince()) {
                modified.add(message.uid);
                continue;
            }
            Set<SystemFlag> flags = EnumSet.noneOf(SystemFlag.class);
            flags.addAll(message.flags);
            Set<String> keywords = new TreeSet<>(message.keywords);
            switch (change.operation()) {
                case ADD -> {
                    flags.addAll(change.flags());
                    keywords.addAll(change.keywords());
                }
                case REMOVE -> {
                    flags.removeAll(change.flags());
                    change.keywords().forEach(keywords::remove);
                }
                case REPLACE -> {
                    flags.clear();
                    flags.addAll(change.flags());
                    keywords.clear();
                    keywords.addAll(change.keywords());
                }
            }
            if (!flags.equals(message.flags) || !List.copyOf(keywords).equals(message.keywords)) {
                message.flags = flags;
                message.keywords = List.copyOf(keywords);
                message.modSeq = ++box.modSeq;
                updated.add(message.flags());
            }
        }
        return new StoreResult(updated, modified.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public synchronized CopyResult copy(String account, long mailboxId, UidSet uids, String target, boolean move) {
        calls.add((move ? "move " : "copy ") + target);
        Box from = byId(account, mailboxId);
        Box to = boxes.get(account).get(target);
        if (to == null) {
            return CopyResult.of(CopyResult.Outcome.NO_TARGET);
        }
        List<Message> chosen = from.messages.values().stream().filter(m -> uids.contains(m.uid)).toList();
        long[] source = new long[chosen.size()];
        long[] created = new long[chosen.size()];
        for (int i = 0; i < chosen.size(); i++) {
            Message original = chosen.get(i);
            Message copy = new Message(to.uidNext++, original.content);
            copy.flags = EnumSet.noneOf(SystemFlag.class);
            copy.flags.addAll(original.flags);
            copy.keywords = original.keywords;
            copy.modSeq = ++to.modSeq;
            to.messages.put(copy.uid, copy);
            source[i] = original.uid;
            created[i] = copy.uid;
            if (move) {
                from.messages.remove(original.uid);
                from.expunged.put(original.uid, ++from.modSeq);
            }
        }
        return new CopyResult(CopyResult.Outcome.DONE, to.uidValidity, source, created);
    }

    @Override
    public synchronized long[] expunge(String account, long mailboxId, UidSet uids) {
        calls.add("expunge " + mailboxId);
        Box box = byId(account, mailboxId);
        List<Long> gone = box.messages.values().stream()
                .filter(m -> m.flags.contains(SystemFlag.DELETED) && (uids == null || uids.contains(m.uid)))
                .map(m -> m.uid).toList();
        gone.forEach(uid -> {
            box.messages.remove(uid);
            box.expunged.put(uid, ++box.modSeq);
        });
        return gone.stream().mapToLong(Long::longValue).toArray();
    }

    /** All or none, as the platform must: every message is checked before the first is stored. */
    @Override
    public synchronized AppendResult append(String account, String mailbox, List<NewMessage> messages) {
        calls.add("append " + mailbox + " " + messages.size());
        Box box = boxes.get(account).get(mailbox);
        if (box == null) {
            return AppendResult.of(AppendResult.Outcome.NO_TARGET);
        }
        if (messages.stream().anyMatch(m -> m.content().size() > maxMessageSize)) {
            return AppendResult.of(AppendResult.Outcome.TOO_BIG);
        }
        long[] uids = new long[messages.size()];
        for (int i = 0; i < uids.length; i++) {
            NewMessage message = messages.get(i);
            try (InputStream in = message.content().openStream()) {
                uids[i] = deliver(account, mailbox, new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        message.flags().toArray(SystemFlag[]::new));
                box.messages.get(uids[i]).keywords = List.copyOf(message.keywords());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new AppendResult(AppendResult.Outcome.DONE, box.uidValidity, uids);
    }

    /** The keys the tests use: ALL, flags, UID sets and their combinations. */
    @Override
    public synchronized long[] search(String account, long mailboxId, SearchKey key) {
        calls.add("search");
        if (searchFails) {
            return null;
        }
        return byId(account, mailboxId).messages.values().stream().filter(m -> matches(m, key))
                .mapToLong(m -> m.uid).toArray();
    }

    private static boolean matches(Message message, SearchKey key) {
        if (key instanceof SearchKey.Flag flag) {
            return message.flags.contains(flag.flag()) == flag.set();
        }
        if (key instanceof SearchKey.Uids uids) {
            return uids.set().contains(message.uid);
        }
        if (key instanceof SearchKey.ModSeq modSeq) {
            return message.modSeq >= modSeq.modSeq();
        }
        if (key instanceof SearchKey.Not not) {
            return !matches(message, not.key());
        }
        if (key instanceof SearchKey.Or or) {
            return matches(message, or.left()) || matches(message, or.right());
        }
        if (key instanceof SearchKey.And and) {
            return and.keys().stream().allMatch(k -> matches(message, k));
        }
        return key instanceof SearchKey.All;
    }

    @Override
    public synchronized QuotaUsage quota(String account) {
        calls.add("quota");
        return quota;
    }

    @Override
    public void beforeDelivery(Method method) {
    }

    @Override
    public void afterDelivery() {
    }

    @Override
    public void release() {
    }
}
