package dev.maildock.ejb.imap;

import dev.maildock.ejb.mailbox.structure.EnvelopeReader;
import dev.maildock.rar.api.imap.MailAddress;
import dev.maildock.ejb.mailbox.TextScan;
import dev.maildock.rar.api.imap.SearchKey;
import dev.maildock.rar.api.imap.SystemFlag;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One IMAP SEARCH program: what of it the database answers (flags, keywords, UIDs, size,
 * INTERNALDATE, MODSEQ, and SUBJECT from the summary column, which holds it decoded), and the
 * rest evaluated on each candidate with its header section and the search texts found in its body
 * ({@link #textsInBody}: each text part decoded).
 * INTERNALDATE compares at midnight in {@code zone} (the server's); SENT* compares the Date
 * field's date in its own zone ({@link SentDates}), which the summary's instant cannot tell, so
 * the database only narrows it ({@link #narrowing}). An address field (FROM, TO, CC, BCC) matches
 * in its text or in its addresses, comments gone and every address of the list in the same form.
 */
final class ImapSearch {

    /** One message as the Java side of a search sees it. */
    record Row(long entryId, long uid, boolean seen, boolean answered, boolean flagged, boolean deleted,
               boolean draft, String keywords, long size, Instant received, Instant sentDate, long modSeq,
               String subject) {

        static final String COLUMNS = "e.id, e.uid, e.seen, e.answered, e.flagged, e.deleted, e.draft, e.keywords,"
                + " e.size, e.received, e.sentDate, e.modSeq, e.subject";

        static Row of(Object[] c) {
            return new Row((Long) c[0], (Long) c[1], (Boolean) c[2], (Boolean) c[3], (Boolean) c[4], (Boolean) c[5],
                    (Boolean) c[6], (String) c[7], (Long) c[8], (Instant) c[9], (Instant) c[10],
                    c[11] == null ? 0 : (Long) c[11], (String) c[12]);
        }
    }

    /** The fields whose values are address lists (RFC 5322 sections 3.6.2 and 3.6.3). */
    private static final Set<String> ADDRESS_FIELDS = Set.of("from", "sender", "reply-to", "to", "cc", "bcc");

    private final ZoneId zone;
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    ImapSearch(ZoneId zone) {
        this.zone = zone;
    }

    Map<String, Object> parameters() {
        return parameters;
    }

    /** The JPQL condition on {@code e} equivalent to {@code key}, or null when it needs the Java side. */
    String sql(SearchKey key) {
        int bound = parameters.size();
        String condition = condition(key);
        if (condition == null) {
            // What the key's other parts bound is named by no query, and JPA refuses a parameter
            // the query does not name (e.g. the UIDs of "1:7 SENTON d").
            new ArrayList<>(parameters.keySet()).subList(bound, parameters.size()).forEach(parameters::remove);
        }
        return condition;
    }

    private String condition(SearchKey key) {
        // UIDs are at least 1: conditions that always hold or never do, without a literal comparison
        // (which Derby refuses once the literals are bound as parameters).
        if (key instanceof SearchKey.All) {
            return "e.uid > 0";
        }
        if (key instanceof SearchKey.None) {
            return "e.uid < 0";
        }
        if (key instanceof SearchKey.Flag f) {
            return "e." + column(f.flag()) + (f.set() ? " = TRUE" : " = FALSE");
        }
        if (key instanceof SearchKey.Keyword k) {
            return (k.set() ? "" : "NOT ") + "(e.keywords IS NOT NULL AND CONCAT(CONCAT(' ', LOWER(e.keywords)), ' ')"
                    + " LIKE " + like(" " + k.keyword() + " ") + " ESCAPE '\\')";
        }
        if (key instanceof SearchKey.Header h) {
            return summaryColumn(h.field()).map(c -> "(" + c + " IS NOT NULL" + (h.value().isEmpty() ? ""
                    : " AND LOWER(" + c + ") LIKE " + like(h.value()) + " ESCAPE '\\'") + ")").orElse(null);
        }
        if (key instanceof SearchKey.InternalDate d) {
            return dates("e.received", d.comparison(), d.date());
        }
        if (key instanceof SearchKey.Size s) {
            return "e.size " + (s.larger() ? "> " : "< ") + bind(s.octets());
        }
        if (key instanceof SearchKey.Uids u) {
            return UidRanges.exact(u.set()) ? UidRanges.condition(u.set(), name(), parameters) : null;
        }
        if (key instanceof SearchKey.ModSeq m) {
            return "(e.modSeq IS NOT NULL AND e.modSeq >= " + bind(m.modSeq()) + ")";
        }
        if (key instanceof SearchKey.Not n) {
            String inner = sql(n.key());
            return inner == null ? null : "NOT (" + inner + ")";
        }
        if (key instanceof SearchKey.Or o) {
            String left = sql(o.left());
            String right = left == null ? null : sql(o.right());
            return right == null ? null : "(" + left + " OR " + right + ")";
        }
        if (key instanceof SearchKey.And a) {
            StringBuilder all = new StringBuilder("(e.uid > 0");
            for (SearchKey k : a.keys()) {
                String part = sql(k);
                if (part == null) {
                    return null;
                }
                all.append(" AND ").append(part);
            }
            return all.append(')').toString();
        }
        return null; // BODY, TEXT, SENT*
    }

    /**
     * For a key {@link #sql} leaves to the Java side, a JPQL condition on {@code e} that every
     * message matching it meets, so fewer are read; null when there is none.
     */
    String narrowing(SearchKey key) {
        if (key instanceof SearchKey.SentDate d) {
            // The written date is the summary's instant shifted by less than a day (SentDates
            // refuses larger offsets): a day either side of the UTC date holds every match.
            SearchKey.Comparison comparison = d.comparison();
            String after = comparison == SearchKey.Comparison.BEFORE ? ""
                    : " AND e.sentDate >= " + bind(d.date().minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            String before = comparison == SearchKey.Comparison.SINCE ? ""
                    : " AND e.sentDate < " + bind(d.date().plusDays(comparison == SearchKey.Comparison.ON ? 2 : 1)
                    .atStartOfDay(ZoneOffset.UTC).toInstant());
            return "(e.sentDate IS NOT NULL" + after + before + ")";
        }
        return null;
    }

    /** Whether evaluating {@code key} on a row needs the message's stored octets. */
    static boolean needsContent(SearchKey key) {
        return key.anyKey(k -> k instanceof SearchKey.Header h ? summaryColumn(h.field()).isEmpty()
                : k instanceof SearchKey.Body || k instanceof SearchKey.Text || k instanceof SearchKey.SentDate);
    }

    /** The BODY and TEXT search texts of {@code key}, lower case: found in one pass over each body. */
    static Set<String> bodyTexts(SearchKey key) {
        Set<String> texts = new TreeSet<>();
        collect(key, texts);
        texts.remove("");
        return texts;
    }

    private static void collect(SearchKey key, Set<String> texts) {
        if (key instanceof SearchKey.Body b) {
            texts.add(lower(b.text()));
        } else if (key instanceof SearchKey.Text t) {
            texts.add(lower(t.text()));
        } else if (key instanceof SearchKey.Not n) {
            collect(n.key(), texts);
        } else if (key instanceof SearchKey.Or o) {
            collect(o.left(), texts);
            collect(o.right(), texts);
        } else if (key instanceof SearchKey.And a) {
            a.keys().forEach(k -> collect(k, texts));
        }
    }

    /**
     * Whether {@code row} matches {@code key}; {@code headers} and {@code inBody} (the body texts
     * the body contains) are null when {@link #needsContent} is false.
     */
    boolean matches(SearchKey key, Row row, InternetHeaders headers, Set<String> inBody) {
        if (key instanceof SearchKey.All) {
            return true;
        }
        if (key instanceof SearchKey.None) {
            return false;
        }
        if (key instanceof SearchKey.Flag f) {
            return flag(row, f.flag()) == f.set();
        }
        if (key instanceof SearchKey.Keyword k) {
            return (row.keywords() != null
                    && (" " + lower(row.keywords()) + " ").contains(" " + lower(k.keyword()) + " ")) == k.set();
        }
        if (key instanceof SearchKey.Header h) {
            return header(h, row, headers);
        }
        if (key instanceof SearchKey.Body b) {
            return b.text().isEmpty() || inBody.contains(lower(b.text()));
        }
        if (key instanceof SearchKey.Text t) {
            return t.text().isEmpty() || inBody.contains(lower(t.text())) || headerText(headers).contains(lower(t.text()));
        }
        if (key instanceof SearchKey.InternalDate d) {
            return compare(row.received(), d.comparison(), d.date());
        }
        if (key instanceof SearchKey.SentDate d) {
            // Only a Date the summary could read as well: the database's narrowing relies on it.
            return row.sentDate() != null && SentDates.of(headers.getHeader("Date", null))
                    .map(sent -> compare(sent, d.comparison(), d.date())).orElse(false);
        }
        if (key instanceof SearchKey.Size s) {
            return s.larger() ? row.size() > s.octets() : row.size() < s.octets();
        }
        if (key instanceof SearchKey.Uids u) {
            return u.set().contains(row.uid());
        }
        if (key instanceof SearchKey.ModSeq m) {
            return row.modSeq() >= m.modSeq();
        }
        if (key instanceof SearchKey.Not n) {
            return !matches(n.key(), row, headers, inBody);
        }
        if (key instanceof SearchKey.Or o) {
            return matches(o.left(), row, headers, inBody) || matches(o.right(), row, headers, inBody);
        }
        return ((SearchKey.And) key).keys().stream().allMatch(k -> matches(k, row, headers, inBody));
    }

    private static boolean header(SearchKey.Header h, Row row, InternetHeaders headers) {
        String needle = lower(h.value());
        if (headers == null) { // SUBJECT, from the summary as in SQL
            return row.subject() != null && lower(row.subject()).contains(needle);
        }
        String[] values = headers.getHeader(h.field());
        if (values == null) {
            return false;
        }
        boolean addresses = ADDRESS_FIELDS.contains(lower(h.field()));
        for (String value : values) {
            if (decoded(value).contains(needle) || addresses && addressText(value).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An address list as text to search, lower case: every address as {@code name <local@domain>}
     * (name decoded), a group as its name and then its members. Comments and quoting are gone, so
     * {@code <user (c)@ (c) domain>} is found as {@code user@domain}.
     */
    private static String addressText(String value) {
        StringBuilder text = new StringBuilder();
        for (MailAddress a : EnvelopeReader.addresses(MimeUtility.unfold(value))) {
            if (a.host() == null) { // a group's start (its name) or end marker
                text.append(a.mailbox() == null ? "; " : a.mailbox() + ": ");
            } else {
                text.append(a.name() == null ? "" : a.name() + " ")
                        .append('<').append(a.mailbox()).append('@').append(a.host()).append(">, ");
            }
        }
        return decoded(text.toString());
    }

    /**
     * Which of {@code texts} (lower case) the body of a message contains, for BODY and TEXT: each
     * text part read with its transfer encoding undone (RFC 2045 base64, quoted-printable) in its
     * charset, the parts of a multipart body and of an attached message (RFC 2046) one by one with
     * mime4j's token stream; other parts (images, archives) are not text and are not searched. A
     * body whose header cannot be parsed is read as stored, as UTF-8.
     */
    static Set<String> textsInBody(InternetHeaders headers, InputStream body, Set<String> texts) throws IOException {
        String type = headers.getHeader("Content-Type", null);
        String primary = type == null ? "text" : primaryType(type);
        if (!primary.equals("multipart") && !primary.equals("message")) {
            return TextScan.containing(singlePart(type, headers.getHeader("Content-Transfer-Encoding", null), body), texts);
        }
        MimeTokenStream parts = new MimeTokenStream(MimeConfig.PERMISSIVE);
        parts.setRecursionMode(RecursionMode.M_RECURSE);
        parts.parseHeadless(body, type);
        Set<String> found = new TreeSet<>();
        try {
            for (EntityState state = parts.getState(); state != EntityState.T_END_OF_STREAM && found.size() < texts.size();
                    state = parts.next()) {
                BodyDescriptor part = state == EntityState.T_BODY ? parts.getBodyDescriptor() : null;
                if (part != null && "text".equalsIgnoreCase(part.getMediaType())) {
                    Set<String> rest = new TreeSet<>(texts);
                    rest.removeAll(found);
                    found.addAll(TextScan.containing(new InputStreamReader(parts.getDecodedInputStream(),
                            charset(part.getCharset())), rest));
                }
            }
        } catch (MimeException e) {
            // A structure mime4j gives up on: what was found so far stands.
        }
        return found;
    }

    /** A single-part body in its transfer encoding and charset (as stored when they are unknown). */
    private static Reader singlePart(String type, String encoding, InputStream body) {
        InputStream decoded = body;
        Charset charset = StandardCharsets.UTF_8;
        try {
            decoded = encoding == null ? body : MimeUtility.decode(body, encoding.trim());
            charset = type == null ? charset : charset(new ContentType(type).getParameter("charset"));
        } catch (MessagingException | IllegalArgumentException e) {
            decoded = body; // an unknown encoding or a broken Content-Type: the octets as stored
        }
        return new InputStreamReader(decoded, charset);
    }

    private static String primaryType(String type) {
        try {
            return new ContentType(type).getPrimaryType().toLowerCase(Locale.ROOT);
        } catch (MessagingException e) {
            return "text";
        }
    }

    private static Charset charset(String name) {
        String java = name == null ? null : MimeUtility.javaCharset(name);
        return java != null && Charset.isSupported(java) ? Charset.forName(java) : StandardCharsets.UTF_8;
    }

    /** The header section's fields, unfolded and decoded (RFC 2047), lower case. */
    private static String headerText(InternetHeaders headers) {
        StringBuilder text = new StringBuilder();
        for (Enumeration<Header> all = headers.getAllHeaders(); all.hasMoreElements(); ) {
            Header h = all.nextElement();
            text.append(lower(h.getName())).append(": ").append(decoded(h.getValue())).append('\n');
        }
        return text.toString();
    }

    private static String decoded(String value) {
        try {
            return lower(MimeUtility.decodeText(MimeUtility.unfold(value)));
        } catch (UnsupportedEncodingException e) {
            return lower(value);
        }
    }

    private static boolean compare(LocalDate day, SearchKey.Comparison comparison, LocalDate date) {
        return switch (comparison) {
            case BEFORE -> day.isBefore(date);
            case ON -> day.isEqual(date);
            case SINCE -> !day.isBefore(date);
        };
    }

    private boolean compare(Instant at, SearchKey.Comparison comparison, LocalDate date) {
        return compare(LocalDate.ofInstant(at, zone), comparison, date);
    }

    private String dates(String path, SearchKey.Comparison comparison, LocalDate date) {
        String start = bind(date.atStartOfDay(zone).toInstant());
        return switch (comparison) {
            case BEFORE -> path + " < " + start;
            case ON -> "(" + path + " >= " + start + " AND " + path + " < "
                    + bind(date.plusDays(1).atStartOfDay(zone).toInstant()) + ")";
            case SINCE -> path + " >= " + start;
        };
    }

    private static Optional<String> summaryColumn(String field) {
        return switch (field.toLowerCase(Locale.ROOT)) {
            case "subject" -> Optional.of("e.subject");
            default -> Optional.empty();
        };
    }

    private String like(String text) {
        String escaped = lower(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return bind("%" + escaped + "%");
    }

    private String bind(Object value) {
        String name = name();
        parameters.put(name, value);
        return ":" + name;
    }

    private String name() {
        return "p" + parameters.size() + "_";
    }

    static String column(SystemFlag flag) {
        return flag.name().toLowerCase(Locale.ROOT);
    }

    private static boolean flag(Row row, SystemFlag flag) {
        return switch (flag) {
            case SEEN -> row.seen();
            case ANSWERED -> row.answered();
            case FLAGGED -> row.flagged();
            case DELETED -> row.deleted();
            case DRAFT -> row.draft();
        };
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
