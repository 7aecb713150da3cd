package dev.maildock.rar.imap;

import dev.maildock.rar.smtp.MessageSpool;
import io.netty.buffer.ByteBuf;

import java.util.List;

/** What {@link ImapFramer} hands the session: whole commands, literal handshakes and refusals. */
public sealed interface ImapFrame {

    /**
     * One whole command (or a plain line such as IDLE's {@code DONE} or a SASL response): the line
     * text without its final CRLF, with each literal as on the wire ({@code {n}} CRLF, then its
     * octets), except that an APPEND message literal's octets are not in {@code content} but in
     * the next of {@code messages}. The receiver owns both: {@link #release()} frees them.
     */
    record Command(ByteBuf content, List<MessageSpool> messages) implements ImapFrame {

        public void release() {
            content.release();
            messages.forEach(MessageSpool::close);
        }
    }

    /**
     * The client announced a synchronizing literal and waits for a continuation request. The framer
     * frames nothing more until the session calls {@link ImapFramer#acceptLiteral()} (after sending
     * {@code + ...}) or {@link ImapFramer#refuseLiteral()} (and answers the command itself).
     *
     * @param tag     the command's tag, or null when it was not a valid tag
     * @param command the command name in upper case (e.g. {@code APPEND}), or null
     * @param message whether it is an APPEND message literal (limited by APPENDLIMIT, spooled)
     */
    record LiteralRequest(String tag, String command, long size, boolean message) implements ImapFrame {
    }

    /**
     * A command broke a limit; the framer drops what is left of it (reading and discarding the
     * octets of its non-synchronizing literals) and the session answers it.
     *
     * @param tag the command's tag, or null when it was not a valid tag (answer untagged)
     */
    record Refused(String tag, Reason reason) implements ImapFrame {
    }

    enum Reason {
        /** The command's text outside literals is longer than the limit: BAD. */
        LINE_TOO_LONG,
        /** A literal is larger than allowed (all but APPEND messages): BAD [TOOBIG]. */
        LITERAL_TOO_BIG,
        /** An APPEND message is larger than APPENDLIMIT, or one too many for MULTIAPPEND: NO [TOOBIG]. */
        MESSAGE_TOO_BIG
    }
}
