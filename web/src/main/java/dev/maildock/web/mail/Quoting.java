package dev.maildock.web.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.text.DateFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What reply, reply-all and forward put into the compose form, from the original message. */
public final class Quoting {

    /** How many Message-IDs References keeps: the first and the most recent (RFC 5322 section 3.6.4 allows trimming). */
    private static final int MAX_REFERENCES = 20;

    private Quoting() {
    }

    public static String replySubject(String subject) {
        return subject.regionMatches(true, 0, "Re:", 0, 3) ? subject : "Re: " + subject;
    }

    public static String forwardSubject(String subject) {
        return subject.regionMatches(true, 0, "Fwd:", 0, 4) ? subject : "Fwd: " + subject;
    }

    /** The original's References plus its Message-ID (RFC 5322 section 3.6.4). */
    public static String references(ParsedMessage original) {
        List<String> ids = new ArrayList<>(Arrays.stream(original.references().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        String id = original.messageId();
        if (!id.isEmpty()) {
            ids.add(id);
        }
        if (ids.size() > MAX_REFERENCES) {
            List<String> kept = new ArrayList<>();
            kept.add(ids.get(0));
            kept.addAll(ids.subList(ids.size() - (MAX_REFERENCES - 1), ids.size()));
            ids = kept;
        }
        return String.join(" ", ids);
    }

    /** "On DATE, SENDER wrote:" and the original text with "> " before each line. */
    public static String quote(ParsedMessage original, String wroteLine, Locale locale) {
        StringBuilder sb = new StringBuilder("\n\n").append(wroteLine).append('\n');
        for (String line : original.text().replace("\r\n", "\n").split("\n", -1)) {
            sb.append(line.startsWith(">") ? ">" : "> ").append(line).append('\n');
        }
        return sb.toString();
    }

    /** The forwarded message's headers and text below a separator line. */
    public static String forwarded(ParsedMessage original, String separator, Locale locale) {
        StringBuilder sb = new StringBuilder("\n\n").append(separator).append('\n');
        sb.append("From: ").append(original.from()).append('\n');
        if (original.sentDate() != null) {
            sb.append("Date: ").append(DateFormat.getDateTimeInstance(DateFormat.LONG, DateFormat.SHORT, locale)
                    .format(original.sentDate())).append('\n');
        }
        sb.append("Subject: ").append(original.subject()).append('\n');
        sb.append("To: ").append(original.to()).append('\n');
        if (!original.cc().isEmpty()) {
            sb.append("Cc: ").append(original.cc()).append('\n');
        }
        return sb.append('\n').append(original.text()).toString();
    }

    /**
     * Reply-all's Cc: the original's To and Cc without the replier and without whoever the reply
     * already goes to.
     */
    public static String replyAllCc(ParsedMessage original, String self, String replyTo) {
        Set<String> seen = new LinkedHashSet<>();
        seen.add(self.toLowerCase(Locale.ROOT));
        seen.add(bare(replyTo));
        List<String> cc = new ArrayList<>();
        for (String list : List.of(original.to(), original.cc())) {
            for (String one : splitAddresses(list)) {
                if (seen.add(bare(one))) {
                    cc.add(one);
                }
            }
        }
        return String.join(", ", cc);
    }

    private static List<String> splitAddresses(String list) {
        try {
            return Arrays.stream(InternetAddress.parseHeader(list, false))
                    .map(InternetAddress::toUnicodeString).toList();
        } catch (AddressException e) {
            return List.of();
        }
    }

    private static String bare(String address) {
        try {
            InternetAddress[] a = InternetAddress.parseHeader(address, false);
            return a.length == 0 ? "" : String.valueOf(a[0].getAddress()).toLowerCase(Locale.ROOT);
        } catch (AddressException e) {
            return address.toLowerCase(Locale.ROOT);
        }
    }
}
