package dev.maildock.rar.imap;

import dev.maildock.rar.api.ImapListener;
import dev.maildock.rar.api.imap.FetchNeeds;
import dev.maildock.rar.api.imap.FetchedMessage;
import dev.maildock.rar.api.imap.SearchKey;
import dev.maildock.rar.api.imap.UidSet;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * SEARCH's answer: {@code * SEARCH} for an IMAP4rev1 client that asked without RETURN (RFC 3501),
 * else {@code * ESEARCH} (RFC 9051 section 7.3.4, RFC 4731) with the options asked, and RFC 5182's
 * saved result.
 */
final class SearchResponses {

    private SearchResponses() {
    }

    /**
     * What the platform found: the UIDs, and when the program has a MODSEQ key the MODSEQ of each
     * (asked in a second call, only then), else null.
     */
    record Found(long[] uids, Map<Long, Long> modSeqs) {

        /** On the platform's thread. */
        static Found of(ImapListener listener, String account, long mailboxId, SearchKey key, boolean modSeq) {
            long[] uids = listener.search(account, mailboxId, key);
            if (!modSeq || uids.length == 0) {
                return new Found(uids, null);
            }
            Map<Long, Long> modSeqs = new HashMap<>();
            for (FetchedMessage message : listener.fetch(account, mailboxId, UidRanges.of(uids, 0, uids.length),
                    new FetchNeeds(false, 0))) {
                modSeqs.put(message.uid(), message.modSeq());
            }
            return new Found(uids, modSeqs);
        }
    }

    /**
     * @param uids    the matching UIDs the client knows of, ascending
     * @param modSeqs each UID's MODSEQ when the program had a MODSEQ key, else null
     * @param rev2    the client enabled IMAP4rev2: ESEARCH even without RETURN
     */
    static void write(ImapWriter out, ImapCommand.Search search, SelectedMailbox mailbox, long[] uids,
            Map<Long, Long> modSeqs, boolean rev2) {
        Set<ImapCommand.SearchReturn> returns = search.returns();
        long[] numbers = search.uid() ? uids
                : Arrays.stream(uids).map(mailbox::sequenceNumber).toArray();
        if (returns == null && !rev2) {
            out.raw("* SEARCH");
            for (long number : numbers) {
                out.sp().number(number);
            }
            if (modSeqs != null && uids.length > 0) {
                out.raw(" (MODSEQ ").number(highest(modSeqs, uids, 0, uids.length)).raw(")");
            }
            out.crlf();
            return;
        }
        boolean all = returns == null || returns.isEmpty() || returns.contains(ImapCommand.SearchReturn.ALL);
        boolean min = returns != null && returns.contains(ImapCommand.SearchReturn.MIN);
        boolean max = returns != null && returns.contains(ImapCommand.SearchReturn.MAX);
        boolean count = returns != null && returns.contains(ImapCommand.SearchReturn.COUNT);
        if (returns != null && returns.contains(ImapCommand.SearchReturn.SAVE)) {
            mailbox.saveResult(saved(uids, all || count, min, max));
            if (returns.size() == 1) {
                return; // RFC 5182 section 2.4: SAVE alone gets no ESEARCH
            }
            all = returns.contains(ImapCommand.SearchReturn.ALL);
        }
        out.raw("* ESEARCH (TAG ").string(search.tag()).raw(")");
        if (search.uid()) {
            out.raw(" UID");
        }
        if (numbers.length > 0) {
            if (min) {
                out.raw(" MIN ").number(numbers[0]);
            }
            if (max) {
                out.raw(" MAX ").number(numbers[numbers.length - 1]);
            }
            if (all) {
                out.raw(" ALL ").uids(numbers);
            }
        }
        if (count) {
            out.raw(" COUNT ").number(numbers.length);
        }
        if (modSeqs != null && uids.length > 0) {
            // Of the messages the answer names: MIN's and MAX's alone, else all (RFC 7162 section 3.1.5).
            long highest = all || count || (!min && !max) ? highest(modSeqs, uids, 0, uids.length)
                    : Math.max(min ? highest(modSeqs, uids, 0, 1) : 0,
                            max ? highest(modSeqs, uids, uids.length - 1, uids.length) : 0);
            out.raw(" MODSEQ ").number(highest);
        }
        out.crlf();
    }

    private static long highest(Map<Long, Long> modSeqs, long[] uids, int from, int to) {
        long highest = 0;
        for (int i = from; i < to; i++) {
            highest = Math.max(highest, modSeqs.getOrDefault(uids[i], 0L));
        }
        return highest;
    }

    /** RFC 5182 section 2.4: with MIN or MAX and neither ALL nor COUNT, only those are saved. */
    private static UidSet saved(long[] uids, boolean everything, boolean min, boolean max) {
        if (everything || (!min && !max) || uids.length == 0) {
            return UidRanges.of(uids, 0, uids.length);
        }
        UidRanges ranges = new UidRanges();
        if (min) {
            ranges.add(uids[0], uids[0]);
        }
        if (max) {
            ranges.add(uids[uids.length - 1], uids[uids.length - 1]);
        }
        return ranges.toUidSet();
    }
}
