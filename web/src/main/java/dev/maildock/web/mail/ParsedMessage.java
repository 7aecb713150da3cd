package dev.maildock.web.mail;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * A stored message taken apart for reading (Angus Mail on the raw bytes): the headers people
 * read, the first text/plain and text/html parts, and every other leaf part as an attachment,
 * numbered in document order. Broken MIME degrades to what could be read, never to an error page.
 */
public final class ParsedMessage {

    /** A downloadable part; {@code index} is its number in this message. */
    public record Attachment(int index, String fileName, String contentType, long size) {
    }

    private static final Session SESSION = Session.getInstance(new Properties());

    private final MimeMessage message;
    private final List<Part> attachmentParts = new ArrayList<>();
    private final List<Attachment> attachments = new ArrayList<>();
    private String text;
    private String html;

    private ParsedMessage(MimeMessage message) {
        this.message = message;
    }

    public static ParsedMessage parse(byte[] raw) {
        try {
            ParsedMessage parsed = new ParsedMessage(new MimeMessage(SESSION, new ByteArrayInputStream(raw)));
            parsed.walk(parsed.message, 0);
            return parsed;
        } catch (MessagingException e) {
            throw new IllegalArgumentException("unreadable message", e);
        }
    }

    /** Nesting deeper than this is not followed (a message built to exhaust the parser). */
    private static final int MAX_DEPTH = 20;

    private void walk(Part part, int depth) throws MessagingException {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (part.isMimeType("multipart/*")) {
            Object content = content(part);
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    walk(child, depth + 1);
                }
                return;
            }
        }
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition(part)) || fileName(part) != null;
        if (!attachment && part.isMimeType("text/plain") && text == null) {
            text = textOf(part);
        } else if (!attachment && part.isMimeType("text/html") && html == null) {
            html = textOf(part);
        } else {
            int index = attachments.size() + 1;
            String name = fileName(part);
            attachments.add(new Attachment(index, name == null ? "part-" + index : name, baseType(part), part.getSize()));
            attachmentParts.add(part);
        }
    }

    public String subject() {
        try {
            String subject = message.getSubject();
            return subject == null ? "" : subject;
        } catch (MessagingException e) {
            return header("Subject");
        }
    }

    public String from() {
        return addresses("From");
    }

    public String to() {
        return addresses("To");
    }

    public String cc() {
        return addresses("Cc");
    }

    public String replyTo() {
        return addresses("Reply-To");
    }

    public Date sentDate() {
        try {
            return message.getSentDate();
        } catch (MessagingException e) {
            return null;
        }
    }

    public String messageId() {
        return header("Message-ID");
    }

    public String references() {
        return header("References");
    }

    /** The text part, or empty when there is none. */
    public String text() {
        return text == null ? "" : text;
    }

    public boolean hasText() {
        return text != null;
    }

    /** The HTML part as sent (unsafe: sanitize before showing), or null. */
    public String html() {
        return html;
    }

    public List<Attachment> attachments() {
        return List.copyOf(attachments);
    }

    /** The decoded bytes of attachment {@code index} (1-based), or null when there is no such part. */
    public byte[] attachmentBytes(int index) {
        if (index < 1 || index > attachmentParts.size()) {
            return null;
        }
        try (InputStream in = attachmentParts.get(index - 1).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException | MessagingException e) {
            throw new IllegalArgumentException("unreadable attachment " + index, e);
        }
    }

    /** The addresses of a header, decoded for people; the raw header when it does not parse. */
    private String addresses(String name) {
        String raw = header(name);
        if (raw.isEmpty()) {
            return raw;
        }
        try {
            List<String> shown = new ArrayList<>();
            for (Address a : InternetAddress.parseHeader(raw, false)) {
                shown.add(a instanceof InternetAddress ia ? ia.toUnicodeString() : a.toString());
            }
            return String.join(", ", shown);
        } catch (MessagingException e) {
            return raw;
        }
    }

    /** One header, unfolded and RFC 2047-decoded; empty when absent. */
    public String header(String name) {
        try {
            String value = message.getHeader(name, ",");
            if (value == null) {
                return "";
            }
            return MimeUtility.decodeText(MimeUtility.unfold(value)).trim();
        } catch (MessagingException | UnsupportedEncodingException e) {
            return "";
        }
    }

    private static Object content(Part part) {
        try {
            return part.getContent();
        } catch (IOException | MessagingException e) {
            return null;
        }
    }

    private static String textOf(Part part) {
        Object content = content(part);
        if (content instanceof String s) {
            return s;
        }
        // Unknown charset or broken transfer encoding: show the octets as UTF-8 rather than nothing.
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | MessagingException e) {
            return "";
        }
    }

    private static String disposition(Part part) {
        try {
            return part.getDisposition();
        } catch (MessagingException e) {
            return null;
        }
    }

    private static String fileName(Part part) {
        try {
            String name = part.getFileName();
            return name == null ? null : MimeUtility.decodeText(name);
        } catch (MessagingException | UnsupportedEncodingException e) {
            return null;
        }
    }

    private static String baseType(Part part) {
        try {
            String type = part.getContentType();
            int semicolon = type == null ? -1 : type.indexOf(';');
            return (semicolon < 0 ? String.valueOf(type) : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        } catch (MessagingException e) {
            return "application/octet-stream";
        }
    }
}
