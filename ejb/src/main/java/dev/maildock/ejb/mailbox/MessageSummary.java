package dev.maildock.ejb.mailbox;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayInputStream;
import java.io.UnsupportedEncodingException;
import java.text.ParseException;
import java.time.Instant;

/**
 * The few header fields a message listing shows, read once at delivery so listings never parse
 * message bodies. Unparseable headers give empty fields, never a refused delivery.
 */
public record MessageSummary(String from, String subject, Instant date, String recipients) {

    private static final int MAX_SUBJECT = 998;
    private static final int MAX_FROM = 320;
    private static final int MAX_RECIPIENTS = 2000;

    public static MessageSummary parse(byte[] raw) {
        return parse(new ByteArrayInputStream(raw));
    }

    /** Reads only the header section of the stream. */
    public static MessageSummary parse(java.io.InputStream raw) {
        InternetHeaders headers;
        try {
            headers = new InternetHeaders(raw);
        } catch (MessagingException e) {
            return new MessageSummary(null, null, null, null);
        }
        return new MessageSummary(from(headers.getHeader("From", ",")), subject(headers.getHeader("Subject", null)),
                date(headers.getHeader("Date", null)), recipients(headers));
    }

    private static String from(String value) {
        if (value == null) {
            return null;
        }
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(value, false);
            if (parsed.length == 0) {
                return null;
            }
            // Shown to people, not re-parsed: the decoded name unquoted, then the address.
            String personal = parsed[0].getPersonal();
            String address = parsed[0].getAddress();
            return clip(personal == null || personal.isBlank() ? address : personal + " <" + address + ">", MAX_FROM);
        } catch (AddressException e) {
            return clip(value, MAX_FROM);
        }
    }

    /** To and Cc addresses, comma separated, for searching by recipient without parsing bodies. */
    private static String recipients(InternetHeaders headers) {
        StringBuilder out = new StringBuilder();
        for (String name : new String[] {"To", "Cc"}) {
            String value = headers.getHeader(name, ",");
            if (value == null) {
                continue;
            }
            try {
                for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
                    String personal = address.getPersonal();
                    out.append(out.isEmpty() ? "" : ", ")
                            .append(personal == null || personal.isBlank() ? "" : personal + " ")
                            .append('<').append(address.getAddress()).append('>');
                }
            } catch (AddressException e) {
                out.append(out.isEmpty() ? "" : ", ").append(value);
            }
        }
        return out.isEmpty() ? null : clip(out.toString(), MAX_RECIPIENTS);
    }

    private static String subject(String value) {
        if (value == null) {
            return null;
        }
        try {
            return clip(MimeUtility.decodeText(MimeUtility.unfold(value)), MAX_SUBJECT);
        } catch (UnsupportedEncodingException e) {
            return clip(value, MAX_SUBJECT);
        }
    }

    private static Instant date(String value) {
        if (value == null) {
            return null;
        }
        try {
            return new MailDateFormat().parse(value.trim()).toInstant();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
