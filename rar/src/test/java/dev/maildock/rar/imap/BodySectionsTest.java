package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.BodyPart;
import dev.maildock.rar.api.imap.EnvelopeFields;
import dev.maildock.rar.api.imap.MessageStructure;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Section ranges on a real multipart message with an enclosed message, and the decoders. */
class BodySectionsTest {

    private static final String INNER_HEADER = "Subject: inner\r\n\r\n";
    private static final String MESSAGE = "From: a@example.org\r\nSubject: test\r\n  folded\r\n"
            + "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
            + "--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
            + "--b\r\nContent-Type: message/rfc822\r\n\r\n" + INNER_HEADER + "inner body\r\n"
            + "--b--\r\n";
    private static final EnvelopeFields NO_FIELDS = new EnvelopeFields(null, null, List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of(), null, null);

    private static int at(String text) {
        return MESSAGE.indexOf(text);
    }

    private static BodyPart part(String type, String subtype, List<BodyPart> parts, MessageStructure message,
            long headerStart, long bodyStart, long end) {
        return new BodyPart(type, subtype, List.of(), null, null, null, end - bodyStart, -1, null, null, List.of(),
                null, parts, message, headerStart, bodyStart, end);
    }

    private static final MessageStructure STRUCTURE;

    static {
        int textHeader = at("Content-Type: text/plain");
        int messageHeader = at("Content-Type: message/rfc822");
        int innerStart = at(INNER_HEADER);
        int innerBody = innerStart + INNER_HEADER.length();
        int innerEnd = at("\r\n--b--");
        BodyPart text = part("text", "plain", List.of(), null, textHeader, at("hello"), at("\r\n--b\r\nContent-Type: m"));
        BodyPart innerText = part("text", "plain", List.of(), null, innerStart, innerBody, innerEnd);
        BodyPart rfc822 = part("message", "rfc822", List.of(), new MessageStructure(NO_FIELDS, innerText),
                messageHeader, innerStart, innerEnd);
        BodyPart top = part("multipart", "mixed", List.of(text, rfc822), null, 0, at("--b\r\nContent-Type: text"),
                MESSAGE.length());
        STRUCTURE = new MessageStructure(NO_FIELDS, top);
    }

    private static String section(int[] part, SectionSpec.Text text) {
        BodySections.Range range = BodySections.locate(STRUCTURE, new SectionSpec(part, text, List.of()));
        return range == null ? null : MESSAGE.substring((int) range.start(), (int) range.end());
    }

    @Test
    void sectionsOfTheMessageAndItsParts() {
        assertEquals(MESSAGE, section(new int[0], SectionSpec.Text.ALL));
        assertEquals(MESSAGE.substring(0, at("--b\r\nContent-Type: text")), section(new int[0], SectionSpec.Text.HEADER));
        assertEquals("hello", section(new int[] {1}, SectionSpec.Text.ALL));
        assertEquals("Content-Type: text/plain\r\n\r\n", section(new int[] {1}, SectionSpec.Text.MIME));
        assertEquals(INNER_HEADER + "inner body", section(new int[] {2}, SectionSpec.Text.ALL));
        assertEquals(INNER_HEADER, section(new int[] {2}, SectionSpec.Text.HEADER));
        assertEquals("inner body", section(new int[] {2}, SectionSpec.Text.TEXT));
        assertEquals("inner body", section(new int[] {2, 1}, SectionSpec.Text.ALL), "the enclosed single part is 2.1");
        assertNull(section(new int[] {1}, SectionSpec.Text.HEADER), "HEADER only of a message/rfc822 part");
        assertNull(section(new int[] {3}, SectionSpec.Text.ALL));
        assertNull(section(new int[] {1, 1}, SectionSpec.Text.ALL));
        assertNull(section(new int[0], SectionSpec.Text.MIME));
    }

