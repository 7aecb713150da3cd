package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.MailboxInfo;
import dev.maildock.rar.api.imap.SpecialUse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's mailboxes and subscriptions as a hierarchy, and LIST's and LSUB's matching over it
 * (RFC 9051 section 6.3.9, RFC 5258, RFC 6154, RFC 3501 section 6.3.9). Built once per command
 * from {@code ImapListener.mailboxes}; every name's superiors are in it too, as nodes that are no
 * mailbox when nothing by that name exists, so that {@code \HasChildren}, the missing levels a
 * trailing {@code %} lists and CHILDINFO all come from one walk up each name.
 * <p>
 * Entries come in hierarchy order, INBOX first, each parent right before its children, so a client
 * that builds its folder tree as the responses arrive never meets a child before its parent.
 */
public final class MailboxTree {

    private static final String INBOX = "INBOX";
    /** Hierarchy order: by level, so {@code a/b} sorts before {@code a b} and {@code a/b/c} right after {@code a/b}. */
    private static final Comparator<Node> ORDER = Comparator
            .comparing((Node node) -> !node.name.equals(INBOX) && !node.name.startsWith(INBOX + ListPattern.DELIMITER))
            .thenComparing(node -> node.name.replace(ListPattern.DELIMITER, '\0'));

    /** One name: a mailbox, a subscribed name, or only the superior of one. */
    private static final class Node {
        final String name;
        boolean exists;
        boolean subscribed;
        SpecialUse specialUse;
        /** A mailbox exists below it. */
        boolean hasChildren;
        /** A subscribed name lies below it. */
        boolean hasSubscribedDescendant;

        Node(String name) {
            this.name = name;
        }
    }

    private final List<Node> nodes;

    public MailboxTree(List<MailboxInfo> mailboxes) {
        Map<String, Node> byName = new HashMap<>();
        for (MailboxInfo info : mailboxes) {
            Node node = byName.computeIfAbsent(ListPattern.canonical(info.name()), Node::new);
            node.exists |= info.exists();
            node.subscribed |= info.subscribed();
            if (info.specialUse() != null) {
                node.specialUse = info.specialUse();
            }
            for (String up = ListPattern.parent(node.name); up != null; up = ListPattern.parent(up)) {
                Node parent = byName.computeIfAbsent(up, Node::new);
                parent.hasChildren |= info.exists();
                parent.hasSubscribedDescendant |= info.subscribed();
            }
        }
        this.nodes = new ArrayList<>(byName.values());
        nodes.sort(ORDER);
    }

    /**
     * LIST {@code reference} with one or more {@code patterns} (an empty single pattern asks for
     * the delimiter and root name only).
     */
    public List<ListEntry> list(String reference, List<String> patterns, ListOptions options) {
        if (patterns.size() == 1 && patterns.get(0).isEmpty()) {
            return List.of(new ListEntry("", List.of("\\Noselect"), false, false));
        }
        List<ListPattern> compiled = patterns.stream().map(pattern -> new ListPattern(reference, pattern)).toList();
        List<ListEntry> entries = new ArrayList<>();
        for (Node node : nodes) {
            ListPattern match = matching(compiled, node.name);
            if (match == null) {
                continue;
            }
            boolean selected = selected(node, options);
            boolean childInfo = options.recursiveMatch() && node.hasSubscribedDescendant
                    && hasUnlistedSubscribedDescendant(node, compiled);
            boolean missingLevel = !options.anySelection() && !node.exists && node.hasChildren
                    && match.endsWithPercent();
            if (selected || childInfo || missingLevel) {
                entries.add(new ListEntry(node.name, attributes(node, options), node.exists, childInfo));
            }
        }
        return entries;
    }

    /**
     * RFC 5258 section 3.5 (RECURSIVEMATCH): CHILDINFO tells of a subscribed descendant the client
     * would not see otherwise; one that a pattern matches is listed itself (Dovecot and imaptest
     * agree).
     */
    private boolean hasUnlistedSubscribedDescendant(Node node, List<ListPattern> patterns) {
        String prefix = node.name + "/";
        return nodes.stream().anyMatch(d -> d.subscribed && d.name.startsWith(prefix) && matching(patterns, d.name) == null);
    }

    /**
     * LSUB (RFC 3501 section 6.3.9): the subscribed names that match, and, for a pattern ending in
     * {@code %}, a level above a subscribed name as {@code \Noselect} when it is not subscribed.
     */
    public List<ListEntry> lsub(String reference, String pattern) {
        ListPattern compiled = new ListPattern(reference, pattern);
        List<ListEntry> entries = new ArrayList<>();
        for (Node node : nodes) {
            if (!compiled.matches(node.name)) {
                continue;
            }
            if (node.subscribed) {
                entries.add(new ListEntry(node.name, List.of(), node.exists, false));
            } else if (node.hasSubscribedDescendant && compiled.endsWithPercent()) {
                entries.add(new ListEntry(node.name, List.of("\\Noselect"), node.exists, false));
            }
        }
        return entries;
    }

    private static ListPattern matching(List<ListPattern> patterns, String name) {
        for (ListPattern pattern : patterns) {
            if (pattern.matches(name)) {
                return pattern;
            }
        }
        return null;
    }

    /** The selection options are ANDed (RFC 5258 section 3); without any, every mailbox is selected. */
    private static boolean selected(Node node, ListOptions options) {
        if (!options.anySelection()) {
            return node.exists;
        }
        return (!options.subscribed() || node.subscribed)
                && (!options.specialUse() || (node.exists && node.specialUse != null));
    }

    private static List<String> attributes(Node node, ListOptions options) {
        List<String> attributes = new ArrayList<>(4);
        if (options.showSubscribed() && node.subscribed) {
            attributes.add("\\Subscribed");
        }
        if (!node.exists) {
            // \NonExistent implies \Noselect (RFC 5258 section 3); a plain RFC 3501 LIST knows only the latter.
            attributes.add(options.extended() ? "\\NonExistent" : "\\Noselect");
        }
        if (options.returnChildren()) {
            attributes.add(node.hasChildren ? "\\HasChildren" : "\\HasNoChildren");
        }
        if (node.exists && node.specialUse != null) {
            attributes.add(node.specialUse.attribute());
        }
        return attributes;
    }
}
