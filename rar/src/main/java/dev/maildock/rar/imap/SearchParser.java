package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.SearchKey;
import dev.maildock.rar.api.imap.SystemFlag;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SEARCH and UID SEARCH (RFC 9051 section 6.4.4, RFC 3501's keys, RFC 4731/9051 RETURN, RFC 5182
 * {@code $}, RFC 7162 MODSEQ) into a {@link SearchTerm} tree.
 */
final class SearchParser {

    /** How deep SEARCH keys may nest (parentheses, NOT, OR). */
    static final int MAX_DEPTH = 32;

    private final ImapReader in;

    SearchParser(ImapReader in) {
        this.in = in;
    }

    ImapCommand search(boolean uid) throws ImapSyntaxException {
        in.sp();
        Set<ImapCommand.SearchReturn> returns = null;
        String charset = null;
        String word = in.peekWord();
        if (word.equals("RETURN")) {
            in.word();
            in.sp();
            in.expect('(');
            returns = EnumSet.noneOf(ImapCommand.SearchReturn.class);
            boolean first = true;
            while (!in.take(')')) {
                if (!first && !in.take(' ')) {
                    throw in.fail("Expected SP or )");
                }
                first = false;
                try {
                    returns.add(ImapCommand.SearchReturn.valueOf(in.word()));
                } catch (IllegalArgumentException e) {
                    throw in.fail("Unknown SEARCH return option");
                }
            }
            in.sp();
            word = in.peekWord();
        }
        if (word.equals("CHARSET")) {
            in.word();
            in.sp();
            charset = in.astring();
            in.sp();
        }
        List<SearchTerm> terms = new ArrayList<>();
        do {
            terms.add(searchKey(0));
        } while (in.take(' '));
        SearchTerm program = terms.size() == 1 ? terms.get(0) : new SearchTerm.And(terms);
        return new ImapCommand.Search(in.tag(), uid, charset, returns, program);
    }

    private SearchTerm searchKey(int depth) throws ImapSyntaxException {
        if (depth > MAX_DEPTH) {
            throw in.fail("Search keys nested too deep");
        }
        if (in.take('(')) {
            List<SearchTerm> terms = new ArrayList<>();
            do {
                terms.add(searchKey(depth + 1));
            } while (in.take(' '));
            in.expect(')');
            return new SearchTerm.And(terms);
        }
        int c = in.peek();
        if (c == '*' || c == '$' || (c >= '0' && c <= '9')) {
            return new SearchTerm.Messages(in.sequenceSet(), false);
        }
        String key = in.word();
        return switch (key) {
            case "ALL" -> key(new SearchKey.All());
            case "ANSWERED", "DELETED", "DRAFT", "FLAGGED", "SEEN" ->
                    key(new SearchKey.Flag(SystemFlag.valueOf(key), true));
            case "UNANSWERED", "UNDELETED", "UNDRAFT", "UNFLAGGED", "UNSEEN" ->
                    key(new SearchKey.Flag(SystemFlag.valueOf(key.substring(2)), false));
            // IMAP4rev1 \Recent, which only the session knows: NEW is RECENT UNSEEN, OLD NOT RECENT.
            case "RECENT" -> new SearchTerm.Recent();
            case "NEW" -> new SearchTerm.And(List.of(new SearchTerm.Recent(),
                    key(new SearchKey.Flag(SystemFlag.SEEN, false))));
            case "OLD" -> new SearchTerm.Not(new SearchTerm.Recent());
            case "FROM", "TO", "CC", "BCC", "SUBJECT" -> {
                in.sp();
                yield key(new SearchKey.Header(key.charAt(0) + key.substring(1).toLowerCase(Locale.ROOT),
                        in.astring()));
            }
            case "HEADER" -> {
                in.sp();
                String field = in.astring();
                in.sp();
                yield key(new SearchKey.Header(field, in.astring()));
            }
            case "BODY" -> {
                in.sp();
                yield key(new SearchKey.Body(in.astring()));
            }
            case "TEXT" -> {
                in.sp();
                yield key(new SearchKey.Text(in.astring()));
            }
            case "KEYWORD", "UNKEYWORD" -> {
                in.sp();
                yield key(new SearchKey.Keyword(in.atom(), key.equals("KEYWORD")));
            }
            case "BEFORE", "ON", "SINCE" -> {
                in.sp();
                yield key(new SearchKey.InternalDate(SearchKey.Comparison.valueOf(key), in.date()));
            }
            case "SENTBEFORE", "SENTON", "SENTSINCE" -> {
                in.sp();
                yield key(new SearchKey.SentDate(SearchKey.Comparison.valueOf(key.substring(4)), in.date()));
            }
            case "LARGER", "SMALLER" -> {
                in.sp();
                yield key(new SearchKey.Size(key.equals("LARGER"), in.number(Long.MAX_VALUE)));
            }
            case "UID" -> {
                in.sp();
                yield new SearchTerm.Messages(in.sequenceSet(), true);
            }
            case "NOT" -> {
                in.sp();
                yield new SearchTerm.Not(searchKey(depth + 1));
            }
            case "OR" -> {
                in.sp();
                SearchTerm left = searchKey(depth + 1);
                in.sp();
                yield new SearchTerm.Or(left, searchKey(depth + 1));
            }
            case "MODSEQ" -> modSeqKey();
            default -> throw in.fail("Unknown search key");
        };
    }

    private static SearchTerm key(SearchKey key) {
        return new SearchTerm.Key(key);
    }

    /** RFC 7162: MODSEQ [SP entry-name SP entry-type-req] SP mod-sequence-valzer. */
    private SearchTerm modSeqKey() throws ImapSyntaxException {
        in.sp();
        if (in.peek() == '"') {
            in.string(); // the entry name, e.g. "/flags/\draft": MODSEQ is kept per message, not per flag
            in.sp();
            String type = in.word();
            if (!type.equals("PRIV") && !type.equals("SHARED") && !type.equals("ALL")) {
                throw in.fail("Invalid MODSEQ entry type");
            }
            in.sp();
        }
        return key(new SearchKey.ModSeq(in.number(Long.MAX_VALUE)));
    }
}
