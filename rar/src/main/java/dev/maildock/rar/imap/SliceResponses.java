package dev.maildock.rar.imap;

import dev.maildock.rar.api.ImapListener;
import dev.maildock.rar.api.imap.FetchedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.util.List;
import java.util.function.Function;

/**
 * The FETCH responses of one slice, written as far as the octets at hand go. A message that came
 * with its content (or needs none) is written at once; one whose content was too large to come
 * ({@link FetchResponder#streams}) item by item, each content item a {@link ContentStream} whose
 * steps the session asks the platform for one at a time, each once the socket drained. After a
 * chunk's worth of responses the session waits for the socket to drain too, so what is written
 * and not yet sent stays about a chunk whatever the slice and the items asked.
 * <p>
 * Nothing of such a message's response goes out before its first platform read came back: a
 * message expunged meanwhile is left out whole, as one whose content came with the slice. Once
 * part of it is out, only a cut connection can tell the client the response ends there.
 */
final class SliceResponses {

    /**
     * What comes before writing on: a read, on the platform's thread, or ({@code local}) of
     * content at hand or nothing at all, on the event loop; each once the socket drained.
     */
    record Step(Function<ImapListener, ContentStream.Outcome> read, boolean local) {
    }

    /** Only waits for the socket to drain. */
    private static final Step DRAIN = new Step(listener -> ContentStream.Outcome.READY, true);

    private final FetchResponder responder;
    private final SelectedMailbox mailbox;
    private final String account;
    private final FetchResponder.Slice slice;
    /** The message being written. */
    private int index;
    /** The streamed message being written: its content items' streams (null for other items), else null. */
    private ContentStream[] streams;
    private int number;
    /** Its next item, and how far that one is written: its name, then its literal's size. */
    private int item;
    private boolean labelled;
    private boolean announced;
    /** Whether a platform read of the message came back, so its response may go out. */
    private boolean confirmed;
    /** Where the message's response starts in the buffer being written (while not confirmed). */
    private int start;
    /** The message's response so far, held back while its first read is under way. */
    private byte[] heldBack;
    /** The message's content breaks its encoding: the command ends NO [UNKNOWN-CTE]. */
    private boolean undecodable;

    SliceResponses(FetchResponder responder, SelectedMailbox mailbox, String account, FetchResponder.Slice slice) {
        this.responder = responder;
        this.mailbox = mailbox;
        this.account = account;
        this.slice = slice;
    }

    /**
     * Writes on: null once every response of the slice is written, else the step whose answer
     * goes to {@link #arrived} before the next call.
     *
     * @throws TransferDecoding.UnknownEncodingException BINARY of a part in an unknown encoding or
     *                                                   breaking its encoding; nothing of that
     *                                                   message's response is written
     */
    Step writeOn(ImapWriter out) throws TransferDecoding.UnknownEncodingException {
        if (undecodable) {
            throw new TransferDecoding.UnknownEncodingException(null);
        }
        if (heldBack != null) {
            out.buffer().writeBytes(heldBack);
            heldBack = null;
        }
        List<FetchedMessage> messages = slice.messages();
        for (; index < messages.size(); index++) {
            FetchedMessage message = messages.get(index);
            boolean recent = responder.recent(mailbox, message);
            if (streams == null) {
                number = responder.number(mailbox, message);
                if (number == 0) {
                    continue;
                }
                int mark = out.buffer().writerIndex();
                if (!responder.streams(message)) {
                    write(out, message, recent, mark);
                    if (out.buffer().readableBytes() >= ContentStream.CHUNK) {
                        index++;
                        return DRAIN;
                    }
                    continue;
                }
                streams = streamsOf(message);
                start = mark;
                item = 0;
                labelled = false;
                announced = false;
                confirmed = false;
                responder.begin(out, number);
            }
            ContentStream stream = writeItems(out, message, recent);
            if (stream != null) {
                if (!confirmed) {
                    holdBack(out.buffer());
                }
                return new Step(stream::step, stream.local());
            }
            responder.end(out, message, slice.seenNow().contains(message.uid()), recent);
            streams = null;
            if (out.buffer().readableBytes() >= ContentStream.CHUNK) {
                index++;
                return DRAIN;
            }
        }
        return null;
    }

    /**
     * A step's answer: false when the message went away (or its content proved undecodable) with
     * part of its response out, and the connection must close.
     */
    boolean arrived(ContentStream.Outcome outcome) {
        if (outcome == ContentStream.Outcome.READY) {
            confirmed = true;
            return true;
        }
        if (!discard()) {
            return false;
        }
        undecodable = outcome == ContentStream.Outcome.UNDECODABLE;
        return true;
    }

    /**
     * Drops the streamed message's response if nothing of it went out (the platform failed on
     * its first read, or it is gone) and moves past it; false when part of it is out.
     */
    boolean discard() {
        if (streams == null) {
            return true;
        }
        if (confirmed) {
            return false;
        }
        heldBack = null;
        streams = null;
        index++;
        return true;
    }

    private void write(ImapWriter out, FetchedMessage message, boolean recent, int mark)
            throws TransferDecoding.UnknownEncodingException {
        try {
            responder.write(out, number, message, slice.seenNow().contains(message.uid()), recent);
        } catch (TransferDecoding.UnknownEncodingException e) {
            out.buffer().writerIndex(mark); // no half response before the tagged NO
            throw e;
        }
    }

    /** Every content item's stream, planned before anything is written (an unknown encoding ends it here). */
    private ContentStream[] streamsOf(FetchedMessage message) throws TransferDecoding.UnknownEncodingException {
        ContentStream[] planned = slice.planned().get(message.uid());
        return planned != null ? planned : responder.plan(message, account, mailbox.mailboxId());
    }

    /** The items from {@link #item} on, as far as the octets at hand go; the stream to read more of, or null. */
    private ContentStream writeItems(ImapWriter out, FetchedMessage message, boolean recent)
            throws TransferDecoding.UnknownEncodingException {
        List<FetchItem> items = responder.items();
        for (; item < items.size(); item++) {
            FetchItem current = items.get(item);
            ContentStream stream = streams[item];
            if (!labelled) {
                if (item > 0) {
                    out.sp();
                }
                if (stream == null) {
                    FetchResponder.item(out, current, message, null, recent);
                    continue;
                }
                FetchResponder.label(out, current);
                labelled = true;
            }
            if (!stream.sized()) {
                return stream;
            }
            if (current instanceof FetchItem.BinarySize) {
                out.number(stream.size());
            } else {
                if (!announced) {
                    out.literalHeader(stream.size(), stream.literal8());
                    announced = true;
                }
                byte[] chunk = stream.take();
                if (chunk != null) {
                    out.buffer().writeBytes(chunk);
                }
                if (!stream.allRead()) {
                    return stream;
                }
            }
            labelled = false;
            announced = false;
        }
        return null;
    }

    /** Takes the unconfirmed message's response out of the buffer, to be written once its read came back. */
    private void holdBack(ByteBuf buffer) {
        heldBack = ByteBufUtil.getBytes(buffer, start, buffer.writerIndex() - start);
        buffer.writerIndex(start);
    }
}
