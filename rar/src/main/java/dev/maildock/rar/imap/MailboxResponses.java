package dev.maildock.rar.imap;

import dev.maildock.rar.api.ImapListener;
import dev.maildock.rar.api.imap.MailboxStatus;
import dev.maildock.rar.api.imap.MessageFlags;
import dev.maildock.rar.api.imap.SystemFlag;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The untagged responses about mailboxes: SELECT's (RFC 9051 section 6.3.2), LIST / LSUB with
 * LIST-STATUS, STATUS, and the updates of a selected mailbox ({@link MailboxUpdate}). Writing only:
 * the session decides when.
 */
final class MailboxResponses {

    private static final Set<SystemFlag> ALL_FLAGS = EnumSet.allOf(SystemFlag.class);

    private MailboxResponses() {
    }

    /**
     * What SELECT and EXAMINE send before their OK: FLAGS, EXISTS, for IMAP4rev1 RECENT and UNSEEN, UIDVALIDITY, UIDNEXT, PERMANENTFLAGS (none
     * when read-only), HIGHESTMODSEQ once CONDSTORE is on, and for IMAP4rev2 the mailbox's LIST.
     */
    static void selected(ImapWriter out, SelectedMailbox mailbox, long firstUnseenUid, String name,
            EnabledExtensions enabled) {
        List<String> keywords = mailbox.keywords();
        out.raw("* FLAGS ").flags(ALL_FLAGS, keywords).crlf();
        out.raw("* ").number(mailbox.exists()).raw(" EXISTS").crlf();
        if (!enabled.imap4rev2()) {
            out.raw("* ").number(mailbox.recentCount()).raw(" RECENT").crlf();
            int unseen = firstUnseenUid == 0 ? 0 : mailbox.sequenceNumber(firstUnseenUid);
            if (unseen > 0) {
                ImapReply.write(out.buffer(), null, ImapReply.Status.OK, ResponseCode.UNSEEN,
                        Integer.toString(unseen), "First unseen");
            }
        }
        ImapReply.write(out.buffer(), null, ImapReply.Status.OK, ResponseCode.UIDVALIDITY,
                Long.toString(mailbox.uidValidity()), "UIDs valid");
        ImapReply.write(out.buffer(), null, ImapReply.Status.OK, ResponseCode.UIDNEXT,
                Long.toString(mailbox.uidNext()), "Predicted next UID");
        out.raw("* OK [PERMANENTFLAGS ");
        if (mailbox.readOnly()) {
            out.raw("()");
        } else {
            // The flag list reopened for \*: the client may create keywords (RFC 9051 section 7.1).
            out.flags(ALL_FLAGS, keywords);
            out.buffer().writerIndex(out.buffer().writerIndex() - 1);
            out.raw(" \\*)");
        }
        out.raw("] Limited").crlf();
        if (enabled.condstore()) {
            ImapReply.write(out.buffer(), null, ImapReply.Status.OK, ResponseCode.HIGHESTMODSEQ,
                    Long.toString(mailbox.modSeq()), "Highest");
        }
        if (enabled.imap4rev2()) {
            out.raw("* LIST () \"/\" ").mailbox(name).crlf();
        }
    }

    /** LIST's options as {@link MailboxTree} takes them; throws for a combination RFC 5258 makes BAD. */
    static ListOptions options(ImapCommand.ListMailboxes list) {
        Set<ImapCommand.ListSelection> selection = list.selection();
        Set<ImapCommand.ListReturn> returns = list.returns();
        boolean extended = !selection.isEmpty() || !returns.isEmpty() || list.patterns().size() > 1;
        // \HasChildren / \HasNoChildren always: RFC 5258 section 4 lets a server send them unasked.
        return new ListOptions(extended, selection.contains(ImapCommand.ListSelection.SUBSCRIBED),
                selection.contains(ImapCommand.ListSelection.SPECIAL_USE),
                selection.contains(ImapCommand.ListSelection.RECURSIVEMATCH),
                returns.contains(ImapCommand.ListReturn.SUBSCRIBED), true);
    }

    /**
     * LIST or LSUB's answer, worked out on the platform's thread: the matching entries and, for
     * LIST-STATUS (RFC 5819), the status of each selectable one.
     */
    record Listing(List<ListEntry> entries, Map<String, MailboxStatus> statuses, Set<ImapCommand.StatusItem> items) {

