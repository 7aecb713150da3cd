package dev.maildock.rar.imap;

import dev.maildock.rar.net.PausableFramer;
import dev.maildock.rar.smtp.MessageSpool;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Frames the IMAP byte stream into whole commands (RFC 9051 section 2.2): a command is a line that
 * may end in a literal announcement ({@code {n}}, {@code {n+}} of RFC 7888 LITERAL+, {@code ~{n}}
 * and {@code ~{n+}} of RFC 3516), after which come n octets and the rest of the command.
 * <p>
 * A synchronizing literal needs the session's answer (a continuation request, or a refusal)
 * before the client sends it, and that answer may depend on the session's state. So the framer
 * hands over a {@link ImapFrame.LiteralRequest} and frames nothing until {@link #acceptLiteral()}
 * or {@link #refuseLiteral()}; besides, the session {@link #pause()}s it while a platform call is
 * open, and after STARTTLS drops what is buffered (RFC 9051 section 6.2.1).
 * <p>
 * Memory per connection is bounded: the command's text outside literals by {@code maxLine}, its
 * other literals together by {@code maxLiteral}, and an APPEND message literal (each literal of
 * APPEND but its first argument, the mailbox) goes to a {@link MessageSpool} that keeps at most
 * {@link #SPOOL_THRESHOLD} octets in heap. A command over a limit is refused at once and the rest
 * of it read and dropped, the octets of its non-synchronizing literals included, so that the next
 * command is framed right. A bare LF ends a line as CRLF does (many clients send it).
 */
public final class ImapFramer extends PausableFramer {

    /** APPEND literals beyond this many octets go to a file. */
    static final int SPOOL_THRESHOLD = 256 * 1024;
    /** RFC 3502 MULTIAPPEND: at most this many messages in one command, to bound the spooled files. */
    static final int MAX_APPEND_MESSAGES = 100;
    /** The longest literal announcement: {@code ~{4294967295+}}. */
    private static final int MAX_MARKER = 14;
    private static final int MAX_COMMAND_NAME = 32;

    private enum State { LINE, LITERAL, SPOOL, SKIP, AWAIT }

    private final int maxLine;
    private final int maxLiteral;
    private final long appendLimit;
    private final Path spoolDirectory;

    private State state = State.LINE;
    /** The command so far when it has literals; null while it is one line. */
    private ByteBuf command;
    private List<MessageSpool> messages;
    private String tag;
    private String commandName;
    private int textLength;
    private long literalTotal;
    private long remaining;
    /** After a refusal: the rest of the command is read and dropped. */
    private boolean discarding;
    /** The state after an accepted synchronizing literal. */
    private State accepted;
    // The literal announced at the end of the current line (see findLiteral).
    private int markerStart;
    private long markerSize;
    private boolean markerSync;

    /**
     * @param maxLine        the most octets of a command outside its literals
     * @param maxLiteral     the most octets of all literals of a command, APPEND messages apart
     * @param appendLimit    the largest APPEND message literal (RFC 7889 APPENDLIMIT)
     * @param spoolDirectory where APPEND literals are spooled, null for the system's temp directory
     */
    public ImapFramer(int maxLine, int maxLiteral, long appendLimit, Path spoolDirectory) {
        this.maxLine = maxLine;
        this.maxLiteral = maxLiteral;
        this.appendLimit = appendLimit;
        this.spoolDirectory = spoolDirectory;
    }

    /** After a {@link ImapFrame.LiteralRequest}: the session sent {@code + ...}; read the literal. */
    public void acceptLiteral() {
        if (state == State.AWAIT) {
            state = accepted;
            drain();
        }
    }

    /**
     * After a {@link ImapFrame.LiteralRequest}: the session answers the command itself; the client
     * sends no literal, so what comes next is the next command.
     */
    public void refuseLiteral() {
        if (state == State.AWAIT) {
            dropCommand();
            state = State.LINE;
            drain();
        }
    }

    /**
     * Drops every octet received but not framed yet, and a command begun in them (RFC 9051
     * section 6.2.1: nothing the client pipelined after STARTTLS may be acted on).
     */
    @Override
    public void discardBuffered() {
        super.discardBuffered();
        dropCommand();
        state = State.LINE;
    }

    @Override
    protected boolean mayFrame() {
        return state != State.AWAIT;
    }

    @Override
    protected boolean frame() {
        return switch (state) {
            case LINE -> frameLine();
            case LITERAL -> literalOctets();
            case SPOOL -> spoolOctets();
            case SKIP -> skipOctets();
            case AWAIT -> false;
        };
    }

    private boolean frameLine() {
        int start = buffered.readerIndex();
        int end = buffered.writerIndex();
        int lf = buffered.indexOf(start, end, (byte) '\n');
        if (lf < 0) {
            if (!discarding && textLength + end - start > maxLine) {
                refuse(ImapFrame.Reason.LINE_TOO_LONG, start, end);
            }
            if (discarding && end - start > MAX_MARKER + 1) {
                // Drop the line but its tail, where a literal announcement may end it.
                buffered.readerIndex(end - MAX_MARKER - 1);
                return true;
            }
            return false;
        }
        buffered.readerIndex(lf + 1);
        int lineEnd = lf > start && buffered.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        boolean literal = findLiteral(start, lineEnd);
        if (!discarding) {
            textLength += lineEnd - start + 2; // counted as kept: with CRLF, a bare LF made one
            if (textLength > maxLine) {
                refuse(ImapFrame.Reason.LINE_TOO_LONG, start, lineEnd);
            }
        }
        if (discarding) {
            if (literal && !markerSync) {
                remaining = markerSize;
                state = State.SKIP;
            } else {
                dropCommand();
            }
            return true;
        }
        if (!literal) {
            ByteBuf content = command == null ? ctx.alloc().buffer(lineEnd - start) : command;
            content.writeBytes(buffered, start, lineEnd - start);
            List<MessageSpool> spooled = messages == null ? List.of() : messages;
            command = null;
            messages = null;
            resetCommand();
            ctx.fireChannelRead(new ImapFrame.Command(content, spooled));
            return true;
        }
        return literalAnnounced(start, lineEnd);
    }

    private boolean literalAnnounced(int start, int lineEnd) {
        boolean message;
        if (command == null) {
            readHead(start, lineEnd);
            // On the first line, APPEND's first argument is the mailbox; every later literal is a message.
            message = "APPEND".equals(commandName) && markerStart != afterCommandName(start, lineEnd);
        } else {
            message = "APPEND".equals(commandName);
        }
        boolean tooBig = message
                ? markerSize > appendLimit || messages != null && messages.size() >= MAX_APPEND_MESSAGES
                : literalTotal + markerSize > maxLiteral;
        if (tooBig) {
            // The session answers NO for a message (RFC 7889 section 4), BAD for any other literal.
            fireRefused(message ? ImapFrame.Reason.MESSAGE_TOO_BIG : ImapFrame.Reason.LITERAL_TOO_BIG);
            if (markerSync) {
                dropCommand(); // the client waits for a continuation it never gets
            } else {
                remaining = markerSize;
                state = State.SKIP;
            }
            return true;
        }
        if (command == null) {
            command = ctx.alloc().buffer(lineEnd - start + 2 + (message ? 0 : (int) markerSize));
        }
        command.writeBytes(buffered, start, lineEnd - start).writeByte('\r').writeByte('\n');
        if (message) {
            if (messages == null) {
                messages = new ArrayList<>();
            }
            messages.add(new MessageSpool(SPOOL_THRESHOLD, markerSize, spoolDirectory));
        } else {
            literalTotal += markerSize;
        }
        remaining = markerSize;
        State next = message ? State.SPOOL : State.LITERAL;
        if (markerSync) {
            accepted = next;
            state = State.AWAIT;
            ctx.fireChannelRead(new ImapFrame.LiteralRequest(tag, commandName, markerSize, message));
        } else {
            state = next;
        }
        return true;
    }

    private boolean literalOctets() {
        int n = (int) Math.min(remaining, buffered.readableBytes());
        command.writeBytes(buffered, n);
        return literalRead(n);
    }

    private boolean spoolOctets() {
        int n = (int) Math.min(remaining, buffered.readableBytes());
        messages.get(messages.size() - 1).append(buffered.readSlice(n));
        return literalRead(n);
    }

    private boolean skipOctets() {
        int n = (int) Math.min(remaining, buffered.readableBytes());
        buffered.skipBytes(n);
        return literalRead(n);
    }

    private boolean literalRead(int n) {
        remaining -= n;
        if (remaining == 0) {
            state = State.LINE;
        }
        return true;
    }

    /**
     * Whether {@code [from, to)} ends with a literal announcement; if so sets the marker fields.
     * Only a number of at most ten digits counts (literal sizes are 32-bit, RFC 9051 section 9).
     */
    private boolean findLiteral(int from, int to) {
        int at = to - 1;
        if (at < from || buffered.getByte(at) != '}') {
            return false;
        }
        at--;
        markerSync = at < from || buffered.getByte(at) != '+';
        if (!markerSync) {
            at--;
        }
        long size = 0;
        long scale = 1;
        int digits = 0;
        while (at >= from && Character.isDigit(buffered.getByte(at)) && digits < 11) {
            size += (buffered.getByte(at) - '0') * scale;
            scale *= 10;
            digits++;
            at--;
        }
        if (digits == 0 || digits > 10 || at < from || buffered.getByte(at) != '{') {
            return false;
        }
        markerStart = at > from && buffered.getByte(at - 1) == '~' ? at - 1 : at;
        markerSize = size;
        return true;
    }

    private void refuse(ImapFrame.Reason reason, int lineStart, int lineEnd) {
        if (command == null) {
            readHead(lineStart, lineEnd);
        }
        fireRefused(reason);
    }

    private void fireRefused(ImapFrame.Reason reason) {
        discarding = true;
        ctx.fireChannelRead(new ImapFrame.Refused(tag, reason));
    }

    /** Reads the tag and the command name from the command's first line {@code [start, end)}. */
    private void readHead(int start, int end) {
        int space = buffered.indexOf(start, end, (byte) ' ');
        int tagEnd = space < 0 ? end : space;
        tag = validTag(start, tagEnd) ? buffered.toString(start, tagEnd - start, StandardCharsets.US_ASCII) : null;
        int nameEnd = afterCommandName(start, end) - 1;
        commandName = space >= 0 && nameEnd > space + 1 && nameEnd - space - 1 <= MAX_COMMAND_NAME
                ? buffered.toString(space + 1, nameEnd - space - 1, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT)
                : null;
    }

    /** The index after "tag SP name SP" on the line {@code [start, end)}, or {@code end + 1} when it has less. */
    private int afterCommandName(int start, int end) {
        int space = buffered.indexOf(start, end, (byte) ' ');
        int next = space < 0 ? -1 : buffered.indexOf(space + 1, end, (byte) ' ');
        return next < 0 ? end + 1 : next + 1;
    }

    /** RFC 9051 {@code tag}: ASTRING-CHAR octets except {@code +}. */
    private boolean validTag(int start, int end) {
        if (end <= start || end - start > ImapChars.MAX_TAG) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (!ImapChars.isAstringChar(buffered.getByte(i)) || buffered.getByte(i) == '+') {
                return false;
            }
        }
        return true;
    }

    private void dropCommand() {
        if (command != null) {
            command.release();
            command = null;
        }
        if (messages != null) {
            messages.forEach(MessageSpool::close);
            messages = null;
        }
        resetCommand();
    }

    private void resetCommand() {
        discarding = false;
        textLength = 0;
        literalTotal = 0;
        tag = null;
        commandName = null;
    }

    @Override
    protected void releaseAll() {
        super.releaseAll();
        dropCommand();
    }
}
