package dev.maildock.provider;

import dev.maildock.provider.spi.Flag;
import dev.maildock.provider.spi.SearchCriteria;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.DateTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.ReceivedDateTerm;
import jakarta.mail.search.RecipientStringTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SentDateTerm;
import jakarta.mail.search.SubjectTerm;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Turns a jakarta.mail.search term into what Maildock answers in its database, so a search does not
 * fetch every message. {@code exact} says whether the database's answer is the term's answer;
 * otherwise it is a superset (e.g. To-only against the stored To+Cc, body text against the raw
 * bytes) that the folder narrows with {@link SearchTerm#match} on the candidates only.
 */
record SearchTranslation(SearchCriteria criteria, boolean exact) {

    /** The translation, or null when no part of the term can be answered by the database. */
    static SearchTranslation of(SearchTerm term) {
        if (term instanceof SubjectTerm t) {
            return exact(new SearchCriteria(t.getPattern(), null, null, null, null, null, null, null, null, null));
        }
        if (term instanceof FromStringTerm t) {
            return exact(new SearchCriteria(null, t.getPattern(), null, null, null, null, null, null, null, null));
        }
        if (term instanceof RecipientStringTerm t && t.getRecipientType() != Message.RecipientType.BCC) {
            // The listing keeps To and Cc together: a To-only term is checked on the candidates.
            return new SearchTranslation(
                    new SearchCriteria(null, null, t.getPattern(), null, null, null, null, null, null, null), false);
        }
        if (term instanceof BodyTerm t) {
            return new SearchTranslation(
                    new SearchCriteria(null, null, null, t.getPattern(), null, null, null, null, null, null), false);
        }
        if (term instanceof FlagTerm t) {
            return flags(t);
        }
        if (term instanceof ReceivedDateTerm t) {
            return dates(t, true);
        }
        if (term instanceof SentDateTerm t) {
            return dates(t, false);
        }
        if (term instanceof AndTerm t) {
            return and(t.getTerms());
        }
        return null;
    }

    private static SearchTranslation exact(SearchCriteria c) {
        return new SearchTranslation(c, true);
    }

    private static SearchTranslation and(SearchTerm[] terms) {
        SearchCriteria combined = SearchCriteria.any();
        boolean exact = true;
        boolean any = false;
        for (SearchTerm term : terms) {
            SearchTranslation part = of(term);
            SearchCriteria merged = part == null ? null : combined.and(part.criteria());
            if (merged == null) {
                exact = false;
                continue;
            }
            combined = merged;
            exact &= part.exact();
            any = true;
        }
        return any ? new SearchTranslation(combined, exact) : null;
    }

    private static SearchTranslation flags(FlagTerm t) {
        Flags flags = t.getFlags();
        if (flags.getUserFlags().length > 0) {
            return null;
        }
        Set<Flag> mapped = EnumSet.noneOf(Flag.class);
        for (Flags.Flag f : flags.getSystemFlags()) {
            Flag m = Messages.flag(f);
            if (m == null) {
                return null;  // RECENT: never set here, left to the client-side match
            }
            mapped.add(m);
        }
        SearchCriteria c = t.getTestSet()
                ? new SearchCriteria(null, null, null, null, mapped, null, null, null, null, null)
                : new SearchCriteria(null, null, null, null, null, mapped, null, null, null, null);
        return exact(c);
    }

    /** GE, GT, LT, LE map to half-open ranges; EQ and NE are left to the client-side match. */
    private static SearchTranslation dates(DateTerm t, boolean received) {
        Instant at = t.getDate().toInstant();
        Instant since;
        Instant before;
        switch (t.getComparison()) {
            case ComparisonTerm.GE -> { since = at; before = null; }
            case ComparisonTerm.GT -> { since = at.plusMillis(1); before = null; }
            case ComparisonTerm.LT -> { since = null; before = at; }
            case ComparisonTerm.LE -> { since = null; before = at.plusMillis(1); }
            default -> { return null; }
        }
        return exact(received
                ? new SearchCriteria(null, null, null, null, null, null, since, before, null, null)
                : new SearchCriteria(null, null, null, null, null, null, null, null, since, before));
    }
}
