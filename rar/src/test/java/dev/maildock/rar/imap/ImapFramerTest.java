package dev.maildock.rar.imap;

import dev.maildock.rar.StreamCuts;
import dev.maildock.rar.api.MessageData;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImapFramerTest {

    @Test
    void pipelinedCommandsComeOneByOneWithoutTheirLineEnds() {
        try (FramerHarness h = new FramerHarness()) {
            h.send("a1 NOOP\r\na2 UID FETCH 1:* (FLAGS)\r\nDONE\n");
            assertEquals(List.of("a1 NOOP", "a2 UID FETCH 1:* (FLAGS)", "DONE"), h.described());
        }
    }

    @Test
    void theSameFramesWhereverTheStreamIsCut() {
        String stream = "a LOGIN {4+}\r\nfred {5}\r\nsecre\r\nb SELECT INBOX\r\n"
                + "c APPEND Sent (\\Seen) {12}\r\nHello\r\nthere ~{3+}\r\nx\0y\r\nd LOGOUT\r\n";
        List<String> whole;
        try (FramerHarness h = new FramerHarness()) {
            h.send(stream);
            whole = h.described();
        }
        assertEquals(List.of(
                "LiteralRequest[tag=a, command=LOGIN, size=5, message=false]",
                "a LOGIN {4+}\r\nfred {5}\r\nsecre",
                "b SELECT INBOX",
                "LiteralRequest[tag=c, command=APPEND, size=12, message=true]",
                "c APPEND Sent (\\Seen) {12}\r\n ~{3+}\r\n <12> <3>",
                "d LOGOUT"), whole);
        byte[] octets = stream.getBytes(StandardCharsets.ISO_8859_1);
        for (int seed = 0; seed < 2000; seed += 7) {
            try (FramerHarness h = new FramerHarness()) {
                h.send(octets, StreamCuts.of(seed * 0x9E3779B1));
                assertEquals(whole, h.described(), "seed " + seed);
            }
        }
    }

    @Test
    void appendMessagesAreSpooledOctetForOctetAndSpillToAFileWhenLarge() throws Exception {
        byte[] big = new byte[ImapFramer.SPOOL_THRESHOLD + 1000];
        Arrays.fill(big, (byte) 'x');
        big[5] = '\r';
        try (FramerHarness h = new FramerHarness()) {
            h.send("a APPEND {5}\r\nINBOX {" + big.length + "+}\r\n");
            h.send(big);
            h.send("\r\n");
            ImapFrame.Command command = (ImapFrame.Command) h.frames.get(1);
            assertEquals("a APPEND {5}\r\nINBOX {" + big.length + "+}\r\n",
                    command.content().toString(StandardCharsets.ISO_8859_1));
            MessageData data = command.messages().get(0).toMessageData(new byte[0]);
            assertTrue(data.spooled());
            assertArrayEquals(big, data.readAllBytes());
            assertEquals("LiteralRequest[tag=a, command=APPEND, size=5, message=false]", h.described().get(0));
        }
    }

    @Test
    void aRefusedSynchronizingLiteralEndsTheCommandAndTheNextIsFramed() {
        List<String> seen = new ArrayList<>();
        try (FramerHarness h = new FramerHarness() {
            @Override
            void onFrame(ImapFrame frame) {
                if (frame instanceof ImapFrame.LiteralRequest) {
                    framer.refuseLiteral();
                }
            }
        }) {
            h.send("a APPEND INBOX {300}\r\nb NOOP\r\n");
            seen.addAll(h.described());
        }
        assertEquals(List.of("LiteralRequest[tag=a, command=APPEND, size=300, message=true]", "b NOOP"), seen);
    }

    @Test
    void nothingIsFramedWhileTheSessionDecidesOnALiteral() {
        List<ImapFrame> pending = new ArrayList<>();
        try (FramerHarness h = new FramerHarness() {
            @Override
            void onFrame(ImapFrame frame) {
            }
        }) {
            h.send("a LOGIN {4}\r\n");
            assertEquals(List.of("LiteralRequest[tag=a, command=LOGIN, size=4, message=false]"), h.described());
            h.send("fred pw\r\nb NOOP\r\n");
            assertEquals(List.of(), h.described());
            h.framer.acceptLiteral();
            assertEquals(List.of("a LOGIN {4}\r\nfred pw", "b NOOP"), h.described());
            pending.addAll(h.frames);
        }
        assertTrue(pending.isEmpty());
    }

    @Test
    void aPausedFramerKeepsWhatArrivesUntilResumed() {
        try (FramerHarness h = new FramerHarness() {
            @Override
            void onFrame(ImapFrame frame) {
                framer.pause(); // a platform call is open
            }
        }) {
            h.send("a NOOP\r\nb NOOP\r\nc NO");
            assertEquals(List.of("a NOOP"), h.described());
            h.framer.resume();
            assertEquals(List.of("b NOOP"), h.described());
            h.send("OP\r\n");
            h.framer.resume();
            assertEquals(List.of("c NOOP"), h.described());
        }
    }

    @Test
    void anOverLongLineIsRefusedAtOnceAndDroppedToItsEnd() {
        try (FramerHarness h = new FramerHarness(64, 1024, 4096)) {
            h.send("t1 SEARCH " + "x".repeat(100));
            assertEquals(List.of("Refused[tag=t1, reason=LINE_TOO_LONG]"), h.described());
            h.send("y".repeat(10_000) + " {20+}\r\n" + "z".repeat(20) + " more\r\nt2 NOOP\r\n");
            assertEquals(List.of("t2 NOOP"), h.described());
        }
    }

    @Test
    void textAcrossLiteralsCountsTowardsTheLineLimit() {
        try (FramerHarness h = new FramerHarness(40, 1024, 4096)) {
            h.send("t1 LOGIN {1+}\r\na " + "p".repeat(30) + "\r\nt2 NOOP\r\n");
            assertEquals(List.of("Refused[tag=t1, reason=LINE_TOO_LONG]", "t2 NOOP"), h.described());
        }
    }

    @Test
    void anOverLimitNonSynchronizingLiteralIsReadAndDroppedThenRefused() {
        try (FramerHarness h = new FramerHarness(64, 10, 100)) {
            h.send("t1 LOGIN {11+}\r\n0123456789a {3+}\r\nabc\r\nt2 APPEND x {101+}\r\n" + "m".repeat(101)
                    + "\r\nt3 NOOP\r\n");
            assertEquals(List.of("Refused[tag=t1, reason=LITERAL_TOO_BIG]", "Refused[tag=t2, reason=MESSAGE_TOO_BIG]",
                    "t3 NOOP"), h.described());
        }
    }

    @Test
    void anOverLimitSynchronizingLiteralIsRefusedWithoutAContinuation() {
        try (FramerHarness h = new FramerHarness(64, 10, 100)) {
            h.send("t1 APPEND INBOX ~{101}\r\nt2 LOGIN {4}\r\n");
            assertEquals(List.of("Refused[tag=t1, reason=MESSAGE_TOO_BIG]",
                    "LiteralRequest[tag=t2, command=LOGIN, size=4, message=false]"), h.described());
            h.send("abcd x\r\n");
            assertEquals(List.of("t2 LOGIN {4}\r\nabcd x"), h.described());
        }
    }

    @Test
    void literalsOfOtherCommandsShareOneLimit() {
        try (FramerHarness h = new FramerHarness(64, 10, 100)) {
            h.send("t1 LOGIN {6+}\r\n012345 {6+}\r\n012345\r\nt2 NOOP\r\n");
            assertEquals(List.of("Refused[tag=t1, reason=LITERAL_TOO_BIG]", "t2 NOOP"), h.described());
        }
    }

    @Test
    void anInvalidTagIsReportedAsNone() {
        try (FramerHarness h = new FramerHarness(16, 10, 100)) {
            h.send("+bad " + "x".repeat(20) + "\r\n");
            assertEquals(List.of("Refused[tag=null, reason=LINE_TOO_LONG]"), h.described());
        }
    }

    @Test
    void aBraceThatIsNoLiteralLeavesTheLineAsItIs() {
        try (FramerHarness h = new FramerHarness()) {
            h.send("a LOGIN x {}\r\nb LOGIN x {12345678901}\r\nc LOGIN x {1a}\r\n");
            assertEquals(List.of("a LOGIN x {}", "b LOGIN x {12345678901}", "c LOGIN x {1a}"), h.described());
        }
    }

    @Test
    void aLaterLiteralLargerThanTheFirstGrowsTheCommand() {
        try (FramerHarness h = new FramerHarness()) {
            String password = "p".repeat(200);
            h.send("a LOGIN {1+}\r\nx {200+}\r\n" + password + "\r\n");
            assertEquals(List.of("a LOGIN {1+}\r\nx {200+}\r\n" + password), h.described());
        }
    }

    @Test
    void discardingWhatIsBufferedDropsABegunCommandToo() {
        try (FramerHarness h = new FramerHarness()) {
            h.send("b LOGIN {10+}\r\nabc");
            h.framer.discardBuffered(); // after STARTTLS, nothing pipelined may be acted on
            h.send("c NOOP\r\n");
            assertEquals(List.of("c NOOP"), h.described());
        }
    }

    @Test
    void anEmptyLiteralIsFramed() {
        try (FramerHarness h = new FramerHarness()) {
            h.send("a LOGIN {0+}\r\n {0}\r\n\r\n");
            assertEquals(List.of("LiteralRequest[tag=a, command=LOGIN, size=0, message=false]",
                    "a LOGIN {0+}\r\n {0}\r\n"), h.described());
        }
    }

    @Test
    void pendingLiteralsAndSpoolsAreReleasedWhenTheConnectionCloses() {
        try (FramerHarness h = new FramerHarness()) {
            h.send("a APPEND INBOX {100+}\r\nabc");
            h.send("b LOGIN {50+}\r\nabc");
            assertEquals(List.of(), h.described());
        }
    }
}
