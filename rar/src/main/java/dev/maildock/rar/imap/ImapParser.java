package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.FlagChange;
import dev.maildock.rar.api.imap.SearchKey;
import dev.maildock.rar.api.imap.SpecialUse;
import dev.maildock.rar.api.imap.SystemFlag;
import dev.maildock.rar.smtp.MessageSpool;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses one framed command ({@link ImapFrame.Command}) into an {@link ImapCommand}, straight from
 * the buffer: tokens are read in place and only arguments become strings. Any fault, whatever the
 * input, is an {@link ImapSyntaxException} with the tag when one was read; nothing else escapes
 * (nesting is bounded, so no stack overflow either).
 */
public final class ImapParser {

    /** How deep SEARCH keys may nest (parentheses, NOT, OR). */
    static final int MAX_DEPTH = 32;
    /** RFC 2971 section 3.3: at most 30 field-value pairs. */
    static final int MAX_ID_FIELDS = 30;
    private static final String[] MONTHS = {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

    private final ByteBuf buf;
    private final int end;
    private final List<MessageSpool> spools;
    private final boolean utf8;
    private int pos;
    private int nextSpool;
    private String tag;

    private ImapParser(ImapFrame.Command frame, boolean utf8) {
        this.buf = frame.content();
        this.pos = buf.readerIndex();
        this.end = buf.writerIndex();
        this.spools = frame.messages();
        this.utf8 = utf8;
    }

    /**
     * @param utf8 mailbox names are UTF-8 (IMAP4rev2 or UTF8=ACCEPT enabled), not modified UTF-7
     */
    public static ImapCommand parse(ImapFrame.Command frame, boolean utf8) throws ImapSyntaxException {
        ImapParser parser = new ImapParser(frame, utf8);
        try {
            ImapCommand command = parser.command();
            if (parser.pos != parser.end) {
                throw parser.fail("Unexpected text after the command");
            }
            if (parser.nextSpool != parser.spools.size()) {
                throw parser.fail("Unexpected literal");
            }
            return command;
        } catch (IndexOutOfBoundsException | IllegalArgumentException | DateTimeException e) {
            // Defence in depth: a slip in a rule above must still be an answer, not a fault.
            throw parser.fail("Invalid command");
        }
    }

    private ImapCommand command() throws ImapSyntaxException {
        int start = pos;
        while (pos < end && ImapChars.isAstringChar(at(pos)) && at(pos) != '+') {
            pos++;
        }
        if (pos == start || pos - start > 64) {
            throw fail("Invalid tag");
        }
        tag = buf.toString(start, pos - start, StandardCharsets.US_ASCII);
        sp();
        String name = word();
        return switch (name) {
            case "CAPABILITY" -> new ImapCommand.Capability(tag);
            case "NOOP" -> new ImapCommand.Noop(tag);
            case "LOGOUT" -> new ImapCommand.Logout(tag);
            case "STARTTLS" -> new ImapCommand.StartTls(tag);
            case "AUTHENTICATE" -> authenticate();
            case "LOGIN" -> new ImapCommand.Login(tag, spAstring(), spAstring());
            case "ENABLE" -> enable();
            case "SELECT", "EXAMINE" -> select(name.equals("EXAMINE"));
            case "CREATE" -> create();
            case "DELETE" -> new ImapCommand.Delete(tag, spMailbox());
            case "RENAME" -> new ImapCommand.Rename(tag, spMailbox(), spMailbox());
            case "SUBSCRIBE", "UNSUBSCRIBE" -> new ImapCommand.Subscribe(tag, spMailbox(), name.equals("SUBSCRIBE"));
            case "LIST" -> list();
            case "LSUB" -> lsub();
            case "NAMESPACE" -> new ImapCommand.Namespace(tag);
            case "STATUS" -> status();
            case "APPEND" -> append();
            case "IDLE" -> new ImapCommand.Idle(tag);
            case "CHECK" -> new ImapCommand.Check(tag);
            case "CLOSE" -> new ImapCommand.Close(tag);
            case "UNSELECT" -> new ImapCommand.Unselect(tag);
            case "EXPUNGE" -> new ImapCommand.Expunge(tag, null);
            case "SEARCH" -> search(false);
            case "FETCH" -> fetch(false);
            case "STORE" -> store(false);
            case "COPY", "MOVE" -> copy(false, name.equals("MOVE"));
            case "UID" -> uid();
            case "ID" -> id();
            case "GETQUOTA" -> new ImapCommand.GetQuota(tag, spAstring());
            case "GETQUOTAROOT" -> new ImapCommand.GetQuotaRoot(tag, spMailbox());
            case "SETQUOTA" -> setQuota();
            default -> throw fail("Unknown command");
        };
    }

    private ImapCommand uid() throws ImapSyntaxException {
        sp();
        String name = word();
        return switch (name) {
            case "FETCH" -> fetch(true);
            case "SEARCH" -> search(true);
            case "STORE" -> store(true);
            case "COPY", "MOVE" -> copy(true, name.equals("MOVE"));
            case "EXPUNGE" -> {
                sp();
                yield new ImapCommand.Expunge(tag, sequenceSet());
            }
            default -> throw fail("Unknown UID command");
        };
    }

    // ---- commands with arguments

    private ImapCommand authenticate() throws ImapSyntaxException {
        sp();
        String mechanism = word();
        String initial = null;
        if (pos < end) {
            sp();
            int start = pos;
            while (pos < end && isBase64(at(pos))) {
                pos++;
            }
            initial = buf.toString(start, pos - start, StandardCharsets.US_ASCII);
            if (initial.equals("=")) {
                initial = "";
            } else if (initial.isEmpty()) {
                throw fail("Invalid initial response");
            }
        }
        return new ImapCommand.Authenticate(tag, mechanism, initial);
    }

    private ImapCommand enable() throws ImapSyntaxException {
        List<String> capabilities = new ArrayList<>();
        do {
            sp();
            capabilities.add(word());
        } while (pos < end);
        return new ImapCommand.Enable(tag, capabilities);
    }

    private ImapCommand select(boolean readOnly) throws ImapSyntaxException {
        String mailbox = spMailbox();
        boolean condstore = false;
        if (pos < end) {
            sp();
            expect('(');
            while (!take(')')) {
                if (condstore && !take(' ')) {
                    throw fail("Expected SP or )");
                }
                if (!word().equals("CONDSTORE")) {
                    throw fail("Unknown SELECT parameter");
                }
                condstore = true;
            }
        }
        return new ImapCommand.Select(tag, mailbox, readOnly, condstore);
    }

    private ImapCommand create() throws ImapSyntaxException {
        String mailbox = spMailbox();
        // RFC 9051 section 6.3.4: a trailing delimiter only says inferiors are intended.
        while (mailbox.length() > 1 && mailbox.charAt(mailbox.length() - 1) == MailboxName.DELIMITER) {
            mailbox = mailbox.substring(0, mailbox.length() - 1);
        }
        SpecialUse use = null;
        if (pos < end) {
            sp();
            expect('(');
            if (!word().equals("USE")) {
                throw fail("Unknown CREATE parameter");
            }
            sp();
            expect('(');
            do {
                expect('\\');
                SpecialUse named = specialUse(word());
                use = use == null ? named : use;
            } while (take(' '));
            expect(')');
            expect(')');
        }
        return new ImapCommand.Create(tag, mailbox, use);
    }

    private SpecialUse specialUse(String attribute) throws ImapSyntaxException {
        for (SpecialUse use : SpecialUse.values()) {
            if (use.attribute().substring(1).equalsIgnoreCase(attribute)) {
                return use;
            }
        }
        throw fail("Unsupported special use");
    }

    private ImapCommand list() throws ImapSyntaxException {
        sp();
        EnumSet<ImapCommand.ListSelection> selection = EnumSet.noneOf(ImapCommand.ListSelection.class);
        if (take('(')) {
            while (!take(')')) {
                if (!selection.isEmpty() && !take(' ')) {
                    throw fail("Expected SP or )");
                }
                selection.add(switch (word()) {
                    case "SUBSCRIBED" -> ImapCommand.ListSelection.SUBSCRIBED;
                    case "REMOTE" -> ImapCommand.ListSelection.REMOTE;
                    case "RECURSIVEMATCH" -> ImapCommand.ListSelection.RECURSIVEMATCH;
                    case "SPECIAL-USE" -> ImapCommand.ListSelection.SPECIAL_USE;
                    default -> throw fail("Unknown LIST selection option");
                });
            }
            // RFC 5258 section 3: RECURSIVEMATCH alone (or with REMOTE only) is an error.
            EnumSet<ImapCommand.ListSelection> others = EnumSet.copyOf(selection);
            others.remove(ImapCommand.ListSelection.RECURSIVEMATCH);
            others.remove(ImapCommand.ListSelection.REMOTE);
            if (selection.contains(ImapCommand.ListSelection.RECURSIVEMATCH) && others.isEmpty()) {
                throw fail("RECURSIVEMATCH needs another selection option");
            }
            sp();
        }
        String reference = decodeName(astring());
        sp();
        List<String> patterns = new ArrayList<>();
        if (take('(')) {
            do {
                patterns.add(listMailbox());
            } while (take(' '));
            expect(')');
        } else {
            patterns.add(listMailbox());
        }
        Set<ImapCommand.ListReturn> returns = EnumSet.noneOf(ImapCommand.ListReturn.class);
        Set<ImapCommand.StatusItem> statusItems = EnumSet.noneOf(ImapCommand.StatusItem.class);
        if (pos < end) {
            sp();
            if (!word().equals("RETURN")) {
                throw fail("Expected RETURN");
            }
            sp();
            expect('(');
            boolean first = true;
            while (!take(')')) {
                if (!first && !take(' ')) {
                    throw fail("Expected SP or )");
                }
                first = false;
                ImapCommand.ListReturn option = switch (word()) {
                    case "SUBSCRIBED" -> ImapCommand.ListReturn.SUBSCRIBED;
                    case "CHILDREN" -> ImapCommand.ListReturn.CHILDREN;
                    case "SPECIAL-USE" -> ImapCommand.ListReturn.SPECIAL_USE;
                    case "STATUS" -> ImapCommand.ListReturn.STATUS;
                    default -> throw fail("Unknown LIST return option");
                };
                returns.add(option);
                if (option == ImapCommand.ListReturn.STATUS) {
                    sp();
                    statusItems.addAll(statusItems());
                }
            }
        }
        return new ImapCommand.ListMailboxes(tag, false, reference, patterns, selection, returns, statusItems);
    }

    private ImapCommand lsub() throws ImapSyntaxException {
        sp();
        String reference = decodeName(astring());
        sp();
        return new ImapCommand.ListMailboxes(tag, true, reference, List.of(listMailbox()),
                EnumSet.of(ImapCommand.ListSelection.SUBSCRIBED), EnumSet.noneOf(ImapCommand.ListReturn.class),
                EnumSet.noneOf(ImapCommand.StatusItem.class));
    }

    private ImapCommand status() throws ImapSyntaxException {
        String mailbox = spMailbox();
        sp();
        return new ImapCommand.Status(tag, mailbox, statusItems());
    }

    private Set<ImapCommand.StatusItem> statusItems() throws ImapSyntaxException {
        Set<ImapCommand.StatusItem> items = EnumSet.noneOf(ImapCommand.StatusItem.class);
        expect('(');
        do {
            try {
                items.add(ImapCommand.StatusItem.valueOf(word()));
            } catch (IllegalArgumentException e) {
                throw fail("Unknown STATUS item");
            }
        } while (take(' '));
        expect(')');
        return items;
    }

    private ImapCommand append() throws ImapSyntaxException {
        String mailbox = spMailbox();
        List<ImapCommand.AppendMessage> messages = new ArrayList<>();
        do {
            sp();
            Set<SystemFlag> flags = EnumSet.noneOf(SystemFlag.class);
            List<String> keywords = new ArrayList<>();
            if (peek() == '(') {
                flagList(flags, keywords);
                sp();
            }
            OffsetDateTime date = null;
            if (peek() == '"') {
                date = dateTime();
                sp();
            }
            boolean binary = take('~');
            long size = literalHeader();
            if (nextSpool >= spools.size() || spools.get(nextSpool).size() != size) {
                throw fail("Expected a message literal");
            }
            messages.add(new ImapCommand.AppendMessage(flags, keywords, date, spools.get(nextSpool++), binary));
        } while (pos < end);
        return new ImapCommand.Append(tag, mailbox, messages);
    }

    private ImapCommand search(boolean uid) throws ImapSyntaxException {
        sp();
        Set<ImapCommand.SearchReturn> returns = null;
        String charset = null;
        String word = peekWord();
        if (word.equals("RETURN")) {
            word();
            sp();
            expect('(');
            returns = EnumSet.noneOf(ImapCommand.SearchReturn.class);
            boolean first = true;
            while (!take(')')) {
                if (!first && !take(' ')) {
                    throw fail("Expected SP or )");
                }
                first = false;
                try {
                    returns.add(ImapCommand.SearchReturn.valueOf(word()));
                } catch (IllegalArgumentException e) {
                    throw fail("Unknown SEARCH return option");
                }
            }
            sp();
            word = peekWord();
        }
        if (word.equals("CHARSET")) {
            word();
            sp();
            charset = astring();
            sp();
        }
        List<SearchTerm> terms = new ArrayList<>();
        do {
            terms.add(searchKey(0));
        } while (take(' '));
        SearchTerm program = terms.size() == 1 ? terms.get(0) : new SearchTerm.And(terms);
        return new ImapCommand.Search(tag, uid, charset, returns, program);
    }

    private SearchTerm searchKey(int depth) throws ImapSyntaxException {
        if (depth > MAX_DEPTH) {
            throw fail("Search keys nested too deep");
        }
        int c = peek();
        if (c == '(') {
            pos++;
            List<SearchTerm> terms = new ArrayList<>();
            do {
                terms.add(searchKey(depth + 1));
            } while (take(' '));
            expect(')');
            return new SearchTerm.And(terms);
        }
        if (c == '*' || c == '$' || (c >= '0' && c <= '9')) {
            return new SearchTerm.Messages(sequenceSet(), false);
        }
        String key = word();
        return switch (key) {
            case "ALL" -> key(new SearchKey.All());
            case "ANSWERED", "DELETED", "DRAFT", "FLAGGED", "SEEN" ->
                    key(new SearchKey.Flag(SystemFlag.valueOf(key), true));
            case "UNANSWERED", "UNDELETED", "UNDRAFT", "UNFLAGGED", "UNSEEN" ->
                    key(new SearchKey.Flag(SystemFlag.valueOf(key.substring(2)), false));
            // IMAP4rev1: \Recent is never set here, so RECENT and NEW match nothing and OLD everything.
            case "RECENT", "NEW" -> key(new SearchKey.None());
            case "OLD" -> key(new SearchKey.All());
            case "FROM", "TO", "CC", "BCC", "SUBJECT" -> {
                sp();
                yield key(new SearchKey.Header(key.charAt(0) + key.substring(1).toLowerCase(Locale.ROOT),
                        astring()));
            }
            case "HEADER" -> {
                sp();
                String field = astring();
                sp();
                yield key(new SearchKey.Header(field, astring()));
            }
            case "BODY" -> {
                sp();
                yield key(new SearchKey.Body(astring()));
            }
            case "TEXT" -> {
                sp();
                yield key(new SearchKey.Text(astring()));
            }
            case "KEYWORD", "UNKEYWORD" -> {
                sp();
                yield key(new SearchKey.Keyword(atom(), key.equals("KEYWORD")));
            }
            case "BEFORE", "ON", "SINCE" -> {
                sp();
                yield key(new SearchKey.InternalDate(SearchKey.Comparison.valueOf(key), date()));
            }
            case "SENTBEFORE", "SENTON", "SENTSINCE" -> {
                sp();
                yield key(new SearchKey.SentDate(SearchKey.Comparison.valueOf(key.substring(4)), date()));
            }
            case "LARGER", "SMALLER" -> {
                sp();
                yield key(new SearchKey.Size(key.equals("LARGER"), number(Long.MAX_VALUE)));
            }
            case "UID" -> {
                sp();
                yield new SearchTerm.Messages(sequenceSet(), true);
            }
            case "NOT" -> {
                sp();
                yield new SearchTerm.Not(searchKey(depth + 1));
            }
            case "OR" -> {
                sp();
                SearchTerm left = searchKey(depth + 1);
                sp();
                yield new SearchTerm.Or(left, searchKey(depth + 1));
            }
            case "MODSEQ" -> modSeqKey();
            default -> throw fail("Unknown search key");
        };
    }

    private static SearchTerm key(SearchKey key) {
        return new SearchTerm.Key(key);
    }

    /** RFC 7162: MODSEQ [SP entry-name SP entry-type-req] SP mod-sequence-valzer. */
    private SearchTerm modSeqKey() throws ImapSyntaxException {
        sp();
        if (peek() == '"') {
            string(); // the entry name, e.g. "/flags/\draft": MODSEQ is kept per message, not per flag
            sp();
            String type = word();
            if (!type.equals("PRIV") && !type.equals("SHARED") && !type.equals("ALL")) {
                throw fail("Invalid MODSEQ entry type");
            }
            sp();
        }
        return key(new SearchKey.ModSeq(number(Long.MAX_VALUE)));
    }

    private ImapCommand fetch(boolean uid) throws ImapSyntaxException {
        sp();
        SequenceSet set = sequenceSet();
        sp();
        List<FetchItem> items = new ArrayList<>();
        if (take('(')) {
            do {
                items.add(fetchItem());
            } while (take(' '));
            expect(')');
        } else {
            String macro = peekWord();
            switch (macro) {
                case "ALL", "FAST", "FULL" -> {
                    word();
                    items.addAll(List.of(FetchItem.Simple.FLAGS, FetchItem.Simple.INTERNALDATE,
                            FetchItem.Simple.RFC822_SIZE));
                    if (!macro.equals("FAST")) {
                        items.add(FetchItem.Simple.ENVELOPE);
                    }
                    if (macro.equals("FULL")) {
                        items.add(FetchItem.Simple.BODY);
                    }
                }
                default -> items.add(fetchItem());
            }
        }
        if (uid && !items.contains(FetchItem.Simple.UID)) {
            items.add(0, FetchItem.Simple.UID); // RFC 9051 section 6.4.9: UID FETCH always answers UID
        }
        long changedSince = -1;
        boolean vanished = false;
        if (pos < end) {
            sp();
            expect('(');
            do {
                switch (word()) {
                    case "CHANGEDSINCE" -> {
                        sp();
                        changedSince = number(Long.MAX_VALUE);
                    }
                    case "VANISHED" -> vanished = true;
                    default -> throw fail("Unknown FETCH modifier");
                }
            } while (take(' '));
            expect(')');
            if (vanished && (!uid || changedSince < 0)) {
                throw fail("VANISHED needs UID FETCH with CHANGEDSINCE"); // RFC 7162 section 3.2.6
            }
        }
        return new ImapCommand.Fetch(tag, uid, set, items, changedSince, vanished);
    }

    private FetchItem fetchItem() throws ImapSyntaxException {
        String name = fetchName();
        return switch (name) {
            case "ENVELOPE" -> FetchItem.Simple.ENVELOPE;
            case "FLAGS" -> FetchItem.Simple.FLAGS;
            case "INTERNALDATE" -> FetchItem.Simple.INTERNALDATE;
            case "UID" -> FetchItem.Simple.UID;
            case "MODSEQ" -> FetchItem.Simple.MODSEQ;
            case "BODYSTRUCTURE" -> FetchItem.Simple.BODYSTRUCTURE;
            case "RFC822" -> FetchItem.Simple.RFC822;
            case "RFC822.HEADER" -> FetchItem.Simple.RFC822_HEADER;
            case "RFC822.SIZE" -> FetchItem.Simple.RFC822_SIZE;
            case "RFC822.TEXT" -> FetchItem.Simple.RFC822_TEXT;
            case "BODY" -> peek() == '[' ? sectionItem(false, false) : FetchItem.Simple.BODY;
            case "BODY.PEEK" -> sectionItem(false, true);
            case "BINARY" -> sectionItem(true, false);
            case "BINARY.PEEK" -> sectionItem(true, true);
            case "BINARY.SIZE" -> new FetchItem.BinarySize(binarySection());
            default -> throw fail("Unknown FETCH item");
        };
    }

    private FetchItem sectionItem(boolean binary, boolean peek) throws ImapSyntaxException {
        SectionSpec section = binary ? binarySection() : section();
        long offset = -1;
        long length = -1;
        if (take('<')) {
            offset = number(Long.MAX_VALUE);
            expect('.');
            length = number(Long.MAX_VALUE);
            if (length == 0) {
                throw fail("A partial's length is at least 1");
            }
            expect('>');
        }
        return new FetchItem.Section(binary, peek, section, offset, length);
    }

    private SectionSpec section() throws ImapSyntaxException {
        expect('[');
        int[] part = sectionPart();
        SectionSpec.Text text = SectionSpec.Text.ALL;
        List<String> fields = List.of();
        if (part.length == 0 || take('.')) {
            if (peek() != ']') {
                String name = fetchName();
                text = switch (name) {
                    case "HEADER" -> SectionSpec.Text.HEADER;
                    case "HEADER.FIELDS" -> SectionSpec.Text.HEADER_FIELDS;
                    case "HEADER.FIELDS.NOT" -> SectionSpec.Text.HEADER_FIELDS_NOT;
                    case "TEXT" -> SectionSpec.Text.TEXT;
                    case "MIME" -> SectionSpec.Text.MIME;
                    default -> throw fail("Unknown section");
                };
                if (text == SectionSpec.Text.MIME && part.length == 0) {
                    throw fail("MIME needs a part number");
                }
            } else if (part.length > 0) {
                throw fail("Unknown section");
            }
            if (text == SectionSpec.Text.HEADER_FIELDS || text == SectionSpec.Text.HEADER_FIELDS_NOT) {
                sp();
                expect('(');
                List<String> names = new ArrayList<>();
                do {
                    names.add(astring().toUpperCase(Locale.ROOT));
                } while (take(' '));
                expect(')');
                fields = names;
            }
        }
        expect(']');
        return new SectionSpec(part, text, fields);
    }

    private SectionSpec binarySection() throws ImapSyntaxException {
        expect('[');
        int[] part = sectionPart();
        expect(']');
        return new SectionSpec(part, SectionSpec.Text.ALL, List.of());
    }

    /** Part numbers {@code 1.2.3}; stops before a {@code .} not followed by a digit. */
    private int[] sectionPart() throws ImapSyntaxException {
        int[] part = new int[0];
        while (isDigit(peek())) {
            if (part.length >= MAX_DEPTH) {
                throw fail("Part path too deep");
            }
            part = Arrays.copyOf(part, part.length + 1);
            part[part.length - 1] = (int) number(Integer.MAX_VALUE);
            if (part[part.length - 1] == 0) {
                throw fail("Part numbers start at 1");
            }
            if (peek() == '.' && pos + 1 < end && isDigit(at(pos + 1))) {
                pos++;
            } else {
                break;
            }
        }
        return part;
    }

    private ImapCommand store(boolean uid) throws ImapSyntaxException {
        sp();
        SequenceSet set = sequenceSet();
        sp();
        long unchangedSince = -1;
        if (take('(')) {
            if (!word().equals("UNCHANGEDSINCE")) {
                throw fail("Unknown STORE modifier");
            }
            sp();
            unchangedSince = number(Long.MAX_VALUE);
            expect(')');
            sp();
        }
        FlagChange.Operation operation = take('+') ? FlagChange.Operation.ADD
                : take('-') ? FlagChange.Operation.REMOVE : FlagChange.Operation.REPLACE;
        boolean silent = switch (fetchName()) {
            case "FLAGS" -> false;
            case "FLAGS.SILENT" -> true;
            default -> throw fail("Expected FLAGS");
        };
        sp();
        Set<SystemFlag> flags = EnumSet.noneOf(SystemFlag.class);
        List<String> keywords = new ArrayList<>();
        if (peek() == '(') {
            flagList(flags, keywords);
        } else {
            do {
                flag(flags, keywords);
            } while (take(' '));
        }
        return new ImapCommand.Store(tag, uid, set, operation, silent, flags, keywords, unchangedSince);
    }

    private ImapCommand copy(boolean uid, boolean move) throws ImapSyntaxException {
        sp();
        SequenceSet set = sequenceSet();
        return new ImapCommand.Copy(tag, uid, set, spMailbox(), move);
    }

    private ImapCommand id() throws ImapSyntaxException {
        sp();
        Map<String, String> fields = new LinkedHashMap<>();
        if (peek() != '(') {
            if (!word().equals("NIL")) {
                throw fail("Expected ( or NIL");
            }
            return new ImapCommand.Id(tag, fields);
        }
        pos++;
        while (!take(')')) {
            if (!fields.isEmpty() && !take(' ')) {
                throw fail("Expected SP or )");
            }
            if (fields.size() >= MAX_ID_FIELDS) {
                throw fail("Too many ID fields");
            }
            String field = string();
            sp();
            fields.put(field, nstring());
        }
        return new ImapCommand.Id(tag, fields);
    }

    private ImapCommand setQuota() throws ImapSyntaxException {
        String root = spAstring();
        sp();
        expect('(');
        Map<String, Long> limits = new LinkedHashMap<>();
        while (!take(')')) {
            if (!limits.isEmpty() && !take(' ')) {
                throw fail("Expected SP or )");
            }
            String resource = word();
            sp();
            limits.put(resource, number(Long.MAX_VALUE));
        }
        return new ImapCommand.SetQuota(tag, root, limits);
    }

    // ---- tokens

    private void flagList(Set<SystemFlag> flags, List<String> keywords) throws ImapSyntaxException {
        expect('(');
        if (take(')')) {
            return;
        }
        do {
            flag(flags, keywords);
        } while (take(' '));
        expect(')');
    }

    private void flag(Set<SystemFlag> flags, List<String> keywords) throws ImapSyntaxException {
        if (take('\\')) {
            String name = atom();
            if (name.equalsIgnoreCase("Recent")) {
                return; // RFC 3501 section 2.3.2: the server sets \Recent, a client cannot; ignored
            }
            for (SystemFlag flag : SystemFlag.values()) {
                if (flag.atom().substring(1).equalsIgnoreCase(name)) {
                    flags.add(flag);
                    return;
                }
            }
            throw fail("Unknown system flag");
        }
        keywords.add(atom());
    }

    private SequenceSet sequenceSet() throws ImapSyntaxException {
        if (take('$')) {
            return new SequenceSet(new long[0], true);
        }
        long[] bounds = new long[4];
        int count = 0;
        do {
            if (count + 2 > bounds.length) {
                bounds = Arrays.copyOf(bounds, bounds.length * 2);
            }
            long first = sequenceNumber();
            bounds[count++] = first;
            bounds[count++] = take(':') ? sequenceNumber() : first;
        } while (take(','));
        return new SequenceSet(Arrays.copyOf(bounds, count), false);
    }

    private long sequenceNumber() throws ImapSyntaxException {
        if (take('*')) {
            return SequenceSet.STAR;
        }
        long n = number(SequenceSet.MAX_NUMBER);
        if (n == 0) {
            throw fail("Invalid sequence set");
        }
        return n;
    }

    private long number(long max) throws ImapSyntaxException {
        int start = pos;
        long value = 0;
        while (pos < end && isDigit(at(pos))) {
            value = value * 10 + (at(pos) - '0');
            if (value > max || pos - start > 19) {
                throw fail("Number too large");
            }
            pos++;
        }
        if (pos == start) {
            throw fail("Expected a number");
        }
        return value;
    }

    private String spMailbox() throws ImapSyntaxException {
        sp();
        return MailboxName.normalize(decodeName(astring()));
    }

    private String decodeName(String wire) throws ImapSyntaxException {
        if (utf8) {
            return wire;
        }
        try {
            return MailboxName.decodeUtf7(wire);
        } catch (IllegalArgumentException e) {
            throw fail("Invalid mailbox name: " + e.getMessage());
        }
    }

    private String listMailbox() throws ImapSyntaxException {
        int c = peek();
        if (c == '"' || c == '{') {
            return decodeName(string());
        }
        int start = pos;
        while (pos < end && ImapChars.isListChar(at(pos))) {
            pos++;
        }
        if (pos == start) {
            throw fail("Expected a mailbox pattern");
        }
        return decodeName(buf.toString(start, pos - start, StandardCharsets.US_ASCII));
    }

    private String spAstring() throws ImapSyntaxException {
        sp();
        return astring();
    }

    private String astring() throws ImapSyntaxException {
        int c = peek();
        if (c == '"' || c == '{') {
            return string();
        }
        int start = pos;
        while (pos < end && ImapChars.isAstringChar(at(pos))) {
            pos++;
        }
        if (pos == start) {
            throw fail("Expected an atom or a string");
        }
        return buf.toString(start, pos - start, StandardCharsets.US_ASCII);
    }

    private String nstring() throws ImapSyntaxException {
        if (peek() == 'N' || peek() == 'n') {
            if (!word().equals("NIL")) {
                throw fail("Expected a string or NIL");
            }
            return null;
        }
        return string();
    }

    private String string() throws ImapSyntaxException {
        if (peek() == '{') {
            long size = literalHeader();
            if (size > end - pos) {
                throw fail("Literal missing");
            }
            String text = buf.toString(pos, (int) size, StandardCharsets.UTF_8);
            pos += (int) size;
            return text;
        }
        expect('"');
        int start = pos;
        boolean escaped = false;
        while (pos < end && at(pos) != '"') {
            int c = at(pos);
            if (c == '\r' || c == '\n' || c == 0) {
                throw fail("Invalid character in a quoted string");
            }
            if (c == '\\') {
                escaped = true;
                pos++;
                if (pos >= end || (at(pos) != '\\' && at(pos) != '"')) {
                    throw fail("Invalid escape in a quoted string");
                }
            }
            pos++;
        }
        int stop = pos;
        expect('"');
        if (!escaped) {
            return buf.toString(start, stop - start, StandardCharsets.UTF_8);
        }
        byte[] octets = new byte[stop - start];
        int length = 0;
        for (int i = start; i < stop; i++) {
            byte b = buf.getByte(i);
            if (b == '\\') {
                b = buf.getByte(++i);
            }
            octets[length++] = b;
        }
        return new String(octets, 0, length, StandardCharsets.UTF_8);
    }

    /** {@code {n}} or {@code {n+}} and CRLF; returns n. */
    private long literalHeader() throws ImapSyntaxException {
        expect('{');
        long size = number(SequenceSet.MAX_NUMBER);
        take('+');
        expect('}');
        expect('\r');
        expect('\n');
        return size;
    }

    /** RFC 9051 date-time: {@code "dd-Mon-yyyy hh:mm:ss +zzzz"}, the day perhaps space-padded. */
    private OffsetDateTime dateTime() throws ImapSyntaxException {
        expect('"');
        int day = take(' ') ? digits(1) : digits(peekDigits() == 1 ? 1 : 2);
        expect('-');
        int month = month();
        expect('-');
        int year = digits(4);
        expect(' ');
        int hour = digits(2);
        expect(':');
        int minute = digits(2);
        expect(':');
        int second = digits(2);
        expect(' ');
        int sign = take('+') ? 1 : take('-') ? -1 : 0;
        if (sign == 0) {
            throw fail("Invalid zone");
        }
        int zone = digits(4);
        expect('"');
        try {
            ZoneOffset offset = ZoneOffset.ofHoursMinutes(sign * (zone / 100), sign * (zone % 100));
            return OffsetDateTime.of(year, month, day, hour, minute, second, 0, offset);
        } catch (DateTimeException e) {
            throw fail("Invalid date-time");
        }
    }

    /** RFC 9051 date: {@code d-Mon-yyyy}, perhaps quoted. */
    private LocalDate date() throws ImapSyntaxException {
        boolean quoted = take('"');
        int day = digits(peekDigits() == 1 ? 1 : 2);
        expect('-');
        int month = month();
        expect('-');
        int year = digits(4);
        if (quoted) {
            expect('"');
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw fail("Invalid date");
        }
    }

    private int month() throws ImapSyntaxException {
        if (end - pos >= 3) {
            for (int i = 0; i < MONTHS.length; i++) {
                if (buf.toString(pos, 3, StandardCharsets.US_ASCII).equalsIgnoreCase(MONTHS[i])) {
                    pos += 3;
                    return i + 1;
                }
            }
        }
        throw fail("Invalid month");
    }

    private int peekDigits() {
        int n = 0;
        while (pos + n < end && isDigit(at(pos + n))) {
            n++;
        }
        return n;
    }

    private int digits(int count) throws ImapSyntaxException {
        int value = 0;
        for (int i = 0; i < count; i++) {
            if (pos >= end || !isDigit(at(pos))) {
                throw fail("Expected a digit");
            }
            value = value * 10 + at(pos++) - '0';
        }
        return value;
    }

    /** An atom in upper case (command names, keys, options). */
    private String word() throws ImapSyntaxException {
        return atom().toUpperCase(Locale.ROOT);
    }

    /** The next atom in upper case without reading it, or "" when none. */
    private String peekWord() {
        int start = pos;
        int stop = pos;
        while (stop < end && ImapChars.isAtomChar(at(stop))) {
            stop++;
        }
        return buf.toString(start, stop - start, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
    }

    private String atom() throws ImapSyntaxException {
        int start = pos;
        while (pos < end && ImapChars.isAtomChar(at(pos))) {
            pos++;
        }
        if (pos == start) {
            throw fail("Expected an atom");
        }
        return buf.toString(start, pos - start, StandardCharsets.US_ASCII);
    }

    /** A FETCH item or section name: letters, digits and dots, in upper case (stops at {@code [}). */
    private String fetchName() throws ImapSyntaxException {
        int start = pos;
        while (pos < end && (Character.isLetterOrDigit(at(pos)) || at(pos) == '.') && at(pos) < 128) {
            pos++;
        }
        if (pos == start) {
            throw fail("Expected a data item");
        }
        return buf.toString(start, pos - start, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
    }

    private void sp() throws ImapSyntaxException {
        expect(' ');
    }

    private void expect(char c) throws ImapSyntaxException {
        if (!take(c)) {
            throw fail(pos >= end ? "Missing argument" : "Expected " + (c == ' ' ? "SP" : c == '\r' ? "CRLF"
                    : c == '\n' ? "LF" : String.valueOf(c)));
        }
    }

    private boolean take(char c) {
        if (pos < end && at(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private int peek() {
        return pos < end ? at(pos) : -1;
    }

    private int at(int index) {
        return buf.getByte(index) & 0xff;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isBase64(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c == '+' || c == '/' || c == '=';
    }

    private ImapSyntaxException fail(String text) {
        return new ImapSyntaxException(tag, text);
    }
}
