package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.FlagChange;
import dev.maildock.rar.api.imap.SpecialUse;
import dev.maildock.rar.api.imap.SystemFlag;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses one framed command ({@link ImapFrame.Command}) into an {@link ImapCommand}, straight from
 * the buffer: tokens are read in place and only arguments become strings. Any fault, whatever the
 * input, is an {@link ImapSyntaxException} with the tag when one was read; nothing else escapes
 * (nesting is bounded, so no stack overflow either).
 */
public final class ImapParser {

    /** RFC 2971 section 3.3: at most 30 field-value pairs. */
    static final int MAX_ID_FIELDS = 30;

    private final ImapReader in;

    private ImapParser(ImapReader in) {
        this.in = in;
    }

    /**
     * @param utf8 mailbox names are UTF-8 (IMAP4rev2 or UTF8=ACCEPT enabled), not modified UTF-7
     */
    public static ImapCommand parse(ImapFrame.Command frame, boolean utf8) throws ImapSyntaxException {
        ImapReader in = new ImapReader(frame, utf8);
        try {
            ImapCommand command = new ImapParser(in).command();
            in.finish();
            return command;
        } catch (IndexOutOfBoundsException | IllegalArgumentException | DateTimeException e) {
            // Defence in depth: a slip in a rule must still be an answer, not a fault.
            throw in.fail("Invalid command");
        }
    }

    private ImapCommand command() throws ImapSyntaxException {
        in.readTag();
        in.sp();
        String name = in.word();
        return switch (name) {
            case "CAPABILITY" -> new ImapCommand.Capability(in.tag());
            case "NOOP" -> new ImapCommand.Noop(in.tag());
            case "LOGOUT" -> new ImapCommand.Logout(in.tag());
            case "STARTTLS" -> new ImapCommand.StartTls(in.tag());
            case "AUTHENTICATE" -> authenticate();
            case "LOGIN" -> new ImapCommand.Login(in.tag(), in.spAstring(), in.spAstring());
            case "ENABLE" -> enable();
            case "SELECT", "EXAMINE" -> select(name.equals("EXAMINE"));
            case "CREATE" -> create();
            case "DELETE" -> new ImapCommand.Delete(in.tag(), in.spMailbox());
            case "RENAME" -> new ImapCommand.Rename(in.tag(), in.spMailbox(), in.spNewMailbox());
            case "SUBSCRIBE", "UNSUBSCRIBE" ->
                    new ImapCommand.Subscribe(in.tag(), in.spMailbox(), name.equals("SUBSCRIBE"));
            case "LIST" -> list();
            case "LSUB" -> lsub();
            case "NAMESPACE" -> new ImapCommand.Namespace(in.tag());
            case "STATUS" -> status();
            case "APPEND" -> append();
            case "IDLE" -> new ImapCommand.Idle(in.tag());
            case "CHECK" -> new ImapCommand.Check(in.tag());
            case "CLOSE" -> new ImapCommand.Close(in.tag());
            case "UNSELECT" -> new ImapCommand.Unselect(in.tag());
            case "EXPUNGE" -> new ImapCommand.Expunge(in.tag(), null);
            case "SEARCH" -> new SearchParser(in).search(false);
            case "FETCH" -> new FetchParser(in).fetch(false);
            case "STORE" -> store(false);
            case "COPY", "MOVE" -> copy(false, name.equals("MOVE"));
            case "UID" -> uid();
            case "ID" -> id();
            case "GETQUOTA" -> new ImapCommand.GetQuota(in.tag(), in.spAstring());
            case "GETQUOTAROOT" -> new ImapCommand.GetQuotaRoot(in.tag(), in.spMailbox());
            case "SETQUOTA" -> setQuota();
            default -> throw in.fail("Unknown command");
        };
    }

    private ImapCommand uid() throws ImapSyntaxException {
        in.sp();
        String name = in.word();
        return switch (name) {
            case "FETCH" -> new FetchParser(in).fetch(true);
            case "SEARCH" -> new SearchParser(in).search(true);
            case "STORE" -> store(true);
            case "COPY", "MOVE" -> copy(true, name.equals("MOVE"));
            case "EXPUNGE" -> {
                in.sp();
                yield new ImapCommand.Expunge(in.tag(), in.sequenceSet());
            }
            default -> throw in.fail("Unknown UID command");
        };
    }

