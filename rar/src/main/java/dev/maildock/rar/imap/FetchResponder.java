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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * FETCH (RFC 9051 section 6.4.5, RFC 3516 BINARY, RFC 7162 MODSEQ and CHANGEDSINCE): what one
 * command needs from the platform, one slice read on the platform's thread, and each message
 * written as its {@code * n FETCH (...)} response. The session asks for slices of {@link #SLICE}
 * UIDs, the next only once the socket drained, so a whole mailbox is never in heap.
 */
final class FetchResponder {

    /** UIDs per platform call: few round trips for a first sync, bounded heap per slice. */
    static final int SLICE = 256;
    /** Contents up to this size come with the fetch; larger ones are read on their own. */
    static final int WHOLE_CONTENT_LIMIT = 256 * 1024;

    private final ImapCommand.Fetch fetch;
    private final FetchNeeds needs;
    private final boolean content;
    /** A body fetch without PEEK in a read-write selection sets \Seen (section 6.4.5). */
    private final boolean marksSeen;
    private final boolean modSeq;
    private final boolean recentFlag;

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
        for (FetchItem item : fetch.items()) {
            if (item instanceof FetchItem.Simple simple) {
                structure |= simple == FetchItem.Simple.ENVELOPE || simple == FetchItem.Simple.BODYSTRUCTURE
                        || simple == FetchItem.Simple.BODY || simple == FetchItem.Simple.RFC822_HEADER
                        || simple == FetchItem.Simple.RFC822_TEXT;
                body |= simple == FetchItem.Simple.RFC822 || simple == FetchItem.Simple.RFC822_HEADER
                        || simple == FetchItem.Simple.RFC822_TEXT;
                unseen |= simple == FetchItem.Simple.RFC822 || simple == FetchItem.Simple.RFC822_TEXT;
            } else if (item instanceof FetchItem.Section section) {
                structure |= section.section().part().length > 0
                        || section.section().text() != SectionSpec.Text.ALL;
                body = true;
                unseen |= !section.peek();
            } else {
                structure = true;
                body = true;
            }
        }
        this.content = body;
        this.needs = new FetchNeeds(structure, body ? WHOLE_CONTENT_LIMIT : 0);
        this.marksSeen = unseen && !readOnly;
        this.modSeq = modSeq;
        this.recentFlag = recentFlag;
    }

    /** One slice as the platform gave it, the contents too large to come with it read in whole. */
    record Slice(List<FetchedMessage> messages, Map<Long, byte[]> contents, Set<Long> seenNow) {
    }

    /** On the platform's thread: \Seen first (so the flags fetched show it), then the messages. */
    Slice read(ImapListener listener, String account, long mailboxId, UidSet uids) {
        Set<Long> seenNow = marksSeen
                ? listener.markSeen(account, mailboxId, uids).updated().stream().map(MessageFlags::uid)
                        .collect(Collectors.toSet())
                : Set.of();
        List<FetchedMessage> messages = listener.fetch(account, mailboxId, uids, needs);
        Map<Long, byte[]> contents = new HashMap<>();
        for (FetchedMessage message : messages) {
            byte[] whole = message.content();
            if (content && whole == null) {
                whole = listener.read(account, mailboxId, message.uid(), 0, (int) message.size());
            }
            if (whole != null) {
                contents.put(message.uid(), whole);
            }
        }
        return new Slice(messages, contents, seenNow);
    }

    /**
     * Writes the slice's responses; a message that left the view meanwhile is skipped.
     *
     * @throws TransferDecoding.UnknownEncodingException BINARY of a part in an unknown encoding
     */
    void write(ImapWriter out, SelectedMailbox mailbox, Slice slice) throws TransferDecoding.UnknownEncodingException {
        for (FetchedMessage message : slice.messages()) {
            int number = mailbox.sequenceNumber(message.uid());
            if (number == 0 || message.modSeq() <= fetch.changedSince()) {
                continue;
            }
            byte[] whole = slice.contents().get(message.uid());
            if (content && whole == null) {
                continue; // expunged between fetch and read
            }
            write(out, number, message, whole, slice.seenNow().contains(message.uid()),
                    recentFlag && mailbox.isRecent(message.uid()));
        }
    }

    private void write(ImapWriter out, int number, FetchedMessage message, byte[] whole, boolean seenNow,
            boolean recent) throws TransferDecoding.UnknownEncodingException {
        out.raw("* ").number(number).raw(" FETCH (");
        boolean flags = false;
        boolean modSeqWritten = false;
        boolean first = true;
        for (FetchItem item : fetch.items()) {
            if (!first) {
                out.sp();
            }
            first = false;
            flags |= item == FetchItem.Simple.FLAGS;
            modSeqWritten |= item == FetchItem.Simple.MODSEQ;
            item(out, item, message, whole, recent);
        }
        if (seenNow && !flags) {
            out.raw(" FLAGS ").flags(message.flags(), message.keywords(), recent);
        }
        if (modSeq && !modSeqWritten) {
            out.raw(" MODSEQ (").number(message.modSeq()).raw(')');
        }
        out.raw(')').crlf();
    }

    private static void item(ImapWriter out, FetchItem item, FetchedMessage message, byte[] whole, boolean recent)
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
                case RFC822 -> out.raw("RFC822 ").literal(whole);
                case RFC822_HEADER -> out.raw("RFC822.HEADER ")
                        .literal(range(whole, message.structure().body().headerStart(),
                                message.structure().body().bodyStart()));
                case RFC822_TEXT -> out.raw("RFC822.TEXT ")
                        .literal(range(whole, message.structure().body().bodyStart(), message.structure().body().end()));
            }
        } else if (item instanceof FetchItem.Section section) {
            byte[] octets = section(message, whole, section.section(), section.binary());
            out.raw(section.binary() ? "BINARY[" : "BODY[").raw(section.section().toString()).raw(']');
            if (section.offset() >= 0) {
                out.raw('<').number(section.offset()).raw('>');
                int from = (int) Math.min(octets.length, section.offset());
                octets = Arrays.copyOfRange(octets, from, (int) Math.min(octets.length, from + section.length()));
            }
            out.sp();
            if (section.binary()) {
                out.binary(octets);
            } else {
                out.literal(octets);
            }
        } else if (item instanceof FetchItem.BinarySize size) {
            out.raw("BINARY.SIZE[").raw(size.section().toString()).raw("] ")
                    .number(section(message, whole, size.section(), true).length);
        }
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
