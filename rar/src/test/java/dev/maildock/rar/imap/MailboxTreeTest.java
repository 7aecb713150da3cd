package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.MailboxInfo;
import dev.maildock.rar.api.imap.SpecialUse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailboxTreeTest {

    private static final AtomicLong IDS = new AtomicLong(1);

    private static MailboxInfo mailbox(String name) {
        return new MailboxInfo(IDS.getAndIncrement(), name, null, false);
    }

    private static MailboxInfo subscribed(String name) {
        return new MailboxInfo(IDS.getAndIncrement(), name, null, true);
    }

    private static MailboxInfo special(String name, SpecialUse use) {
        return new MailboxInfo(IDS.getAndIncrement(), name, use, true);
    }

    /** The mailboxes of RFC 5258 section 5's examples (with an INBOX nobody subscribed to). */
    private static final MailboxTree FRUIT = new MailboxTree(List.of(
            mailbox("INBOX"), mailbox("Fruit"), mailbox("Fruit/Apple"), subscribed("Fruit/Banana"),
            MailboxInfo.subscribedName("Fruit/Peach"), mailbox("Tofu"), subscribed("Vegetable"),
            subscribed("Vegetable/Broccoli"), mailbox("Vegetable/Corn")));

    private static final ListOptions CHILDREN = new ListOptions(true, false, false, false, false, true);
    private static final ListOptions SUBSCRIBED = new ListOptions(true, true, false, false, false, false);

    /** An entry as {@code (attributes) name}, with {@code CHILDINFO} after it when set. */
    private static List<String> lines(List<ListEntry> entries) {
        List<String> lines = new ArrayList<>();
        for (ListEntry entry : entries) {
            lines.add("(" + String.join(" ", entry.attributes()) + ") " + entry.name()
                    + (entry.childInfo() ? " CHILDINFO" : ""));
        }
        return lines;
    }

    private static List<String> list(MailboxTree tree, String reference, String pattern, ListOptions options) {
        return lines(tree.list(reference, List.of(pattern), options));
    }

    @Test
    void subscribedSelectionListsSubscriptionsThatAreNoMailboxAsNonExistent() {
        // RFC 5258 section 5, example 2: LIST (SUBSCRIBED) "" "*"
        assertEquals(List.of("(\\Subscribed) Fruit/Banana", "(\\Subscribed \\NonExistent) Fruit/Peach",
                "(\\Subscribed) Vegetable", "(\\Subscribed) Vegetable/Broccoli"),
                list(FRUIT, "", "*", SUBSCRIBED));
    }

    @Test
    void childrenReturnOptionMarksEveryEntry() {
        // RFC 5258 section 5, example 3: LIST "" "%" RETURN (CHILDREN)
        assertEquals(List.of("(\\HasNoChildren) INBOX", "(\\HasChildren) Fruit", "(\\HasNoChildren) Tofu",
                "(\\HasChildren) Vegetable"), list(FRUIT, "", "%", CHILDREN));
    }

    @Test
    void remoteChangesNothingAndReturnSubscribedMarksSubscriptions() {
        // RFC 5258 section 5, example 6: LIST (REMOTE) "" "*" RETURN (SUBSCRIBED)
        ListOptions returnSubscribed = new ListOptions(true, false, false, false, true, false);
        assertEquals(List.of("() INBOX", "() Fruit", "() Fruit/Apple", "(\\Subscribed) Fruit/Banana", "() Tofu",
                "(\\Subscribed) Vegetable", "(\\Subscribed) Vegetable/Broccoli", "() Vegetable/Corn"),
                list(FRUIT, "", "*", returnSubscribed));
    }

    @Test
    void recursiveMatchNamesParentsOfSubscriptionsWithChildInfo() {
        // RFC 5258 section 5, example 8's question on these mailboxes:
        // LIST (SUBSCRIBED RECURSIVEMATCH) "" "%" RETURN (CHILDREN)
        ListOptions recursive = new ListOptions(true, true, false, true, false, true);
        assertEquals(List.of("(\\HasChildren) Fruit CHILDINFO", "(\\Subscribed \\HasChildren) Vegetable CHILDINFO"),
                list(FRUIT, "", "%", recursive));
        // A parent that is no mailbox and only holds a subscription.
        MailboxTree tree = new MailboxTree(List.of(MailboxInfo.subscribedName("Foo/Bar"), subscribed("Moo")));
        assertEquals(List.of("(\\NonExistent) Foo CHILDINFO", "(\\Subscribed) Moo"),
                list(tree, "", "%", new ListOptions(true, true, false, true, false, false)));
        assertEquals(List.of("(\\Subscribed \\NonExistent) Foo/Bar", "(\\Subscribed) Moo"),
                list(tree, "", "*", SUBSCRIBED), "without RECURSIVEMATCH, no parent");
    }

    @Test
    void childInfoOnlyTellsOfASubscriptionNoPatternLists() {
        // imaptest's listext: test8 holds two subscriptions, test7 one, test2 one.
        MailboxTree tree = new MailboxTree(List.of(mailbox("t/test2"), subscribed("t/test2/test1"), mailbox("t/test7"),
                subscribed("t/test7/test7"), mailbox("t/test8"), subscribed("t/test8/test8"), subscribed("t/test8/test9")));
        ListOptions recursive = new ListOptions(true, true, false, true, false, false);
        assertEquals(List.of("(\\Subscribed) t/test7/test7"), list(tree, "", "t*test7", recursive),
                "the only subscription below test7 is listed itself");
        assertEquals(List.of("() t/test8 CHILDINFO", "(\\Subscribed) t/test8/test8"), list(tree, "", "t*test8", recursive),
                "test8/test9 is not listed: test8 tells of it");
        assertEquals(List.of("() t/test2 CHILDINFO"), list(tree, "", "t/test2", recursive));
        assertEquals(List.of("(\\Subscribed) t/test2/test1"),
                lines(tree.list("", List.of("t/test2", "t/test2/test1"), recursive)));
    }

    @Test
    void recursiveMatchWithoutSubscribedOrWithSpecialUseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ListOptions(true, false, false, true, false, false));
        assertThrows(IllegalArgumentException.class, () -> new ListOptions(true, true, true, true, false, false));
    }

    @Test
    void aLevelThatIsNoMailboxIsListedForATrailingPercentOnly() {
        MailboxTree tree = new MailboxTree(List.of(mailbox("INBOX"), mailbox("music/rock")));
        // RFC 9051 section 6.3.9 / RFC 3501 6.3.8: \Noselect in a plain LIST.
        assertEquals(List.of("() INBOX", "(\\Noselect) music"), list(tree, "", "%", ListOptions.PLAIN));
        // RFC 5258 section 5, example 11: \NonExistent in an extended one.
        assertEquals(List.of("(\\HasNoChildren) INBOX", "(\\NonExistent \\HasChildren) music"),
                list(tree, "", "%", CHILDREN));
        assertEquals(List.of("() INBOX", "() music/rock"), list(tree, "", "*", ListOptions.PLAIN),
                "* reaches the mailbox itself: no level above it is made up");
        assertEquals(List.of("() music/rock"), list(tree, "music/", "%", ListOptions.PLAIN));
    }

    @Test
    void referenceAndPatternAreJoinedAsTheyAre() {
        assertEquals(List.of("() Fruit/Apple", "() Fruit/Banana"), list(FRUIT, "Fruit/", "%", ListOptions.PLAIN));
        assertEquals(List.of("() Fruit/Apple"), list(FRUIT, "Fruit", "/Ap*", ListOptions.PLAIN));
        assertEquals(List.of("() Fruit"), list(FRUIT, "Fruit", "%", ListOptions.PLAIN), "% matches no character too");
        assertEquals(List.of("() Fruit"), list(FRUIT, "", "Fruit", ListOptions.PLAIN));
    }

    @Test
    void anEmptyPatternAsksForTheDelimiterAndRoot() {
        // RFC 9051 section 6.3.9: LIST "" "" -> * LIST (\Noselect) "/" ""
        List<ListEntry> root = FRUIT.list("", List.of(""), ListOptions.PLAIN);
        assertEquals(List.of("(\\Noselect) "), lines(root));
        assertFalse(root.get(0).selectable());
    }

    @Test
    void severalPatternsListEachMailboxOnce() {
        // RFC 5258 section 5, example 7: LIST "" ("INBOX" "Drafts" "Sent/%")
        MailboxTree tree = new MailboxTree(List.of(mailbox("INBOX"), mailbox("Drafts"), mailbox("Sent"),
                mailbox("Sent/March2004"), mailbox("Sent/December2003"), mailbox("Sent/August2004")));
        assertEquals(List.of("() INBOX", "() Drafts", "() Sent/August2004", "() Sent/December2003",
                "() Sent/March2004"), lines(tree.list("", List.of("INBOX", "Drafts", "Sent/%", "Sent/*"),
                new ListOptions(true, false, false, false, false, false))));
    }

    @Test
    void inboxIsCaseInsensitiveAndComesFirst() {
        MailboxTree tree = new MailboxTree(List.of(mailbox("Archive"), mailbox("INBOX"), mailbox("inbox/Sub")));
        assertEquals(List.of("() INBOX"), list(tree, "", "inbox", ListOptions.PLAIN));
        assertEquals(List.of("() INBOX/Sub"), list(tree, "", "InBox/%", ListOptions.PLAIN));
        assertEquals(List.of("() INBOX", "() INBOX/Sub", "() Archive"), list(tree, "", "*", ListOptions.PLAIN));
        assertEquals(List.of(), list(tree, "", "inbox2", ListOptions.PLAIN));
    }

    @Test
    void specialUseIsAlwaysShownAndCanSelect() {
        // RFC 6154 section 5.3's example mailboxes.
        MailboxTree tree = new MailboxTree(List.of(mailbox("INBOX"), mailbox("ToDo"), mailbox("Projects"),
                special("Sent Mail", SpecialUse.SENT), special("Trash", SpecialUse.TRASH),
                mailbox("Projects/Foo")));
        assertEquals(List.of("() INBOX", "() Projects", "(\\Sent) Sent Mail", "() ToDo", "(\\Trash) Trash"),
                list(tree, "", "%", ListOptions.PLAIN));
        assertEquals(List.of("(\\HasNoChildren \\Sent) Sent Mail", "(\\HasNoChildren \\Trash) Trash"),
                list(tree, "", "*", new ListOptions(true, false, true, false, false, true)));
    }

    @Test
    void hierarchyOrderPutsChildrenRightAfterTheirParent() {
        MailboxTree tree = new MailboxTree(List.of(mailbox("a b"), mailbox("a/b"), mailbox("a"), mailbox("a/b/c"),
                mailbox("a-z")));
        assertEquals(List.of("() a", "() a/b", "() a/b/c", "() a b", "() a-z"), list(tree, "", "*",
                ListOptions.PLAIN));
    }

    @Test
    void lsubListsSubscriptionsAndNoselectLevelsAboveThem() {
        // RFC 3501 section 6.3.9's example, with / for the delimiter.
        MailboxTree tree = new MailboxTree(List.of(MailboxInfo.subscribedName("news/comp/mail/misc"),
                MailboxInfo.subscribedName("news/comp/mail/mime"), mailbox("news/comp/lang")));
        assertEquals(List.of("() news/comp/mail/mime", "() news/comp/mail/misc"),
                lines(tree.lsub("news/", "comp/mail/*")));
        assertEquals(List.of("(\\Noselect) news/comp/mail"), lines(tree.lsub("news/", "comp/%")));
    }

    @Test
    void patternsMatchLikeRfc9051SectionSixThreeNine() {
        String[][] table = { // pattern, name, matches?
                {"*", "a/b/c", "y"}, {"%", "a/b", "n"}, {"%", "a", "y"}, {"a/%", "a/b", "y"}, {"a/%", "a/b/c", "n"},
                {"a*c", "a/b/c", "y"}, {"a%c", "a/b/c", "n"}, {"a%c", "abc", "y"}, {"%/%", "a/b", "y"},
                {"*b", "a/b", "y"}, {"*b", "a/bc", "n"}, {"", "a", "n"}, {"a**%*", "a/b", "y"},
                {"Fruit", "fruit", "n"}, {"inbox", "INBOX", "y"}, {"InBoX/%", "INBOX/x", "y"},
        };
        for (String[] row : table) {
            assertEquals(row[2].equals("y"), new ListPattern("", row[0]).matches(row[1]), row[0] + " ~ " + row[1]);
        }
        assertTrue(new ListPattern("", "*".repeat(2000) + "x").matches("a".repeat(500) + "x"), "no blow-up");
    }
}
