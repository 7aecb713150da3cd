package dev.maildock.ejb.mailbox.structure;

import dev.maildock.rar.api.imap.BodyPart;
import dev.maildock.rar.api.imap.BodyPart.Disposition;
import dev.maildock.rar.api.imap.BodyPart.Parameter;
import dev.maildock.rar.api.imap.EnvelopeFields;
import dev.maildock.rar.api.imap.MailAddress;
import dev.maildock.rar.api.imap.MessageStructure;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StructureCodecTest {

    private static final EnvelopeFields ENVELOPE = new EnvelopeFields("Mon, 7 Dec 2026 10:00:00 +0100", "Grüße",
            List.of(new MailAddress("=?UTF-8?Q?J=C3=B6rg?=", null, "joerg", "x.test")), List.of(),
            List.of(new MailAddress(null, "@a.test,@b.test", "x", "y.test")),
            List.of(MailAddress.groupStart("A Group"), new MailAddress(null, null, "c", "a.test"), MailAddress.groupEnd()),
            List.of(), List.of(), "<m0@x.test>", null);

    @Test
    void aStructureComesBackEqual() {
        BodyPart text = new BodyPart("text", "plain", List.of(new Parameter("charset", "utf-8")), "<c@x>", "d",
                "quoted-printable", 12, 2, "md5==", null, List.of("en", "de"), "http://x.test/", List.of(), null,
                300, 340, 352);
        BodyPart attachment = new BodyPart("application", "pdf", List.of(), null, null, "base64", 5_000_000_000L, -1,
                null, new Disposition("attachment", List.of(new Parameter("filename", "€.pdf"))), List.of(), null,
                List.of(), null, 354, 400, 5_000_000_400L);
        BodyPart inner = new BodyPart("text", "plain", List.of(), null, null, "7bit", 0, 0, null, null, List.of(),
                null, List.of(), null, 5_000_000_500L, 5_000_000_500L, 5_000_000_500L);
        BodyPart rfc822 = new BodyPart("message", "rfc822", List.of(), null, null, "7bit", 100, 3, null, null,
                List.of(), null, List.of(), new MessageStructure(ENVELOPE, inner), 5_000_000_402L, 5_000_000_500L,
                5_000_000_600L);
        MessageStructure structure = new MessageStructure(ENVELOPE, new BodyPart("multipart", "mixed",
                List.of(new Parameter("boundary", "b")), null, null, "7bit", 5_000_000_700L, -1, null, null, List.of(),
                null, List.of(text, attachment, rfc822), null, 0, 200, 5_000_000_900L));

        byte[] kept = StructureCodec.encode(structure);

        assertEquals(Optional.of(structure), StructureCodec.decode(kept));
    }

    @Test
    void aParsedMessageComesBackEqualAndCompact() throws Exception {
        MessageStructure parsed = StructureParserTest.parse(("From: a@x.test\r\nSubject: s\r\n"
                + "Content-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\n\r\nplain\r\n--b\r\n"
                + "Content-Type: text/html\r\n\r\n<p>html</p>\r\n--b--\r\n").getBytes());
        byte[] kept = StructureCodec.encode(parsed);
        assertEquals(Optional.of(parsed), StructureCodec.decode(kept));
        assertTrue(kept.length < 200, "compact: " + kept.length);
    }

    @Test
    void anotherVersionOrACorruptValueGivesNothing() {
        byte[] kept = StructureCodec.encode(new MessageStructure(ENVELOPE, new BodyPart("text", "plain", List.of(),
                null, null, "7bit", 1, 1, null, null, List.of(), null, List.of(), null, 0, 2, 3)));
        byte[] older = kept.clone();
        older[0] = StructureCodec.VERSION - 1;
        assertEquals(Optional.empty(), StructureCodec.decode(older));
        for (int cut = 0; cut < kept.length; cut++) {
            assertEquals(Optional.empty(), StructureCodec.decode(Arrays.copyOf(kept, cut)), "cut at " + cut);
        }
        byte[] longer = Arrays.copyOf(kept, kept.length + 1);
        assertEquals(Optional.empty(), StructureCodec.decode(longer));
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0xFF);
        garbage[0] = StructureCodec.VERSION;
        assertEquals(Optional.empty(), StructureCodec.decode(garbage));
        assertEquals(Optional.empty(), StructureCodec.decode(null));
    }
}