    // ---- commands with arguments

    private ImapCommand authenticate() throws ImapSyntaxException {
        in.sp();
        String mechanism = in.word();
        String initial = null;
        if (in.more()) {
            in.sp();
            initial = in.base64();
            if (initial.equals("=")) {
                initial = ""; // RFC 4959 section 3: an empty initial response
            }
        }
        return new ImapCommand.Authenticate(in.tag(), mechanism, initial);
    }

    private ImapCommand enable() throws ImapSyntaxException {
        List<String> capabilities = new ArrayList<>();
        do {
            in.sp();
            capabilities.add(in.word());
        } while (in.more());
        return new ImapCommand.Enable(in.tag(), capabilities);
    }

    /** SELECT and EXAMINE with RFC 7162's parameters: {@code (CONDSTORE)}, {@code (QRESYNC (...))}, or both. */
    private ImapCommand select(boolean readOnly) throws ImapSyntaxException {
        String mailbox = in.spMailbox();
        boolean condstore = false;
        ImapCommand.Qresync qresync = null;
        if (in.more()) {
            in.sp();
            in.expect('(');
            boolean first = true;
            while (!in.take(')')) {
                if (!first && !in.take(' ')) {
                    throw in.fail("Expected SP or )");
                }
                first = false;
                switch (in.word()) {
                    case "CONDSTORE" -> condstore = true;
                    case "QRESYNC" -> {
                        if (qresync != null) {
                            throw in.fail("QRESYNC given twice");
                        }
                        in.sp();
                        qresync = qresync();
                    }
                    default -> throw in.fail("Unknown SELECT parameter");
                }
            }
        }
        return new ImapCommand.Select(in.tag(), mailbox, readOnly, condstore, qresync);
    }

    /**
     * {@code (uidvalidity modseq [known-uids] [(known-sequence-set known-uid-set)])}. The
     * sequence-match data is read and checked, not used: the expunge log, or the view when the log
     * is pruned, answers exactly without it.
     */
    private ImapCommand.Qresync qresync() throws ImapSyntaxException {
        in.expect('(');
        long uidValidity = positive(in.number(SequenceSet.MAX_NUMBER), "UIDVALIDITY");
        in.sp();
        long modSeq = positive(in.number(Long.MAX_VALUE), "MODSEQ");
        SequenceSet knownUids = null;
        if (in.take(' ')) {
            if (in.peek() != '(') {
                knownUids = uidSet();
            }
            if (knownUids == null || in.take(' ')) {
                in.expect('(');
                uidSet();
                in.sp();
                uidSet();
                in.expect(')');
            }
        }
        in.expect(')');
        return new ImapCommand.Qresync(uidValidity, modSeq, knownUids);
    }

    private SequenceSet uidSet() throws ImapSyntaxException {
        SequenceSet set = in.sequenceSet();
        if (set.saved()) {
            throw in.fail("$ is not a UID set here");
        }
        return set;
    }

    private long positive(long value, String what) throws ImapSyntaxException {
        if (value == 0) {
            throw in.fail(what + " must not be zero");
        }
        return value;
    }

    private ImapCommand create() throws ImapSyntaxException {
        String mailbox = in.spNewMailbox();
        // RFC 9051 section 6.3.4: a trailing delimiter only says inferiors are intended.
        while (mailbox.length() > 1 && mailbox.charAt(mailbox.length() - 1) == MailboxName.DELIMITER) {
            mailbox = mailbox.substring(0, mailbox.length() - 1);
        }
        SpecialUse use = null;
        if (in.more()) {
            in.sp();
            in.expect('(');
            if (!in.word().equals("USE")) {
                throw in.fail("Unknown CREATE parameter");
            }
            in.sp();
            in.expect('(');
            do {
                in.expect('\\');
                SpecialUse named = specialUse(in.word());
                use = use == null ? named : use;
            } while (in.take(' '));
            in.expect(')');
            in.expect(')');
        }
        return new ImapCommand.Create(in.tag(), mailbox, use);
    }

    private SpecialUse specialUse(String attribute) throws ImapSyntaxException {
        for (SpecialUse use : SpecialUse.values()) {
            if (use.attribute().substring(1).equalsIgnoreCase(attribute)) {
                return use;
            }
        }
        throw in.fail("Unsupported special use");
    }

