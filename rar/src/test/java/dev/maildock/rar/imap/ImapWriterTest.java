package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.BodyPart;
import dev.maildock.rar.api.imap.EnvelopeFields;
import dev.maildock.rar.api.imap.MailAddress;
import dev.maildock.rar.api.imap.MailboxOutcome;
import dev.maildock.rar.api.imap.MessageStructure;
import dev.maildock.rar.api.imap.SystemFlag;
import dev.maildock.rar.api.imap.UidSet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The writer's choices and ENVELOPE / BODYSTRUCTURE against the examples of RFC 9051. */
class ImapWriterTest {

    private static String written(boolean utf8, Consumer<ImapWriter> write) {
        ByteBuf out = Unpooled.buffer();
        try {
            write.accept(new ImapWriter(out, utf8));
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    private static String rev1(Consumer<ImapWriter> write) {
        return written(false, write);
    }

    @Test
    void stringsTakeTheSimplestFormTheClientCanRead() {
        assertEquals("INBOX", rev1(w -> w.astring("INBOX")));
        assertEquals("\"nil\"", rev1(w -> w.astring("nil")));
        assertEquals("\"\"", rev1(w -> w.astring("")));
        assertEquals("\"a b\"", rev1(w -> w.astring("a b")));
        assertEquals("\"say \\\"hi\\\" \\\\o/\"", rev1(w -> w.string("say \"hi\" \\o/")));
        assertEquals("NIL", rev1(w -> w.nstring(null)));
        assertEquals("{6}\r\na\r\nb c", rev1(w -> w.string("a\r\nb c")));
        assertEquals("{5}\r\ncaf\u00e9", rev1(w -> w.string("caf\u00e9")));
        assertEquals("\"caf\u00e9 \\\"\ud83d\udce7\\\"\"", written(true, w -> w.string("caf\u00e9 \"\ud83d\udce7\"")));
        String longText = "x".repeat(ImapWriter.MAX_QUOTED + 1);
        assertEquals("{1025}\r\n" + longText, rev1(w -> w.string(longText)));
        assertEquals("~peter/mail/&U,BTFw-/&ZeVnLIqe-", rev1(w -> w.mailbox("~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e")));
        assertEquals("\"Entw\u00fcrfe\"", written(true, w -> w.mailbox("Entw\u00fcrfe")));
    }

    @Test
    void binaryContentWithNulIsALiteral8() {
        assertEquals("~{3}\r\na\0b", rev1(w -> w.binary(new byte[] {'a', 0, 'b'})));
        assertEquals("{2}\r\nab", rev1(w -> w.binary(new byte[] {'a', 'b'})));
    }

    @Test
    void numbersDatesFlagsAndSets() {
        assertEquals("0 4294967295 9223372036854775807",
                rev1(w -> w.number(0).sp().number(4294967295L).sp().number(Long.MAX_VALUE)));
        assertEquals("\"17-Jul-1996 02:44:25 -0700\"",
                rev1(w -> w.dateTime(Instant.parse("1996-07-17T09:44:25Z"), ZoneOffset.ofHours(-7))));
        assertEquals("\" 7-Jan-2026 23:05:09 +0530\"",
                rev1(w -> w.dateTime(Instant.parse("2026-01-07T17:35:09Z"), ZoneOffset.ofHoursMinutes(5, 30))));
        assertEquals("(\\Seen \\Deleted $Forwarded)", rev1(w -> w.flags(
                EnumSet.of(SystemFlag.DELETED, SystemFlag.SEEN), List.of("$Forwarded"))));
        assertEquals("()", rev1(w -> w.flags(EnumSet.noneOf(SystemFlag.class), List.of())));
        assertEquals("3:5,9,11:12", rev1(w -> w.uids(new long[] {3, 4, 5, 9, 11, 12})));
        assertEquals("1:4,7", rev1(w -> w.uidSet(new UidSet(new long[] {1, 4, 7, 7}))));
    }

    @Test
    void statusReplies() {
        ByteBuf out = Unpooled.buffer();
        ImapReply.of(MailboxOutcome.NONEXISTENT).write(out, "A1");
        ImapReply.write(out, "A2", ImapReply.Status.OK, ResponseCode.APPENDUID, "38505 3955", "APPEND completed");
        ImapReply.write(out, null, ImapReply.Status.OK, ResponseCode.READ_WRITE, null, "SELECT completed");
        assertEquals("A1 NO [NONEXISTENT] No such mailbox\r\nA2 OK [APPENDUID 38505 3955] APPEND completed\r\n"
                + "* OK [READ-WRITE] SELECT completed\r\n", out.toString(StandardCharsets.US_ASCII));
        out.release();
    }

    private static final MailAddress GRAY = new MailAddress("Terry Gray", null, "gray", "cac.washington.edu");

    @Test
    void theRfcEnvelope() {
        EnvelopeFields envelope = new EnvelopeFields("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)",
                "IMAP4rev2 WG mtg summary and minutes", List.of(GRAY), List.of(), List.of(),
                List.of(new MailAddress(null, null, "imap", "cac.washington.edu")),
                List.of(new MailAddress(null, null, "minutes", "CNRI.Reston.VA.US"),
                        new MailAddress("John Klensin", null, "KLENSIN", "MIT.EDU")),
                List.of(), null, "<B27397-0100000@cac.washington.edu>");
        assertEquals("(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev2 WG mtg summary and minutes\" "
                + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
                + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
                + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
                + "((NIL NIL \"imap\" \"cac.washington.edu\")) "
                + "((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) "
                + "NIL NIL \"<B27397-0100000@cac.washington.edu>\")",
                rev1(w -> StructureWriter.envelope(w, envelope)));
    }

    private static BodyPart part(String type, String subtype, List<BodyPart.Parameter> parameters, String id,
            String description, String encoding, long size, long lines, List<BodyPart> parts,
            MessageStructure message) {
        return new BodyPart(type, subtype, parameters, id, description, encoding, size, lines, null, null, List.of(),
                null, parts, message, 0, 0, size);
    }

    private static final BodyPart RFC_MIXED = part("multipart", "mixed",
            List.of(new BodyPart.Parameter("boundary", "x")), null, null, null, 0, -1, List.of(
                    part("text", "plain", List.of(new BodyPart.Parameter("charset", "US-ASCII")), null, null, "7bit",
                            1152, 23, List.of(), null),
                    part("text", "plain", List.of(new BodyPart.Parameter("charset", "US-ASCII"),
                                    new BodyPart.Parameter("name", "cc.diff")),
                            "<960723163407.20117h@cac.washington.edu>", "Compiler diff", "base64", 4554, 73,
                            List.of(), null)), null);

    @Test
    void theRfcBodyStructureWithoutAndWithExtensionData() {
        assertEquals("((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23)"
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\") "
                + "\"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" 4554 73) \"MIXED\")",
                rev1(w -> StructureWriter.body(w, RFC_MIXED, false)));
        assertEquals("((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23 NIL NIL NIL NIL)"
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\") "
                + "\"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" 4554 73 NIL NIL NIL NIL)"
                + " \"MIXED\" (\"BOUNDARY\" \"x\") NIL NIL NIL)",
                rev1(w -> StructureWriter.body(w, RFC_MIXED, true)));
    }

