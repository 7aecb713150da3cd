package dev.maildock.rar.imap;

import dev.maildock.rar.api.ImapListener;
import dev.maildock.rar.api.MessageData;
import dev.maildock.rar.api.imap.AppendResult;
import dev.maildock.rar.api.imap.NewMessage;
import dev.maildock.rar.net.SessionChannel;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * APPEND on the platform's thread: every message of the command from its spool to one
 * {@link ImapListener#append} call, which stores all of them or none (RFC 3502 section 3), so a
 * NO leaves nothing behind and the OK's APPENDUID names every message.
 */
final class Appender {

    /** The platform's answer; null when a spool could not be read and the platform was not asked. */
    record Outcome(AppendResult result) {

        /** {@code OK [APPENDUID v uids]}, or the NO of the refusal. */
        void answer(SessionChannel<ImapListener> channel, String tag) {
            ByteBuf out = channel.newReply();
            if (result == null) {
                ImapReply.SERVER_BUG.write(out, tag);
            } else if (result.outcome() == AppendResult.Outcome.DONE) {
                ImapWriter uids = new ImapWriter(channel.newReply(), false);
                uids.number(result.uidValidity()).sp().uids(result.uids());
                ImapReply.write(out, tag, ImapReply.Status.OK, ResponseCode.APPENDUID,
                        uids.buffer().toString(StandardCharsets.US_ASCII), "APPEND completed");
                uids.buffer().release();
            } else {
                reply(result.outcome()).write(out, tag);
            }
            channel.send(out);
        }

        private static ImapReply reply(AppendResult.Outcome outcome) {
            return switch (outcome) {
                case DONE -> ImapReply.COMPLETED;
                case NO_TARGET -> ImapReply.TRYCREATE;
                case TOO_BIG -> ImapReply.TOO_BIG;
                case OVER_QUOTA -> ImapReply.OVER_QUOTA;
                case TRY_LATER -> ImapReply.UNAVAILABLE;
            };
        }
    }

    private Appender() {
    }

    static Outcome appendAll(ImapListener listener, String account, ImapCommand.Append append) {
        List<NewMessage> messages = new ArrayList<>(append.messages().size());
        for (ImapCommand.AppendMessage message : append.messages()) {
            MessageData data;
            try {
                data = message.content().toMessageData(new byte[0]);
            } catch (IOException e) {
                return new Outcome(null);
            }
            Instant date = message.internalDate() == null ? null : message.internalDate().toInstant();
            messages.add(new NewMessage(message.flags(), message.keywords(), date, data, message.binary()));
        }
        // A platform that answers nothing fails the command here, on the platform's thread (NO).
        return new Outcome(Objects.requireNonNull(listener.append(account, append.mailbox(), messages),
                "the platform gave no APPEND answer"));
    }
}
