package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.SystemFlag;
import dev.maildock.rar.api.imap.UidSet;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

/**
 * Writes IMAP response data (RFC 9051 section 7 and the formal syntax of section 9) into a
 * {@link ByteBuf}, choosing for each string the form the client can read: an atom where the syntax
 * allows one, else a quoted string, else a literal (CR, LF or NUL, longer than
 * {@link #MAX_QUOTED}, or non-ASCII in an IMAP4rev1 session; IMAP4rev2 and UTF8=ACCEPT sessions
 * take UTF-8 in quoted strings, RFC 9051 section 4.3 and RFC 6855). Numbers are written without
 * allocating: FETCH responses are the server's hottest output.
 */
public final class ImapWriter {

    /** Longer strings go as literals, which clients read without scanning for the closing quote. */
    static final int MAX_QUOTED = 1024;
    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private final ByteBuf out;
    private final boolean utf8;
    private final byte[] digits = new byte[20];

    /** @param utf8 the session is IMAP4rev2 or enabled UTF8=ACCEPT */
    public ImapWriter(ByteBuf out, boolean utf8) {
        this.out = out;
        this.utf8 = utf8;
    }

    public ByteBuf buffer() {
        return out;
    }

    /** US-ASCII text as is: atoms, response names, parentheses. */
    public ImapWriter raw(String ascii) {
        out.writeCharSequence(ascii, StandardCharsets.US_ASCII);
        return this;
    }

    public ImapWriter raw(char c) {
        out.writeByte(c);
        return this;
    }

    public ImapWriter sp() {
        out.writeByte(' ');
        return this;
    }

    public ImapWriter crlf() {
        out.writeByte('\r').writeByte('\n');
        return this;
    }

    public ImapWriter nil() {
        return raw("NIL");
    }

    public ImapWriter number(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("IMAP numbers are not negative: " + value);
        }
        int at = digits.length;
        do {
            digits[--at] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
        out.writeBytes(digits, at, digits.length - at);
        return this;
    }

    /** An nstring: NIL for null. */
    public ImapWriter nstring(String value) {
        return value == null ? nil() : string(value);
    }

    /** An astring: an atom when it is one (and not {@code NIL}), else a string. */
    public ImapWriter astring(String value) {
        if (!value.isEmpty() && !value.equalsIgnoreCase("NIL") && isAstring(value)) {
            return raw(value);
        }
        return string(value);
    }

    /** A mailbox name from the platform (UTF-8), in modified UTF-7 for an IMAP4rev1 session. */
    public ImapWriter mailbox(String name) {
        return astring(utf8 ? name : MailboxName.encodeUtf7(name));
    }

