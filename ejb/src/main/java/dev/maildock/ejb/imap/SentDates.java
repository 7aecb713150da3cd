package dev.maildock.ejb.imap;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date SENTBEFORE, SENTON and SENTSINCE compare: that of the Date header field in its own
 * zone (RFC 9051 "disregarding time and timezone"). The instant shifted by the field's own offset
 * is the date-time as written, so the date is read as written and the zone only checked: no
 * conversion through the server's zone can move a message to the neighbouring day. As lenient as
 * the summary's MailDateFormat: comments (RFC 5322 CFWS), a missing day-of-week, two- and
 * three-digit years (section 4.3), any zone name.
 */
final class SentDates {

    /**
     * [day-of-week[,]] day month year hour:minute[:second] [zone]; the zone a numeric offset or
     * a name (the obsolete UT GMT EST ... or one nobody defined, which counts as +0000).
     */
    private static final Pattern DATE = Pattern.compile("\\s*(?:[A-Za-z]+\\s*,?\\s*)?(\\d{1,2})\\s*([A-Za-z]{3})[A-Za-z]*"
            + "\\s*(\\d{2,4})\\s+\\d{1,2}\\s*:\\s*\\d{1,2}(?:\\s*:\\s*\\d{1,2})?\\s*(?:([+-])(\\d{2})(\\d{2}))?");

    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
            "oct", "nov", "dec");

    /**
     * The SEARCH window on the summary's Date instant allows a day either side of the written date,
     * so a numeric offset of a day or more (no real zone) makes the date unreadable.
     */
    private static final int MAX_OFFSET_HOURS = 23;

    private SentDates() {
    }

    /** The date as written in a Date field's body, or empty when there is none to read. */
    static Optional<LocalDate> of(String field) {
        if (field == null) {
            return Optional.empty();
        }
        Matcher m = DATE.matcher(withoutComments(field));
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        int month = MONTHS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
        if (month == 0 || m.group(4) != null
                && (Integer.parseInt(m.group(5)) > MAX_OFFSET_HOURS || Integer.parseInt(m.group(6)) > 59)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(year(m.group(3)), month, Integer.parseInt(m.group(1))));
        } catch (DateTimeException e) {
            return Optional.empty(); // 30 February and the like
        }
    }

    /** RFC 5322 section 4.3: two digits below 50 are 20xx, other two or three digits 1900 onwards. */
    private static int year(String digits) {
        int year = Integer.parseInt(digits);
        return switch (digits.length()) {
            case 2 -> year < 50 ? 2000 + year : 1900 + year;
            case 3 -> 1900 + year;
            default -> year;
        };
    }

    /** The field with its comments (nested, with quoted-pairs) turned into single spaces. */
    private static String withoutComments(String field) {
        StringBuilder text = new StringBuilder(field.length());
        int depth = 0;
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && depth > 0) {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
                if (depth == 0) {
                    text.append(' ');
                }
            } else if (depth == 0) {
                text.append(c);
            }
        }
        return text.toString();
    }
}
