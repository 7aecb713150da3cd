package dev.maildock.rar.imap;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Mailbox names on the wire. IMAP4rev1 clients write them in modified UTF-7 (RFC 3501 section
 * 5.1.3); IMAP4rev2 and UTF8=ACCEPT sessions (RFC 9051 section 5.1, RFC 6855) in UTF-8 as is. The
 * platform knows UTF-8 names only, with {@code /} as hierarchy delimiter and {@code INBOX} in any
 * case meaning the inbox.
 */
public final class MailboxName {

    public static final String INBOX = "INBOX";
    public static final char DELIMITER = '/';

    // RFC 3501 5.1.3: base64 with ',' for '/' and no padding.
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    private MailboxName() {
    }

    /** The platform's name for a mailbox argument: {@code INBOX} in any case becomes {@code INBOX}. */
    public static String normalize(String name) {
        return name.equalsIgnoreCase(INBOX) ? INBOX : name;
    }

    /**
     * A name as a rev1 client wrote it, decoded from modified UTF-7.
     *
     * @throws IllegalArgumentException not valid modified UTF-7 (an octet outside printable
     *                                  US-ASCII, a bad or unterminated shifted run, a shifted run
     *                                  that spells printable US-ASCII)
     */
    public static String decodeUtf7(String wire) {
        if (wire.indexOf('&') < 0) {
            requirePrintable(wire, 0, wire.length());
            return wire;
        }
        StringBuilder out = new StringBuilder(wire.length());
        int i = 0;
        while (i < wire.length()) {
            char c = wire.charAt(i);
            if (c != '&') {
                requirePrintable(wire, i, i + 1);
                out.append(c);
                i++;
                continue;
            }
            int end = wire.indexOf('-', i + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated modified UTF-7 run");
            }
            if (end == i + 1) {
                out.append('&');
            } else {
                out.append(decodeRun(wire.substring(i + 1, end)));
            }
            i = end + 1;
        }
        return out.toString();
    }

    private static String decodeRun(String run) {
        if (run.length() % 4 == 1 || run.indexOf('/') >= 0 || run.indexOf('=') >= 0) {
            throw new IllegalArgumentException("bad modified UTF-7 run");
        }
        byte[] utf16;
        try {
            utf16 = DECODER.decode(run.replace(',', '/'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad modified UTF-7 run");
        }
        if (utf16.length % 2 != 0 || !trailingBitsZero(run, utf16.length)) {
            throw new IllegalArgumentException("bad modified UTF-7 run");
        }
        String text;
        try {
            text = StandardCharsets.UTF_16BE.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf16)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("bad UTF-16 in modified UTF-7 run");
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x20 && text.charAt(i) <= 0x7e) {
                throw new IllegalArgumentException("printable US-ASCII in a modified UTF-7 run");
            }
        }
        return text;
    }

    /** A UTF-8 name as a rev1 client must see it: in modified UTF-7. */
    public static String encodeUtf7(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c >= 0x20 && c <= 0x7e) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            int end = i;
            while (end < name.length() && (name.charAt(end) < 0x20 || name.charAt(end) > 0x7e)) {
                end++;
            }
            byte[] utf16 = name.substring(i, end).getBytes(StandardCharsets.UTF_16BE);
            out.append('&').append(ENCODER.encodeToString(utf16).replace('/', ',')).append('-');
            i = end;
        }
        return out.toString();
    }

    private static void requirePrintable(String wire, int from, int to) {
        for (int i = from; i < to; i++) {
            if (wire.charAt(i) < 0x20 || wire.charAt(i) > 0x7e) {
                throw new IllegalArgumentException("8-bit or control character in a modified UTF-7 name");
            }
        }
    }

    /** Whether the bits past the run's last whole octet are zero, as RFC 2152's canonical form has them. */
    private static boolean trailingBitsZero(String run, int octets) {
        int bits = run.length() * 6 - octets * 8;
        int last = BASE64.indexOf(run.charAt(run.length() - 1));
        return (last & ((1 << bits) - 1)) == 0;
    }
}
