package dev.maildock.rar.imap;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.maildock.rar.StreamCuts;
import dev.maildock.rar.api.imap.Selection;
import dev.maildock.rar.smtp.MessageSpool;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the IMAP framer and parser together (docs/fuzzing.md): any octet
 * stream, cut anywhere, with a session that accepts even-sized synchronizing literals and refuses
 * odd ones. The commands (parsed, or their syntax errors) are the same whatever the cuts; parsing
 * throws nothing but {@link ImapSyntaxException}, nor does resolving its sequence sets and SEARCH
 * program; mailbox names survive modified UTF-7; no command holds more than the line and literal
 * limits allow; every buffer is released (checked by {@link FramerHarness#close()}).
 */
class ImapCodecFuzzTest {

    private static final int MAX_LINE = 96;
    private static final int MAX_LITERAL = 64;
    private static final long APPEND_LIMIT = 200;
    private static final SelectedMailbox MAILBOX = new SelectedMailbox(
            new Selection(1, 1, 4_000_000_001L, 1, new long[] {2, 3, 7, 8, 9, 4_000_000_000L}, 0, List.of(),
                    Long.MAX_VALUE), false);

    @FuzzTest(maxDuration = "5s")
    void framesAndParsesAnyStream(FuzzedDataProvider data) {
        int seed = data.consumeInt();
        boolean utf8 = data.consumeBoolean();
        byte[] stream = data.consumeRemainingAsBytes();

        List<String> whole = commands(stream, StreamCuts.none(), utf8);
        List<String> cut = commands(stream, StreamCuts.of(seed), utf8);
        assertEquals(whole, cut, "where the stream is cut changes nothing");
    }

    private static List<String> commands(byte[] stream, StreamCuts cuts, boolean utf8) {
        List<String> out = new ArrayList<>();
        try (FramerHarness h = new FramerHarness(MAX_LINE, MAX_LITERAL, APPEND_LIMIT) {
            @Override
            void onFrame(ImapFrame frame) {
                if (frame instanceof ImapFrame.LiteralRequest request) {
                    if (request.size() % 2 == 0) {
                        framer.acceptLiteral();
                    } else {
                        framer.refuseLiteral();
                    }
                }
            }
        }) {
            h.send(stream, cuts);
            for (ImapFrame frame : h.frames) {
                out.add(describe(frame, utf8));
            }
            h.frames.clear();
        }
        return out;
    }

    /** Sequence sets and SEARCH programs resolve, or fail only as a syntax error; mailbox names round-trip. */
    private static void resolves(ImapCommand parsed) throws ImapSyntaxException {
        SequenceSet set = parsed instanceof ImapCommand.Fetch fetch ? fetch.set()
                : parsed instanceof ImapCommand.Store store ? store.set()
                : parsed instanceof ImapCommand.Copy copy ? copy.set() : null;
        if (set != null) {
            MAILBOX.resolve(set, true);
            MAILBOX.resolve(set, false);
        }
        if (parsed instanceof ImapCommand.Search search) {
            search.program().toKey(MAILBOX);
        }
        if (parsed instanceof ImapCommand.Select select) {
            assertEquals(select.mailbox(), MailboxName.normalize(MailboxName.decodeUtf7(
                    MailboxName.encodeUtf7(select.mailbox()))), "a mailbox name survives modified UTF-7");
        }
    }

    private static String describe(ImapFrame frame, boolean utf8) {
        if (!(frame instanceof ImapFrame.Command command)) {
            return frame.toString();
        }
        try {
            assertTrue(command.content().readableBytes() <= MAX_LINE + MAX_LITERAL, "a command within its limits");
            for (MessageSpool spool : command.messages()) {
                assertTrue(spool.size() <= APPEND_LIMIT, "an APPEND literal within APPENDLIMIT");
            }
            ImapCommand parsed = ImapParser.parse(command, utf8);
            resolves(parsed);
            if (parsed instanceof ImapCommand.Append append) {
                return "APPEND " + append.mailbox() + " " + append.messages().size(); // spools have no equality
            }
            return parsed.toString();
        } catch (ImapSyntaxException e) {
            return "BAD " + e.tag() + " " + e.getMessage();
        } finally {
            command.release();
        }
    }
}