    /** A string: quoted when it can be, else a literal. */
    public ImapWriter string(String value) {
        boolean escapes = false;
        boolean literal = value.length() > MAX_QUOTED;
        for (int i = 0; i < value.length() && !literal; i++) {
            char c = value.charAt(i);
            literal = c == '\r' || c == '\n' || c == 0 || (c > 0x7f && !utf8);
            escapes |= c == '"' || c == '\\';
        }
        if (literal) {
            return literal(value.getBytes(StandardCharsets.UTF_8));
        }
        out.writeByte('"');
        if (escapes) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    out.writeByte('\\');
                }
                if (c < 0x80) {
                    out.writeByte(c);
                } else {
                    int chars = Character.charCount(value.codePointAt(i));
                    out.writeCharSequence(value.substring(i, i + chars), StandardCharsets.UTF_8);
                    i += chars - 1;
                }
            }
        } else {
            out.writeCharSequence(value, StandardCharsets.UTF_8);
        }
        out.writeByte('"');
        return this;
    }

    /** A literal: {@code {n}} CRLF and the octets. */
    public ImapWriter literal(byte[] content) {
        literalHeader(content.length, false);
        out.writeBytes(content);
        return this;
    }

    /** BINARY content (RFC 3516): a literal8 when it holds a NUL, which a literal must not. */
    public ImapWriter binary(byte[] content) {
        boolean nul = false;
        for (int i = 0; i < content.length && !nul; i++) {
            nul = content[i] == 0;
        }
        literalHeader(content.length, nul);
        out.writeBytes(content);
        return this;
    }

    /** {@code {n}} CRLF, or {@code ~{n}} CRLF for a literal8; the caller sends the n octets. */
    public ImapWriter literalHeader(long size, boolean literal8) {
        if (literal8) {
            out.writeByte('~');
        }
        out.writeByte('{');
        number(size);
        out.writeByte('}');
        return crlf();
    }

    /** A flag list: {@code (\Seen $Forwarded)}. */
    public ImapWriter flags(Set<SystemFlag> flags, List<String> keywords) {
        return flags(flags, keywords, false);
    }

    /** A message's flag list, with {@code \Recent} first when it is recent to the session (IMAP4rev1). */
    public ImapWriter flags(Set<SystemFlag> flags, List<String> keywords, boolean recent) {
        out.writeByte('(');
        boolean first = true;
        if (recent) {
            raw("\\Recent");
            first = false;
        }
        for (SystemFlag flag : SystemFlag.values()) {
            if (flags.contains(flag)) {
                if (!first) {
                    out.writeByte(' ');
                }
                raw(flag.atom());
                first = false;
            }
        }
        for (String keyword : keywords) {
            if (!first) {
                out.writeByte(' ');
            }
            raw(keyword);
            first = false;
        }
        out.writeByte(')');
        return this;
    }

    /** An INTERNALDATE: {@code "17-Jul-1996 02:44:25 -0700"} in the given zone. */
    public ImapWriter dateTime(Instant instant, ZoneId zone) {
        ZonedDateTime time = instant.atZone(zone);
        out.writeByte('"');
        twoDigits(time.getDayOfMonth(), ' ');
        out.writeByte('-');
        raw(MONTHS[time.getMonthValue() - 1]);
        out.writeByte('-');
        number(time.getYear());
        out.writeByte(' ');
        twoDigits(time.getHour(), '0');
        out.writeByte(':');
        twoDigits(time.getMinute(), '0');
        out.writeByte(':');
        twoDigits(time.getSecond(), '0');
        int offset = time.getOffset().getTotalSeconds() / 60;
        out.writeByte(' ').writeByte(offset < 0 ? '-' : '+');
        twoDigits(Math.abs(offset) / 60, '0');
        twoDigits(Math.abs(offset) % 60, '0');
        out.writeByte('"');
        return this;
    }

    /** A sequence-set of UIDs: {@code 3:5,9} (COPYUID, VANISHED, ESEARCH ALL). */
    public ImapWriter uidSet(UidSet set) {
        long[] bounds = set.bounds();
        for (int i = 0; i < bounds.length; i += 2) {
            if (i > 0) {
                out.writeByte(',');
            }
            number(bounds[i]);
            if (bounds[i + 1] != bounds[i]) {
                out.writeByte(':');
                number(bounds[i + 1]);
            }
        }
        return this;
    }

    /** Ascending UIDs as a sequence-set, runs joined: {@code 3:5,9}. */
    public ImapWriter uids(long[] ascending) {
        for (int i = 0; i < ascending.length; i++) {
            int last = i;
            while (last + 1 < ascending.length && ascending[last + 1] == ascending[last] + 1) {
                last++;
            }
            if (i > 0) {
                out.writeByte(',');
            }
            number(ascending[i]);
            if (last > i) {
                out.writeByte(':');
                number(ascending[last]);
            }
            i = last;
        }
        return this;
    }

    private void twoDigits(int value, char pad) {
        out.writeByte(value < 10 ? pad : '0' + value / 10);
        out.writeByte('0' + value % 10);
    }

    private static boolean isAstring(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!ImapChars.isAstringChar(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
