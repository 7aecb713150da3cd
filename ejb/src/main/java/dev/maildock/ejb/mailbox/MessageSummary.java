package dev.maildock.ejb.mailbox;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeUtility;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
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
    /** A header section longer than this is not read further (it is not a real one). */
    static final int MAX_HEADER_SECTION = 256 * 1024;

    public static MessageSummary parse(byte[] raw) {
        return parse(new ByteArrayInputStream(raw));
    }

    /** Reads only the header section of the stream. */
    public static MessageSummary parse(InputStream raw) {
        InternetHeaders headers;
        try {
            headers = headerSection(raw);
        } catch (IOException e) {
            return new MessageSummary(null, null, null, null);
        }
        return new MessageSummary(from(headers.getHeader("From", ",")), subject(headers.getHeader("Subject", null)),
                date(headers.getHeader("Date", null)), recipients(headers));
    }

    /**
     * The header section as Angus Mail's InternetHeaders, split into lines here rather than by
     * {@code new InternetHeaders(InputStream)}: that constructor looks its stream provider up
     * through ServiceLoader on every call, which cost more CPU than the whole parse at SMTP ingest
     * rates. Field lines are decoded as UTF-8 when they are valid UTF-8 (RFC 6532), else as
     * ISO-8859-1 like Angus Mail does; at most {@value #MAX_HEADER_SECTION} octets are read. A
     * buffered stream is read as it is, so after the header section it stands at the body.
     */
    public static InternetHeaders headerSection(InputStream raw) throws IOException {
        InternetHeaders headers = new InternetHeaders();
        InputStream in = raw instanceof BufferedInputStream ? raw : new BufferedInputStream(raw, 8192);
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        long read = 0;
        for (int b; read < MAX_HEADER_SECTION && (b = in.read()) != -1; read++) {
            if (b != '\n') {
                line.write(b);
                continue;
            }
            int length = line.size();
            byte[] bytes = line.toByteArray();
            line.reset();
            if (length > 0 && bytes[length - 1] == '\r') {
                length--;
            }
            if (length == 0) {
                break; // the empty line that ends the header section
            }
            headers.addHeaderLine(text(bytes, length));
        }
        if (line.size() > 0 && read < MAX_HEADER_SECTION) {
            headers.addHeaderLine(text(line.toByteArray(), line.size())); // a last line without CRLF
        }
        return headers;
    }

    private static String text(byte[] bytes, int length) {
        boolean ascii = true;
        for (int i = 0; i < length && ascii; i++) {
            ascii = bytes[i] >= 0;
        }
        if (ascii) {
            return new String(bytes, 0, length, StandardCharsets.US_ASCII); // nearly every line
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
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