    private ImapCommand list() throws ImapSyntaxException {
        in.sp();
        EnumSet<ImapCommand.ListSelection> selection = EnumSet.noneOf(ImapCommand.ListSelection.class);
        if (in.take('(')) {
            while (!in.take(')')) {
                if (!selection.isEmpty() && !in.take(' ')) {
                    throw in.fail("Expected SP or )");
                }
                selection.add(switch (in.word()) {
                    case "SUBSCRIBED" -> ImapCommand.ListSelection.SUBSCRIBED;
                    case "REMOTE" -> ImapCommand.ListSelection.REMOTE;
                    case "RECURSIVEMATCH" -> ImapCommand.ListSelection.RECURSIVEMATCH;
                    case "SPECIAL-USE" -> ImapCommand.ListSelection.SPECIAL_USE;
                    default -> throw in.fail("Unknown LIST selection option");
                });
            }
            // RFC 5258 section 3: RECURSIVEMATCH alone (or with REMOTE only) is an error.
            EnumSet<ImapCommand.ListSelection> others = EnumSet.copyOf(selection);
            others.remove(ImapCommand.ListSelection.RECURSIVEMATCH);
            others.remove(ImapCommand.ListSelection.REMOTE);
            if (selection.contains(ImapCommand.ListSelection.RECURSIVEMATCH) && others.isEmpty()) {
                throw in.fail("RECURSIVEMATCH needs another selection option");
            }
            in.sp();
        }
        String reference = in.decodeName(in.astring());
        in.sp();
        List<String> patterns = new ArrayList<>();
        if (in.take('(')) {
            do {
                patterns.add(in.listMailbox());
            } while (in.take(' '));
            in.expect(')');
        } else {
            patterns.add(in.listMailbox());
        }
        Set<ImapCommand.ListReturn> returns = EnumSet.noneOf(ImapCommand.ListReturn.class);
        Set<ImapCommand.StatusItem> statusItems = EnumSet.noneOf(ImapCommand.StatusItem.class);
        if (in.more()) {
            in.sp();
            if (!in.word().equals("RETURN")) {
                throw in.fail("Expected RETURN");
            }
            in.sp();
            in.expect('(');
            boolean first = true;
            while (!in.take(')')) {
                if (!first && !in.take(' ')) {
                    throw in.fail("Expected SP or )");
                }
                first = false;
                ImapCommand.ListReturn option = switch (in.word()) {
                    case "SUBSCRIBED" -> ImapCommand.ListReturn.SUBSCRIBED;
                    case "CHILDREN" -> ImapCommand.ListReturn.CHILDREN;
                    case "SPECIAL-USE" -> ImapCommand.ListReturn.SPECIAL_USE;
                    case "STATUS" -> ImapCommand.ListReturn.STATUS;
                    default -> throw in.fail("Unknown LIST return option");
                };
                returns.add(option);
                if (option == ImapCommand.ListReturn.STATUS) {
                    in.sp();
                    statusItems.addAll(statusItems());
                }
            }
        }
        return new ImapCommand.ListMailboxes(in.tag(), false, reference, patterns, selection, returns, statusItems);
    }

    private ImapCommand lsub() throws ImapSyntaxException {
        in.sp();
        String reference = in.decodeName(in.astring());
        in.sp();
        return new ImapCommand.ListMailboxes(in.tag(), true, reference, List.of(in.listMailbox()),
                EnumSet.of(ImapCommand.ListSelection.SUBSCRIBED), EnumSet.noneOf(ImapCommand.ListReturn.class),
                EnumSet.noneOf(ImapCommand.StatusItem.class));
    }

    private ImapCommand status() throws ImapSyntaxException {
        String mailbox = in.spMailbox();
        in.sp();
        return new ImapCommand.Status(in.tag(), mailbox, statusItems());
    }

    private Set<ImapCommand.StatusItem> statusItems() throws ImapSyntaxException {
        Set<ImapCommand.StatusItem> items = EnumSet.noneOf(ImapCommand.StatusItem.class);
        in.expect('(');
        do {
            try {
                items.add(ImapCommand.StatusItem.valueOf(in.word()));
            } catch (IllegalArgumentException e) {
                throw in.fail("Unknown STATUS item");
            }
        } while (in.take(' '));
        in.expect(')');
        return items;
    }

