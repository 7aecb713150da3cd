package dev.maildock.provider.spi;

import java.io.Serializable;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A search Maildock answers from its listing columns (body text from the stored bytes). Null parts
 * are not constrained; text parts are case-insensitive substrings; every given part must match.
 */
public record SearchCriteria(String subject, String from, String recipient, String body, Set<Flag> withFlags,
                             Set<Flag> withoutFlags, Instant receivedSince, Instant receivedBefore,
                             Instant sentSince, Instant sentBefore) implements Serializable {

    public SearchCriteria {
        withFlags = withFlags == null ? Set.of() : Set.copyOf(withFlags);
        withoutFlags = withoutFlags == null ? Set.of() : Set.copyOf(withoutFlags);
    }

    public static SearchCriteria any() {
        return new SearchCriteria(null, null, null, null, null, null, null, null, null, null);
    }

    /** Both this and {@code other}; null when they constrain one text part twice (not expressible). */
    public SearchCriteria and(SearchCriteria o) {
        if (clash(subject, o.subject) || clash(from, o.from) || clash(recipient, o.recipient) || clash(body, o.body)) {
            return null;
        }
        Set<Flag> with = union(withFlags, o.withFlags);
        Set<Flag> without = union(withoutFlags, o.withoutFlags);
        return new SearchCriteria(first(subject, o.subject), first(from, o.from), first(recipient, o.recipient),
                first(body, o.body), with, without, later(receivedSince, o.receivedSince),
                earlier(receivedBefore, o.receivedBefore), later(sentSince, o.sentSince),
                earlier(sentBefore, o.sentBefore));
    }

    private static boolean clash(String a, String b) {
        return a != null && b != null;
    }

    private static <T> T first(T a, T b) {
        return a != null ? a : b;
    }

    private static Set<Flag> union(Set<Flag> a, Set<Flag> b) {
        Set<Flag> all = EnumSet.noneOf(Flag.class);
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }
}
