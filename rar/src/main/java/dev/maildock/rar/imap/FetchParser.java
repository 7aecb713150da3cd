package dev.maildock.rar.imap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * FETCH and UID FETCH (RFC 9051 section 6.4.5, RFC 3516 BINARY, RFC 7162 CHANGEDSINCE and
 * VANISHED): the data items, macros expanded, with their sections and partials.
 */
final class FetchParser {

    /** The most part numbers in a section's path. */
    static final int MAX_PART_DEPTH = 32;

    private final ImapReader in;

    FetchParser(ImapReader in) {
        this.in = in;
    }

    ImapCommand fetch(boolean uid) throws ImapSyntaxException {
        in.sp();
        SequenceSet set = in.sequenceSet();
        in.sp();
        List<FetchItem> items = new ArrayList<>();
        if (in.take('(')) {
            do {
                items.add(fetchItem());
            } while (in.take(' '));
            in.expect(')');
        } else {
            String macro = in.peekWord();
            switch (macro) {
                case "ALL", "FAST", "FULL" -> {
                    in.word();
                    items.addAll(List.of(FetchItem.Simple.FLAGS, FetchItem.Simple.INTERNALDATE,
                            FetchItem.Simple.RFC822_SIZE));
                    if (!macro.equals("FAST")) {
                        items.add(FetchItem.Simple.ENVELOPE);
                    }
                    if (macro.equals("FULL")) {
                        items.add(FetchItem.Simple.BODY);
                    }
                }
                default -> items.add(fetchItem());
            }
        }
        if (uid && !items.contains(FetchItem.Simple.UID)) {
            items.add(0, FetchItem.Simple.UID); // RFC 9051 section 6.4.9: UID FETCH always answers UID
        }
        long changedSince = -1;
        boolean vanished = false;
        if (in.more()) {
            in.sp();
            in.expect('(');
            do {
                switch (in.word()) {
                    case "CHANGEDSINCE" -> {
                        in.sp();
                        changedSince = in.number(Long.MAX_VALUE);
                    }
                    case "VANISHED" -> vanished = true;
                    default -> throw in.fail("Unknown FETCH modifier");
                }
            } while (in.take(' '));
            in.expect(')');
            if (vanished && (!uid || changedSince < 0)) {
                throw in.fail("VANISHED needs UID FETCH with CHANGEDSINCE"); // RFC 7162 section 3.2.6
            }
        }
        return new ImapCommand.Fetch(in.tag(), uid, set, items, changedSince, vanished);
    }

    private FetchItem fetchItem() throws ImapSyntaxException {
        String name = in.fetchName();
        return switch (name) {
            case "ENVELOPE" -> FetchItem.Simple.ENVELOPE;
            case "FLAGS" -> FetchItem.Simple.FLAGS;
            case "INTERNALDATE" -> FetchItem.Simple.INTERNALDATE;
            case "UID" -> FetchItem.Simple.UID;
            case "MODSEQ" -> FetchItem.Simple.MODSEQ;
            case "BODYSTRUCTURE" -> FetchItem.Simple.BODYSTRUCTURE;
            case "RFC822" -> FetchItem.Simple.RFC822;
            case "RFC822.HEADER" -> FetchItem.Simple.RFC822_HEADER;
            case "RFC822.SIZE" -> FetchItem.Simple.RFC822_SIZE;
            case "RFC822.TEXT" -> FetchItem.Simple.RFC822_TEXT;
            case "BODY" -> in.peek() == '[' ? sectionItem(false, false) : FetchItem.Simple.BODY;
            case "BODY.PEEK" -> sectionItem(false, true);
            case "BINARY" -> sectionItem(true, false);
            case "BINARY.PEEK" -> sectionItem(true, true);
            case "BINARY.SIZE" -> new FetchItem.BinarySize(binarySection());
            default -> throw in.fail("Unknown FETCH item");
        };
    }

    private FetchItem sectionItem(boolean binary, boolean peek) throws ImapSyntaxException {
        SectionSpec section = binary ? binarySection() : section();
        long offset = -1;
        long length = -1;
        if (in.take('<')) {
            offset = in.number(Long.MAX_VALUE);
            in.expect('.');
            length = in.number(Long.MAX_VALUE);
            if (length == 0) {
                throw in.fail("A partial's length is at least 1");
            }
            in.expect('>');
        }
        return new FetchItem.Section(binary, peek, section, offset, length);
    }

    private SectionSpec section() throws ImapSyntaxException {
        in.expect('[');
        int[] part = sectionPart();
        SectionSpec.Text text = SectionSpec.Text.ALL;
        List<String> fields = List.of();
        if (part.length == 0 || in.take('.')) {
            if (in.peek() != ']') {
                String name = in.fetchName();
                text = switch (name) {
                    case "HEADER" -> SectionSpec.Text.HEADER;
                    case "HEADER.FIELDS" -> SectionSpec.Text.HEADER_FIELDS;
                    case "HEADER.FIELDS.NOT" -> SectionSpec.Text.HEADER_FIELDS_NOT;
                    case "TEXT" -> SectionSpec.Text.TEXT;
                    case "MIME" -> SectionSpec.Text.MIME;
                    default -> throw in.fail("Unknown section");
                };
                if (text == SectionSpec.Text.MIME && part.length == 0) {
                    throw in.fail("MIME needs a part number");
                }
            } else if (part.length > 0) {
                throw in.fail("Unknown section");
            }
            if (text == SectionSpec.Text.HEADER_FIELDS || text == SectionSpec.Text.HEADER_FIELDS_NOT) {
                in.sp();
                in.expect('(');
                List<String> names = new ArrayList<>();
                do {
                    names.add(in.astring().toUpperCase(Locale.ROOT));
                } while (in.take(' '));
                in.expect(')');
                fields = names;
            }
        }
        in.expect(']');
        return new SectionSpec(part, text, fields);
    }

    private SectionSpec binarySection() throws ImapSyntaxException {
        in.expect('[');
        int[] part = sectionPart();
        in.expect(']');
        return new SectionSpec(part, SectionSpec.Text.ALL, List.of());
    }

    /** Part numbers {@code 1.2.3}; stops before a {@code .} not followed by a digit. */
    private int[] sectionPart() throws ImapSyntaxException {
        int[] part = new int[0];
        while (ImapReader.isDigit(in.peek())) {
            if (part.length >= MAX_PART_DEPTH) {
                throw in.fail("Part path too deep");
            }
            part = Arrays.copyOf(part, part.length + 1);
            part[part.length - 1] = (int) in.number(Integer.MAX_VALUE);
            if (part[part.length - 1] == 0) {
                throw in.fail("Part numbers start at 1");
            }
            if (!in.takeDotBeforeDigit()) {
                break;
            }
        }
        return part;
    }
}