    @Test
    void anEnclosedMessageHasItsEnvelopeBodyAndLinesAndExtensionsFollowTheRfc() {
        EnvelopeFields inner = new EnvelopeFields(null, "hi", List.of(GRAY), List.of(), List.of(), List.of(),
                List.of(), List.of(), null, null);
        BodyPart innerBody = part("text", "plain", List.of(), null, null, null, 2, 1, List.of(), null);
        BodyPart rfc822 = new BodyPart("message", "rfc822", List.of(), null, null, "7bit", 100, 5, "md5",
                new BodyPart.Disposition("attachment", List.of(new BodyPart.Parameter("filename", "m.eml"))),
                List.of("en", "de"), "http://x/", List.of(), new MessageStructure(inner, innerBody), 0, 0, 100);
        assertEquals("(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 100 (NIL \"hi\" "
                + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
                + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
                + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) NIL NIL NIL NIL NIL) "
                + "(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 2 1 NIL NIL NIL NIL) 5 \"md5\" "
                + "(\"ATTACHMENT\" (\"FILENAME\" \"m.eml\")) (\"en\" \"de\") \"http://x/\")",
                rev1(w -> StructureWriter.body(w, rfc822, true)));
        BodyPart image = part("image", "png", List.of(), null, null, "base64", 10, -1, List.of(), null);
        assertEquals("(\"IMAGE\" \"PNG\" NIL NIL NIL \"BASE64\" 10)", rev1(w -> StructureWriter.body(w, image, false)));
    }
}
