package dev.maildock.rar.imap;

import dev.maildock.rar.api.ImapListener;
import dev.maildock.rar.api.MessageData;
import dev.maildock.rar.api.imap.AppendResult;
import dev.maildock.rar.net.SessionChannel;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * APPEND on the platform's thread: each message of the command from its spool to
 * {@link ImapListener#append}, in order, stopping at the first the platform does not take
 * (RFC 3502 asks for all or none; the platform stores one message per call, so a later failure
 * leaves the earlier ones, which the client learns from APPENDUID).
 */
final class Appender {

    /** The platform's answers, the last one the first failure if any. */
    record Outcome(List<AppendResult> results, boolean lostSpool) {

        /** {@code OK [APPENDUID v uids]}, or the NO of the message that failed. */
        void answer(SessionChannel<ImapListener> channel, String tag) {
            ByteBuf out = channel.newReply();
            AppendResult last = results.isEmpty() ? null : results.get(results.size() - 1);
            if (lostSpool) {
                ImapReply.SERVER_BUG.write(out, tag);
            } else if (last.outcome() == AppendResult.Outcome.DONE) {
                ImapWriter uids = new ImapWriter(channel.newReply(), false);
                uids.number(last.uidValidity()).sp()
                        .uids(results.stream().mapToLong(AppendResult::uid).sorted().toArray());
                ImapReply.write(out, tag, ImapReply.Status.OK, ResponseCode.APPENDUID,
                        uids.buffer().toString(StandardCharsets.US_ASCII), "APPEND completed");
                uids.buffer().release();
            } else {
                reply(last.outcome()).write(out, tag);
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
        List<AppendResult> results = new ArrayList<>(append.messages().size());
        for (ImapCommand.AppendMessage message : append.messages()) {
            MessageData data;
            try {
                data = message.content().toMessageData(new byte[0]);
            } catch (IOException e) {
                return new Outcome(results, true);
            }
            Instant date = message.internalDate() == null ? null : message.internalDate().toInstant();
            AppendResult result = listener.append(account, append.mailbox(), message.flags(), message.keywords(),
                    date, data, message.binary());
            results.add(result);
            if (result.outcome() != AppendResult.Outcome.DONE) {
                break;
            }
        }
        return new Outcome(results, false);
    }
}