        static Listing of(ImapListener listener, String account, ImapCommand.ListMailboxes list, ListOptions options) {
            MailboxTree tree = new MailboxTree(listener.mailboxes(account));
            List<ListEntry> entries = list.lsub() ? tree.lsub(list.reference(), list.patterns().get(0))
                    : tree.list(list.reference(), list.patterns(), options);
            Map<String, MailboxStatus> statuses = new HashMap<>();
            if (!list.lsub() && !list.statusItems().isEmpty()) {
                for (ListEntry entry : entries) {
                    if (entry.selectable()) {
                        MailboxStatus status = listener.status(account, entry.name());
                        if (status != null) {
                            statuses.put(entry.name(), status);
                        }
                    }
                }
            }
            return new Listing(entries, statuses, list.statusItems());
        }

        void write(ImapWriter out, boolean lsub, long appendLimit) {
            for (ListEntry entry : entries) {
                out.raw(lsub ? "* LSUB (" : "* LIST (").raw(String.join(" ", entry.attributes()))
                        .raw(") \"/\" ").mailbox(entry.name());
                if (entry.childInfo()) {
                    out.raw(" (\"CHILDINFO\" (\"SUBSCRIBED\"))");
                }
                out.crlf();
                MailboxStatus status = statuses.get(entry.name());
                if (status != null) {
                    status(out, entry.name(), status, items, appendLimit);
                }
            }
        }
    }

    /** {@code * STATUS name (item value ...)} in the order of {@link ImapCommand.StatusItem}. */
    static void status(ImapWriter out, String name, MailboxStatus status, Set<ImapCommand.StatusItem> items,
            long appendLimit) {
        out.raw("* STATUS ").mailbox(name).raw(" (");
        boolean first = true;
        for (ImapCommand.StatusItem item : ImapCommand.StatusItem.values()) {
            if (!items.contains(item)) {
                continue;
            }
            if (!first) {
                out.sp();
            }
            first = false;
            out.raw(item.name()).sp().number(switch (item) {
                case MESSAGES -> status.messages();
                case UIDNEXT -> status.uidNext();
                case UIDVALIDITY -> status.uidValidity();
                case UNSEEN -> status.unseen();
                case DELETED -> status.deleted();
                case SIZE -> status.size();
                case APPENDLIMIT -> appendLimit;
                case RECENT -> status.recent();
                case HIGHESTMODSEQ -> status.highestModSeq();
            });
        }
        out.raw(')').crlf();
    }

    /**
     * The untagged updates of the selected mailbox, in the order {@link SelectedMailbox} gave them.
     *
     * @param uid the command is a UID command: FETCH responses carry the UID (RFC 9051 section 6.4.9)
     */
    static void updates(ImapWriter out, List<MailboxUpdate> updates, EnabledExtensions enabled, boolean uid) {
        for (MailboxUpdate update : updates) {
            if (update instanceof MailboxUpdate.Expunge expunge) {
                for (int number : expunge.sequenceNumbers()) {
                    out.raw("* ").number(number).raw(" EXPUNGE").crlf();
                }
            } else if (update instanceof MailboxUpdate.Vanished vanished) {
                out.raw("* VANISHED ").uidSet(vanished.uids()).crlf();
            } else if (update instanceof MailboxUpdate.Flags flags) {
                out.raw("* FLAGS ").flags(ALL_FLAGS, flags.keywords()).crlf();
            } else if (update instanceof MailboxUpdate.Exists exists) {
                out.raw("* ").number(exists.count()).raw(" EXISTS").crlf();
            } else if (update instanceof MailboxUpdate.Recent recent) {
                if (!enabled.imap4rev2()) {
                    out.raw("* ").number(recent.count()).raw(" RECENT").crlf();
                }
            } else if (update instanceof MailboxUpdate.FetchFlags fetch) {
                fetchFlags(out, fetch.sequenceNumber(), fetch.flags(), fetch.recent() && !enabled.imap4rev2(),
                        enabled, uid);
            }
        }
    }

    /**
     * {@code * n FETCH (FLAGS (...) [UID u] [MODSEQ (m)])}: MODSEQ once CONDSTORE is on (RFC 7162
     * section 3.2.4), UID in a UID command's and, once QRESYNC is on, in every one (section 3.2.4).
     */
    static void fetchFlags(ImapWriter out, int sequenceNumber, MessageFlags flags, boolean recent,
            EnabledExtensions enabled, boolean uid) {
        out.raw("* ").number(sequenceNumber).raw(" FETCH (FLAGS ").flags(flags.flags(), flags.keywords(), recent);
        if (uid || enabled.qresync()) {
            out.raw(" UID ").number(flags.uid());
        }
        if (enabled.condstore()) {
            out.raw(" MODSEQ (").number(flags.modSeq()).raw(')');
        }
        out.raw(')').crlf();
    }
}
