package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.SearchKey;
import dev.maildock.rar.api.imap.UidSet;

import java.util.ArrayList;
import java.util.List;

/**
 * A SEARCH program as parsed: {@link SearchKey}s, except for sequence sets and RECENT, which only
 * the session can resolve; {@link #toKey} gives the platform's program.
 */
public sealed interface SearchTerm {

    /** A key the platform evaluates as it is. */
    record Key(SearchKey key) implements SearchTerm {
    }

    /** A sequence set ({@code uid} false) or the UID key; either may be {@code $}. */
    record Messages(SequenceSet set, boolean uid) implements SearchTerm {
    }

    /** RECENT: the messages that are {@code \Recent} to this session (IMAP4rev1). */
    record Recent() implements SearchTerm {
    }

    record Not(SearchTerm term) implements SearchTerm {
    }

    record Or(SearchTerm left, SearchTerm right) implements SearchTerm {
    }

    record And(List<SearchTerm> terms) implements SearchTerm {
        public And {
            terms = List.copyOf(terms);
        }
    }

    /**
     * The platform's program, with sequence sets resolved against the session's mailbox.
     *
     * @throws ImapSyntaxException a message sequence number beyond the mailbox
     */
    default SearchKey toKey(SelectedMailbox mailbox) throws ImapSyntaxException {
        if (this instanceof Key key) {
            return key.key();
        }
        if (this instanceof Messages messages) {
            UidSet uids = mailbox.resolveForSearch(messages.set(), messages.uid());
            if (uids == null) {
                throw new ImapSyntaxException(null, "Message sequence number beyond the mailbox");
            }
            return uids.isEmpty() ? new SearchKey.None() : new SearchKey.Uids(uids);
        }
        if (this instanceof Recent) {
            UidSet recent = mailbox.recentUids();
            return recent.isEmpty() ? new SearchKey.None() : new SearchKey.Uids(recent);
        }
        if (this instanceof Not not) {
            return new SearchKey.Not(not.term().toKey(mailbox));
        }
        if (this instanceof Or or) {
            return new SearchKey.Or(or.left().toKey(mailbox), or.right().toKey(mailbox));
        }
        List<SearchKey> keys = new ArrayList<>();
        for (SearchTerm term : ((And) this).terms()) {
            keys.add(term.toKey(mailbox));
        }
        return new SearchKey.And(keys);
    }
}
