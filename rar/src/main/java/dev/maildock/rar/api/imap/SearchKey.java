package dev.maildock.rar.api.imap;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;

/**
 * A SEARCH program (RFC 9051 section 6.4.4) as the platform evaluates it. The session resolves
 * what only it knows before asking: message sequence numbers and the saved result {@code $} become
 * {@link Uids}; FROM, TO, CC, BCC and SUBJECT become {@link Header}; RECENT (IMAP4rev1) becomes the
 * session's {@code \Recent} UIDs ({@link None} for none), NEW those and UNSEEN, OLD NOT those. Strings match as case-insensitive
 * substrings of the decoded text (RFC 2047 words decoded), dates compare in the server's zone as
 * the RFC says for INTERNALDATE, and the header Date's own zone for SENT*.
 */
public sealed interface SearchKey extends Serializable {

    /** Whether {@code test} holds for this key or any key under its NOT, OR and AND. */
    default boolean anyKey(Predicate<SearchKey> test) {
        if (test.test(this)) {
            return true;
        }
        if (this instanceof Not not) {
            return not.key().anyKey(test);
        }
        if (this instanceof Or or) {
            return or.left().anyKey(test) || or.right().anyKey(test);
        }
        return this instanceof And and && and.keys().stream().anyMatch(key -> key.anyKey(test));
    }

    /** ALL. */
    record All() implements SearchKey {
    }

    /** No message (e.g. RECENT where {@code \Recent} is never set). */
    record None() implements SearchKey {
    }

    /** ANSWERED/UNANSWERED, DELETED/UNDELETED, DRAFT/UNDRAFT, FLAGGED/UNFLAGGED, SEEN/UNSEEN. */
    record Flag(SystemFlag flag, boolean set) implements SearchKey {
    }

    /** KEYWORD / UNKEYWORD. */
    record Keyword(String keyword, boolean set) implements SearchKey {
    }

    /** HEADER field value (an empty value matches every message that has the field). */
    record Header(String field, String value) implements SearchKey {
    }

    /** BODY: the body text, after the header. */
    record Body(String text) implements SearchKey {
    }

    /** TEXT: header and body. */
    record Text(String text) implements SearchKey {
    }

    enum Comparison { BEFORE, ON, SINCE }

    /** BEFORE/ON/SINCE on INTERNALDATE. */
    record InternalDate(Comparison comparison, LocalDate date) implements SearchKey {
    }

    /** SENTBEFORE/SENTON/SENTSINCE on the Date header. */
    record SentDate(Comparison comparison, LocalDate date) implements SearchKey {
    }

    /** LARGER n ({@code larger}) or SMALLER n on RFC822.SIZE. */
    record Size(boolean larger, long octets) implements SearchKey {
    }

    /** UID set (and sequence sets, which the session turned into UIDs). */
    record Uids(UidSet set) implements SearchKey {
    }

    /** MODSEQ n (RFC 7162): messages whose MODSEQ is at least n. */
    record ModSeq(long modSeq) implements SearchKey {
    }

    record Not(SearchKey key) implements SearchKey {
    }

    record Or(SearchKey left, SearchKey right) implements SearchKey {
    }

    /** A list of keys, all of which must match (a parenthesised list, or the top level). */
    record And(List<SearchKey> keys) implements SearchKey {
        public And {
            keys = List.copyOf(keys);
        }
    }
}