    @Test
    void aMessageThatIsNotMultipartIsItsOwnPartOne() {
        BodyPart body = part("text", "plain", List.of(), null, 0, 10, 20);
        MessageStructure single = new MessageStructure(NO_FIELDS, body);
        assertEquals(new BodySections.Range(10, 20),
                BodySections.locate(single, new SectionSpec(new int[] {1}, SectionSpec.Text.ALL, List.of())));
        assertNull(BodySections.locate(single, new SectionSpec(new int[] {2}, SectionSpec.Text.ALL, List.of())));
    }

    @Test
    void headerFieldsAreFilteredWithTheirContinuationsAndABlankLine() {
        byte[] header = section(new int[0], SectionSpec.Text.HEADER).getBytes(StandardCharsets.US_ASCII);
        assertEquals("Subject: test\r\n  folded\r\n\r\n", new String(HeaderFilter.select(header,
                List.of("SUBJECT", "X-NONE"), false), StandardCharsets.US_ASCII));
        assertEquals("From: a@example.org\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n",
                new String(HeaderFilter.select(header, List.of("subject"), true), StandardCharsets.US_ASCII));
        assertEquals("\r\n", new String(HeaderFilter.select(new byte[0], List.of("A"), true), StandardCharsets.US_ASCII));
        assertEquals("A: 1\r\n\r\n", new String(HeaderFilter.select("A: 1".getBytes(StandardCharsets.US_ASCII),
                List.of("A"), false), StandardCharsets.US_ASCII));
    }

    private static String decoded(String encoding, String encoded) throws Exception {
        try (InputStream in = TransferDecoding.decode(encoding,
                new ByteArrayInputStream(encoded.getBytes(StandardCharsets.ISO_8859_1)))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void transferEncodingsDecodeAsStreams() throws Exception {
        assertEquals("hello\0world", decoded("BASE64", "aGVsbG8A\r\nd29ybGQ=\r\n"));
        assertEquals("caf\u00e9 = soft line", decoded("quoted-printable", "caf=E9 =3D soft=\r\n li=\nne"));
        assertEquals("a=zz=", decoded("quoted-printable", "a=zz="));
        assertEquals("as is\r\n", decoded(null, "as is\r\n"));
        assertEquals("8bit \u00ff", decoded("8bit", "8bit \u00ff"));
        assertEquals(11, TransferDecoding.decodedSize("base64",
                new ByteArrayInputStream("aGVsbG8Ad29ybGQ=".getBytes(StandardCharsets.US_ASCII))));
        assertThrows(TransferDecoding.UnknownEncodingException.class, () -> decoded("x-uuencode", ""));
        byte[] big = new byte[3 * 100_000];
        big[12345] = 7;
        String base64 = Base64.getMimeEncoder().encodeToString(big);
        assertArrayEquals(big, decoded("base64", base64).getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void quotedPrintableDropsTransportPaddingAndSoftBreaksAfterWhitespace() throws Exception {
        // imaptest's fetch-binary-mime-qp part: 65 octets once decoded, as Dovecot decodes it.
        String encoded = "hello  \r\nbar=\r\n\r\nfoo\t=\r\nbar\r\nfoo\t \t= \r\n=62\r\nfoo = \t\r\nbar\r\n"
                + "foo =\r\n=62\r\nfoo  \r\nbar=\r\n\r\nfoo_bar\r\n";
        assertEquals("hello\r\nbar\r\nfoo\tbar\r\nfoo\t \tb\r\nfoo bar\r\nfoo b\r\nfoo\r\nbar\r\nfoo_bar\r\n",
                decoded("quoted-printable", encoded));
        assertEquals("end", decoded("quoted-printable", "end \t "), "padding before the end too");
        assertEquals("= x", decoded("quoted-printable", "= x"));
        String run = " ".repeat(5000);
        assertEquals(run + "x", decoded("quoted-printable", run + "x"), "a long run is text, read in bounded steps");
    }
}
