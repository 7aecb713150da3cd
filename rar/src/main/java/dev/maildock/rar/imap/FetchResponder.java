package dev.maildock.rar.imap;

import dev.maildock.rar.api.ImapListener;
import dev.maildock.rar.api.imap.BodyPart;
import dev.maildock.rar.api.imap.FetchNeeds;
import dev.maildock.rar.api.imap.FetchedMessage;
import dev.maildock.rar.api.imap.MessageFlags;
import dev.maildock.rar.api.imap.UidSet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * FETCH (RFC 9051 section 6.4.5, RFC 3516 BINARY, RFC 7162 MODSEQ and CHANGEDSINCE): what one
 * command needs from the platform, one slice read on the platform's thread, and each message
 * written as its {@code * n FETCH (...)} response. The session asks for slices of {@link #sliceSize()}
 * UIDs, the next only once the socket drained, so a whole mailbox is never in heap; the content
 * of a message above {@link #WHOLE_CONTENT_LIMIT} does not come with its slice but is streamed
 * ({@link SliceResponses}, {@link ContentStream}).
 */
final class FetchResponder {

    /** UIDs per platform call: few round trips for a first sync, bounded heap per slice. */
    static final int SLICE = 256;
    /**
     * UIDs per platform call when only flags and sizes are asked (a phone's {@code UID FETCH 1:*
     * (UID FLAGS)}): some 100 octets each, so 25 calls for 100,000 messages rather than 391.
     */
    static final int FLAGS_SLICE = 4096;
    /** Contents up to this size come with the fetch; larger ones are streamed in chunks. */
    static final int WHOLE_CONTENT_LIMIT = 256 * 1024;
    /**
     * Items of larger ones that one small read serves (HEADER.FIELDS, a short partial) are read
     * with the slice, at most this many octets each and all together: a first sync asks every
     * message's header fields, one platform call each would be a round trip per message.
     */
    static final int PREFETCH_EACH = 64 * 1024;
    static final int PREFETCH_SLICE = 1024 * 1024;

    private final ImapCommand.Fetch fetch;
    private final FetchNeeds needs;
    private final boolean content;
    /** How many items send content (BODY[...], BINARY[...], RFC822...): a client may name thousands. */
    private final int contentItems;
    /** A body fetch without PEEK in a read-write selection sets \Seen (section 6.4.5). */
    private final boolean marksSeen;
    private final boolean modSeq;
    private final boolean recentFlag;
    /** FLAGS and MODSEQ are among the items: not added after them. */
    private final boolean flagsAsked;
    private final boolean modSeqAsked;

    /**
     * @param readOnly   the selection is read-only (EXAMINE): nothing is marked seen
     * @param modSeq     CONDSTORE is on: MODSEQ goes into every FETCH response (RFC 7162 section 3.1)
     * @param recentFlag an IMAP4rev1 client: FLAGS show {@code \Recent}
     */
    FetchResponder(ImapCommand.Fetch fetch, boolean readOnly, boolean modSeq, boolean recentFlag) {
        this.fetch = fetch;
        boolean structure = false;
        boolean body = false;
        boolean unseen = false;
        int contents = 0;
        for (FetchItem item : fetch.items()) {
            if (item instanceof FetchItem.Simple simple) {
                structure |= simple == FetchItem.Simple.ENVELOPE || simple == FetchItem.Simple.BODYSTRUCTURE
                        || simple == FetchItem.Simple.BODY || simple == FetchItem.Simple.RFC822_HEADER
                        || simple == FetchItem.Simple.RFC822_TEXT;
                body |= simple == FetchItem.Simple.RFC822 || simple == FetchItem.Simple.RFC822_HEADER
                        || simple == FetchItem.Simple.RFC822_TEXT;
                unseen |= simple == FetchItem.Simple.RFC822 || simple == FetchItem.Simple.RFC822_TEXT;
                contents += simple == FetchItem.Simple.RFC822 || simple == FetchItem.Simple.RFC822_HEADER
                        || simple == FetchItem.Simple.RFC822_TEXT ? 1 : 0;
            } else if (item instanceof FetchItem.Section section) {
                structure |= section.section().part().length > 0
                        || section.section().text() != SectionSpec.Text.ALL;
                body = true;
                unseen |= !section.peek();
                contents++;
            } else {
                structure = true;
                body = true;
                contents++;
            }
        }
        this.content = body;
        this.contentItems = contents;
        this.needs = new FetchNeeds(structure, body ? WHOLE_CONTENT_LIMIT : 0);
        this.marksSeen = unseen && !readOnly;
        this.modSeq = modSeq;
        this.recentFlag = recentFlag;
        this.flagsAsked = fetch.items().contains(FetchItem.Simple.FLAGS);
        this.modSeqAsked = fetch.items().contains(FetchItem.Simple.MODSEQ);
    }

    /** How many UIDs one platform call reads. */
    int sliceSize() {
        return content || needs.structure() ? SLICE : FLAGS_SLICE;
    }

    /**
     * One slice as the platform gave it: small contents come with their messages; the content
     * items of larger ones planned and those of one small read read, by UID.
     */
    record Slice(List<FetchedMessage> messages, Set<Long> seenNow, Map<Long, ContentStream[]> planned) {
    }

    /** On the platform's thread: \Seen first (so the flags fetched show it), then the messages. */
    Slice read(ImapListener listener, String account, long mailboxId, UidSet uids) {
        Set<Long> seenNow = marksSeen
                ? listener.markSeen(account, mailboxId, uids).updated().stream().map(MessageFlags::uid)
                        .collect(Collectors.toSet())
                : Set.of();
        List<FetchedMessage> messages = listener.fetch(account, mailboxId, uids, needs);
        if (!content) {
            return new Slice(messages, seenNow, Map.of());
        }
        Map<Long, ContentStream[]> planned = new HashMap<>();
        List<FetchedMessage> present = new ArrayList<>(messages.size());
        long budget = PREFETCH_SLICE;
        for (FetchedMessage message : messages) {
            boolean gone = false;
            if (message.content() == null && budget > 0) {
                ContentStream[] streams;
                try {
                    streams = plan(message, account, mailboxId);
                } catch (TransferDecoding.UnknownEncodingException e) {
                    streams = new ContentStream[0]; // planned again when written, and answered then
                }
                for (int i = 0; i < streams.length && !gone; i++) {
                    long octets = streams[i] == null ? -1 : streams[i].oneRead();
                    if (octets >= 0 && octets <= Math.min(PREFETCH_EACH, budget)) {
                        budget -= octets;
                        gone = streams[i].step(listener) == ContentStream.Outcome.GONE;
                    }
                }
                if (streams.length > 0) {
                    planned.put(message.uid(), streams);
                }
            }
            if (!gone) {
                present.add(message); // a message expunged meanwhile is left out
            }
        }
        return new Slice(present, seenNow, planned);
    }

    /** Every content item's stream (null for the other items), in the order of the items. */
    ContentStream[] plan(FetchedMessage message, String account, long mailboxId)
            throws TransferDecoding.UnknownEncodingException {
        ContentStream[] streams = new ContentStream[fetch.items().size()];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = ContentStream.of(fetch.items().get(i), message, account, mailboxId);
        }
        return streams;
    }

    /** The slice's responses, to be written by the session (see {@link SliceResponses#writeOn}). */
    SliceResponses responses(SelectedMailbox mailbox, String account, Slice slice) {
        return new SliceResponses(this, mailbox, account, slice);
    }

    List<FetchItem> items() {
        return fetch.items();
    }

    /** The sequence number to answer {@code message} under; 0 when it left the view or is not CHANGEDSINCE. */
    int number(SelectedMailbox mailbox, FetchedMessage message) {
        int number = mailbox.sequenceNumber(message.uid());
        return message.modSeq() <= fetch.changedSince() ? 0 : number;
    }

    /**
     * Whether {@code message}'s response is written item by item, its contents streamed: the
     * content did not come with it (too large), or the items ask for more of it than a chunk (a
     * response in one buffer would grow with each item the client names).
     */
    boolean streams(FetchedMessage message) {
        return content && (message.content() == null
                || (long) contentItems * message.content().length > ContentStream.CHUNK);
    }

    boolean recent(SelectedMailbox mailbox, FetchedMessage message) {
        return recentFlag && mailbox.isRecent(message.uid());
    }

    /**
     * Writes one response whose content (if any is asked) is at hand.
     *
     * @throws TransferDecoding.UnknownEncodingException BINARY of a part in an unknown encoding
     */
    void write(ImapWriter out, int number, FetchedMessage message, boolean seenNow, boolean recent)
            throws TransferDecoding.UnknownEncodingException {
        begin(out, number);
        boolean first = true;
        for (FetchItem item : fetch.items()) {
            if (!first) {
                out.sp();
            }
            first = false;
            item(out, item, message, message.content(), recent);
        }
        end(out, message, seenNow, recent);
    }

    void begin(ImapWriter out, int number) {
        out.raw("* ").number(number).raw(" FETCH (");
    }

    /** After the items: FLAGS of a message this fetch set \Seen on, MODSEQ when CONDSTORE is on. */
    void end(ImapWriter out, FetchedMessage message, boolean seenNow, boolean recent) {
        if (seenNow && !flagsAsked) {
            out.raw(" FLAGS ").flags(message.flags(), message.keywords(), recent);
        }
        if (modSeq && !modSeqAsked) {
            out.raw(" MODSEQ (").number(message.modSeq()).raw(')');
        }
        out.raw(')').crlf();
    }

    /** One item; {@code whole} is the message's content, null when no item needs it. */
    static void item(ImapWriter out, FetchItem item, FetchedMessage message, byte[] whole, boolean recent)
            throws TransferDecoding.UnknownEncodingException {
        if (item instanceof FetchItem.Simple simple) {
            switch (simple) {
                case FLAGS -> out.raw("FLAGS ").flags(message.flags(), message.keywords(), recent);
                case UID -> out.raw("UID ").number(message.uid());
                case INTERNALDATE -> out.raw("INTERNALDATE ").dateTime(message.internalDate(), ZoneOffset.UTC);
                case RFC822_SIZE -> out.raw("RFC822.SIZE ").number(message.size());
                case MODSEQ -> out.raw("MODSEQ (").number(message.modSeq()).raw(')');
                case ENVELOPE -> {
                    out.raw("ENVELOPE ");
                    StructureWriter.envelope(out, message.structure().envelope());
                }
                case BODYSTRUCTURE -> {
                    out.raw("BODYSTRUCTURE ");
                    StructureWriter.body(out, message.structure().body(), true);
                }
                case BODY -> {
                    out.raw("BODY ");
                    StructureWriter.body(out, message.structure().body(), false);
                }
                case RFC822 -> label(out, item).literal(whole);
                case RFC822_HEADER -> label(out, item)
                        .literal(range(whole, message.structure().body().headerStart(),
                                message.structure().body().bodyStart()));
                case RFC822_TEXT -> label(out, item)
                        .literal(range(whole, message.structure().body().bodyStart(), message.structure().body().end()));
            }
        } else if (item instanceof FetchItem.Section section) {
            byte[] octets = section(message, whole, section.section(), section.binary());
            label(out, item);
            if (section.offset() >= 0) {
                int from = (int) Math.min(octets.length, section.offset());
                octets = Arrays.copyOfRange(octets, from, (int) Math.min(octets.length, from + section.length()));
            }
            if (section.binary()) {
                out.binary(octets);
            } else {
                out.literal(octets);
            }
        } else if (item instanceof FetchItem.BinarySize size) {
            label(out, item).number(section(message, whole, size.section(), true).length);
        }
    }

    /** A content item's name and the space before its value: {@code BODY[1.2]<0> }, {@code RFC822 }... */
    static ImapWriter label(ImapWriter out, FetchItem item) {
        if (item instanceof FetchItem.Section section) {
            out.raw(section.binary() ? "BINARY[" : "BODY[").raw(section.section().toString()).raw(']');
            if (section.offset() >= 0) {
                out.raw('<').number(section.offset()).raw('>');
            }
            return out.sp();
        }
        if (item instanceof FetchItem.BinarySize size) {
            return out.raw("BINARY.SIZE[").raw(size.section().toString()).raw("] ");
        }
        return out.raw(switch ((FetchItem.Simple) item) {
            case RFC822 -> "RFC822 ";
            case RFC822_HEADER -> "RFC822.HEADER ";
            case RFC822_TEXT -> "RFC822.TEXT ";
            default -> throw new IllegalArgumentException("no content item: " + item);
        });
    }

    /** The section's octets (empty for a part the message lacks); for BINARY decoded from its encoding. */
    private static byte[] section(FetchedMessage message, byte[] whole, SectionSpec spec, boolean binary)
            throws TransferDecoding.UnknownEncodingException {
        if (spec.part().length == 0 && spec.text() == SectionSpec.Text.ALL) {
            return whole;
        }
        BodySections.Range range = BodySections.locate(message.structure(), spec);
        if (range == null) {
            return new byte[0];
        }
        byte[] octets = range(whole, range.start(), range.end());
        if (spec.text() == SectionSpec.Text.HEADER_FIELDS || spec.text() == SectionSpec.Text.HEADER_FIELDS_NOT) {
            return HeaderFilter.select(octets, spec.fields(), spec.text() == SectionSpec.Text.HEADER_FIELDS_NOT);
        }
        if (!binary || spec.part().length == 0 || spec.text() != SectionSpec.Text.ALL) {
            return octets;
        }
        BodyPart part = BodySections.part(message.structure().body(), spec.part());
        try (InputStream decoded = TransferDecoding.decode(part.encoding(), new ByteArrayInputStream(octets))) {
            return decoded.readAllBytes();
        } catch (IOException e) {
            // In memory, so only content that breaks its own encoding: answered as one not understood.
            throw new TransferDecoding.UnknownEncodingException(part.encoding());
        }
    }

    private static byte[] range(byte[] whole, long start, long end) {
        return Arrays.copyOfRange(whole, (int) Math.min(start, whole.length), (int) Math.min(end, whole.length));
    }
}