    private ImapCommand append() throws ImapSyntaxException {
        String mailbox = in.spMailbox();
        List<ImapCommand.AppendMessage> messages = new ArrayList<>();
        do {
            in.sp();
            Set<SystemFlag> flags = EnumSet.noneOf(SystemFlag.class);
            List<String> keywords = new ArrayList<>();
            if (in.peek() == '(') {
                in.flagList(flags, keywords);
                in.sp();
            }
            OffsetDateTime date = null;
            if (in.peek() == '"') {
                date = in.dateTime();
                in.sp();
            }
            // RFC 6855 section 4: UTF8 (literal8) carries a message with UTF-8 header fields.
            boolean utf8 = in.peek() == 'U' || in.peek() == 'u';
            if (utf8) {
                if (!in.word().equals("UTF8")) {
                    throw in.fail("Expected a message literal");
                }
                in.sp();
                in.expect('(');
                in.expect('~');
            }
            boolean binary = utf8 || in.take('~');
            long size = in.literalHeader();
            messages.add(new ImapCommand.AppendMessage(flags, keywords, date, in.messageLiteral(size), binary));
            if (utf8) {
                in.expect(')');
            }
        } while (in.more());
        return new ImapCommand.Append(in.tag(), mailbox, messages);
    }


    private ImapCommand store(boolean uid) throws ImapSyntaxException {
        in.sp();
        SequenceSet set = in.sequenceSet();
        in.sp();
        long unchangedSince = -1;
        if (in.take('(')) {
            if (!in.word().equals("UNCHANGEDSINCE")) {
                throw in.fail("Unknown STORE modifier");
            }
            in.sp();
            unchangedSince = in.number(Long.MAX_VALUE);
            in.expect(')');
            in.sp();
        }
        FlagChange.Operation operation = in.take('+') ? FlagChange.Operation.ADD
                : in.take('-') ? FlagChange.Operation.REMOVE : FlagChange.Operation.REPLACE;
        boolean silent = switch (in.fetchName()) {
            case "FLAGS" -> false;
            case "FLAGS.SILENT" -> true;
            default -> throw in.fail("Expected FLAGS");
        };
        in.sp();
        Set<SystemFlag> flags = EnumSet.noneOf(SystemFlag.class);
        List<String> keywords = new ArrayList<>();
        if (in.peek() == '(') {
            in.flagList(flags, keywords);
        } else {
            do {
                in.flag(flags, keywords);
            } while (in.take(' '));
        }
        return new ImapCommand.Store(in.tag(), uid, set, operation, silent, flags, keywords, unchangedSince);
    }

    private ImapCommand copy(boolean uid, boolean move) throws ImapSyntaxException {
        in.sp();
        SequenceSet set = in.sequenceSet();
        return new ImapCommand.Copy(in.tag(), uid, set, in.spMailbox(), move);
    }

    private ImapCommand id() throws ImapSyntaxException {
        in.sp();
        Map<String, String> fields = new LinkedHashMap<>();
        if (!in.take('(')) {
            if (!in.word().equals("NIL")) {
                throw in.fail("Expected ( or NIL");
            }
            return new ImapCommand.Id(in.tag(), fields);
        }
        while (!in.take(')')) {
            if (!fields.isEmpty() && !in.take(' ')) {
                throw in.fail("Expected SP or )");
            }
            if (fields.size() >= MAX_ID_FIELDS) {
                throw in.fail("Too many ID fields");
            }
            String field = in.string();
            in.sp();
            fields.put(field, in.nstring());
        }
        return new ImapCommand.Id(in.tag(), fields);
    }

    private ImapCommand setQuota() throws ImapSyntaxException {
        String root = in.spAstring();
        in.sp();
        in.expect('(');
        Map<String, Long> limits = new LinkedHashMap<>();
        while (!in.take(')')) {
            if (!limits.isEmpty() && !in.take(' ')) {
                throw in.fail("Expected SP or )");
            }
            String resource = in.word();
            in.sp();
            limits.put(resource, in.number(Long.MAX_VALUE));
        }
        return new ImapCommand.SetQuota(in.tag(), root, limits);
    }
}
