package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.SystemFlag;
import dev.maildock.rar.smtp.MessageSpool;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tokens of RFC 9051's formal syntax (section 9), read in place from a framed command's
 * buffer: a cursor the command parsers share. Each method reads one token or fails with an
 * {@link ImapSyntaxException} carrying the command's tag.
 */
final class ImapReader {

    private static final String[] MONTHS = {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

    private final ByteBuf buf;
    private final int end;
    private final List<MessageSpool> spools;
    private final boolean utf8;
    private int pos;
    private int nextSpool;
    private String tag;

    ImapReader(ImapFrame.Command frame, boolean utf8) {
        this.buf = frame.content();
        this.pos = buf.readerIndex();
        this.end = buf.writerIndex();
        this.spools = frame.messages();
        this.utf8 = utf8;
    }

    /** The command's tag, null until {@link #readTag()} read one. */
    String tag() {
        return tag;
    }

    /** RFC 9051 {@code tag}: ASTRING-CHAR octets but {@code +}. */
    void readTag() throws ImapSyntaxException {
        int start = pos;
        while (pos < end && ImapChars.isAstringChar(at(pos)) && at(pos) != '+') {
            pos++;
        }
        if (pos == start || pos - start > ImapChars.MAX_TAG) {
            throw fail("Invalid tag");
        }
        tag = buf.toString(start, pos - start, StandardCharsets.US_ASCII);
    }

    /** Whether the command goes on. */
    boolean more() {
        return pos < end;
    }

    /** The command was read whole: nothing may follow, and every spooled message was taken. */
    void finish() throws ImapSyntaxException {
        if (pos != end) {
            throw fail("Unexpected text after the command");
        }
        if (nextSpool != spools.size()) {
            throw fail("Unexpected literal");
        }
    }

    /** SASL-IR's initial response: base64 text or {@code =}. */
    String base64() throws ImapSyntaxException {
        int start = pos;
        while (pos < end && isBase64(at(pos))) {
            pos++;
        }
        if (pos == start) {
            throw fail("Invalid initial response");
        }
        return buf.toString(start, pos - start, StandardCharsets.US_ASCII);
    }

    /** An APPEND message literal: its {@code {n}} announcement here, its octets in the next spool. */
    MessageSpool messageLiteral(long size) throws ImapSyntaxException {
        if (nextSpool >= spools.size() || spools.get(nextSpool).size() != size) {
            throw fail("Expected a message literal");
        }
        return spools.get(nextSpool++);
    }

    /** Takes a {@code .} that a digit follows (between part numbers, not before HEADER or MIME). */
    boolean takeDotBeforeDigit() {
        if (pos + 1 < end && at(pos) == '.' && isDigit(at(pos + 1))) {
            pos++;
            return true;
        }
        return false;
    }

    void flagList(Set<SystemFlag> flags, List<String> keywords) throws ImapSyntaxException {
        expect('(');
        if (take(')')) {
            return;
        }
        do {
            flag(flags, keywords);
        } while (take(' '));
        expect(')');
    }

    void flag(Set<SystemFlag> flags, List<String> keywords) throws ImapSyntaxException {
        if (take('\\')) {
            String name = atom();
            if (name.equalsIgnoreCase("Recent")) {
                return; // RFC 3501 section 2.3.2: the server sets \Recent, a client cannot; ignored
            }
            for (SystemFlag flag : SystemFlag.values()) {
                if (flag.atom().substring(1).equalsIgnoreCase(name)) {
                    flags.add(flag);
                    return;
                }
            }
            throw fail("Unknown system flag");
        }
        keywords.add(atom());
    }

    SequenceSet sequenceSet() throws ImapSyntaxException {
        if (take('$')) {
            return new SequenceSet(new long[0], true);
        }
        long[] bounds = new long[4];
        int count = 0;
        do {
            if (count + 2 > bounds.length) {
                bounds = Arrays.copyOf(bounds, bounds.length * 2);
            }
            long first = sequenceNumber();
            bounds[count++] = first;
            bounds[count++] = take(':') ? sequenceNumber() : first;
        } while (take(','));
        return new SequenceSet(Arrays.copyOf(bounds, count), false);
    }

    long sequenceNumber() throws ImapSyntaxException {
        if (take('*')) {
            return SequenceSet.STAR;
        }
        long n = number(SequenceSet.MAX_NUMBER);
        if (n == 0) {
            throw fail("Invalid sequence set");
        }
        return n;
    }

    long number(long max) throws ImapSyntaxException {
        int start = pos;
        long value = 0;
        while (pos < end && isDigit(at(pos))) {
            int digit = at(pos) - '0';
            if (value > (max - digit) / 10) { // checked before it could overflow
                throw fail("Number too large");
            }
            value = value * 10 + digit;
            pos++;
        }
        if (pos == start) {
            throw fail("Expected a number");
        }
        return value;
    }

    String spMailbox() throws ImapSyntaxException {
        sp();
        return MailboxName.normalize(decodeName(astring()));
    }

    /**
     * A mailbox name that will be made (CREATE, RENAME's new name): an invalid modified UTF-7 run
     * is a syntax error, so no folder is ever stored under a name a rev1 client cannot write.
     */
    String spNewMailbox() throws ImapSyntaxException {
        sp();
        String wire = astring();
        if (!utf8) {
            try {
                MailboxName.decodeUtf7(wire);
            } catch (IllegalArgumentException e) {
                throw fail("Invalid mailbox name: " + e.getMessage());
            }
        }
        return MailboxName.normalize(decodeName(wire));
    }

    /**
     * A name or pattern looked up (SELECT, LIST, STATUS, ...): an invalid modified UTF-7 run stays
     * as written, so it names no mailbox and the answer is NO or an empty LIST, as Dovecot gives
     * and imaptest's "atoms" test expects, rather than a BAD.
     */
    String decodeName(String wire) {
        if (utf8) {
            return wire;
        }
        try {
            return MailboxName.decodeUtf7(wire);
        } catch (IllegalArgumentException e) {
            return wire;
        }
    }

    String listMailbox() throws ImapSyntaxException {
        int c = peek();
        if (c == '"' || c == '{') {
            return decodeName(string());
        }
        int start = pos;
        while (pos < end && ImapChars.isListChar(at(pos))) {
            pos++;
        }
        if (pos == start) {
            throw fail("Expected a mailbox pattern");
        }
        return decodeName(buf.toString(start, pos - start, StandardCharsets.US_ASCII));
    }

    String spAstring() throws ImapSyntaxException {
        sp();
        return astring();
    }

    String astring() throws ImapSyntaxException {
        int c = peek();
        if (c == '"' || c == '{') {
            return string();
        }
        int start = pos;
        while (pos < end && ImapChars.isAstringChar(at(pos))) {
            pos++;
        }
        if (pos == start) {
            throw fail("Expected an atom or a string");
        }
        return buf.toString(start, pos - start, StandardCharsets.US_ASCII);
    }

    String nstring() throws ImapSyntaxException {
        if (peek() == 'N' || peek() == 'n') {
            if (!word().equals("NIL")) {
                throw fail("Expected a string or NIL");
            }
            return null;
        }
        return string();
    }

    String string() throws ImapSyntaxException {
        if (peek() == '{') {
            long size = literalHeader();
            if (size > end - pos) {
                throw fail("Literal missing");
            }
            String text = buf.toString(pos, (int) size, StandardCharsets.UTF_8);
            pos += (int) size;
            return text;
        }
        expect('"');
        int start = pos;
        boolean escaped = false;
        while (pos < end && at(pos) != '"') {
            int c = at(pos);
            if (c == '\r' || c == '\n' || c == 0) {
                throw fail("Invalid character in a quoted string");
            }
            if (c == '\\') {
                escaped = true;
                pos++;
                if (pos >= end || (at(pos) != '\\' && at(pos) != '"')) {
                    throw fail("Invalid escape in a quoted string");
                }
            }
            pos++;
        }
        int stop = pos;
        expect('"');
        if (!escaped) {
            return buf.toString(start, stop - start, StandardCharsets.UTF_8);
        }
        byte[] octets = new byte[stop - start];
        int length = 0;
        for (int i = start; i < stop; i++) {
            byte b = buf.getByte(i);
            if (b == '\\') {
                b = buf.getByte(++i);
            }
            octets[length++] = b;
        }
        return new String(octets, 0, length, StandardCharsets.UTF_8);
    }

    /** {@code {n}} or {@code {n+}} and CRLF; returns n. */
    long literalHeader() throws ImapSyntaxException {
        expect('{');
        long size = number(SequenceSet.MAX_NUMBER);
        take('+');
        expect('}');
        expect('\r');
        expect('\n');
        return size;
    }

    /** RFC 9051 date-time: {@code "dd-Mon-yyyy hh:mm:ss +zzzz"}, the day perhaps space-padded. */
    OffsetDateTime dateTime() throws ImapSyntaxException {
        expect('"');
        int day = take(' ') ? digits(1) : digits(peekDigits() == 1 ? 1 : 2);
        expect('-');
        int month = month();
        expect('-');
        int year = digits(4);
        expect(' ');
        int hour = digits(2);
        expect(':');
        int minute = digits(2);
        expect(':');
        int second = digits(2);
        expect(' ');
        int sign = take('+') ? 1 : take('-') ? -1 : 0;
        if (sign == 0) {
            throw fail("Invalid zone");
        }
        int zone = digits(4);
        expect('"');
        try {
            ZoneOffset offset = ZoneOffset.ofHoursMinutes(sign * (zone / 100), sign * (zone % 100));
            return OffsetDateTime.of(year, month, day, hour, minute, second, 0, offset);
        } catch (DateTimeException e) {
            throw fail("Invalid date-time");
        }
    }

    /** RFC 9051 date: {@code d-Mon-yyyy}, perhaps quoted. */
    LocalDate date() throws ImapSyntaxException {
        boolean quoted = take('"');
        int day = digits(peekDigits() == 1 ? 1 : 2);
        expect('-');
        int month = month();
        expect('-');
        int year = digits(4);
        if (quoted) {
            expect('"');
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw fail("Invalid date");
        }
    }

    private int month() throws ImapSyntaxException {
        if (end - pos >= 3) {
            for (int i = 0; i < MONTHS.length; i++) {
                if (buf.toString(pos, 3, StandardCharsets.US_ASCII).equalsIgnoreCase(MONTHS[i])) {
                    pos += 3;
                    return i + 1;
                }
            }
        }
        throw fail("Invalid month");
    }

    private int peekDigits() {
        int n = 0;
        while (pos + n < end && isDigit(at(pos + n))) {
            n++;
        }
        return n;
    }

    private int digits(int count) throws ImapSyntaxException {
        int value = 0;
        for (int i = 0; i < count; i++) {
            if (pos >= end || !isDigit(at(pos))) {
                throw fail("Expected a digit");
            }
            value = value * 10 + at(pos++) - '0';
        }
        return value;
    }

    /** An atom in upper case (command names, keys, options). */
    String word() throws ImapSyntaxException {
        return atom().toUpperCase(Locale.ROOT);
    }

    /** The next atom in upper case without reading it, or "" when none. */
    String peekWord() {
        int start = pos;
        int stop = pos;
        while (stop < end && ImapChars.isAtomChar(at(stop))) {
            stop++;
        }
        return buf.toString(start, stop - start, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
    }

    String atom() throws ImapSyntaxException {
        int start = pos;
        while (pos < end && ImapChars.isAtomChar(at(pos))) {
            pos++;
        }
        if (pos == start) {
            throw fail("Expected an atom");
        }
        return buf.toString(start, pos - start, StandardCharsets.US_ASCII);
    }

    /** A FETCH item or section name: letters, digits and dots, in upper case (stops at {@code [}). */
    String fetchName() throws ImapSyntaxException {
        int start = pos;
        while (pos < end && (Character.isLetterOrDigit(at(pos)) || at(pos) == '.') && at(pos) < 128) {
            pos++;
        }
        if (pos == start) {
            throw fail("Expected a data item");
        }
        return buf.toString(start, pos - start, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
    }

    void sp() throws ImapSyntaxException {
        expect(' ');
    }

    void expect(char c) throws ImapSyntaxException {
        if (!take(c)) {
            throw fail(pos >= end ? "Missing argument" : "Expected " + (c == ' ' ? "SP" : c == '\r' ? "CRLF"
                    : c == '\n' ? "LF" : String.valueOf(c)));
        }
    }

    boolean take(char c) {
        if (pos < end && at(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    int peek() {
        return pos < end ? at(pos) : -1;
    }

    private int at(int index) {
        return buf.getByte(index) & 0xff;
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isBase64(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c == '+' || c == '/' || c == '=';
    }

    ImapSyntaxException fail(String text) {
        return new ImapSyntaxException(tag, text);
    }
}
