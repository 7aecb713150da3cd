package dev.maildock.ejb.delivery.remote;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePartDataSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 7-bit form for hosts without 8BITMIME, with Angus Mail's parser on real files. */
class SevenBitDowngradeTest {

    private static final String TEXT = "Grüße aus Köln – 10 € für alle\r\nZweite Zeile: ½ ¾\r\n";

    private static byte[] convert(byte[] raw, Class<?> expected) throws Exception {
        try (SevenBitDowngrade d = new SevenBitDowngrade(out -> out.write(raw))) {
            SevenBitDowngrade.Form form = d.form();
            assertInstanceOf(expected, form);
            if (form instanceof SevenBitDowngrade.Converted c) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                c.writeTo(out);
                assertEquals(c.size(), out.size());
                return out.toByteArray();
            }
            return null;
        }
    }

    private static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    private static void assertSevenBit(byte[] raw) {
        for (byte b : raw) {
            assertTrue(b >= 0, "8-bit octet left");
        }
    }

    @Test
    void aSevenBitMessageIsLeftAlone() throws Exception {
        byte[] raw = "Subject: plain\r\n\r\nHello\r\n".getBytes(StandardCharsets.US_ASCII);
        convert(raw, SevenBitDowngrade.Unchanged.class);
    }

    @Test
    void eightBitTextBecomesQuotedPrintableWithTheSameTextAndHeaders() throws Exception {
        String header = "Received: from a\r\n\tby b; Sun, 22 Nov 2026 10:00:00 +0000\r\nFrom: <a@x.test>\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\nMessage-ID: <1@x.test>\r\n";
        byte[] raw = (header + "\r\n" + TEXT).getBytes(StandardCharsets.UTF_8);
        byte[] out = convert(raw, SevenBitDowngrade.Converted.class);
        assertSevenBit(out);
        String expectedHeader = header.replace("Content-Transfer-Encoding: 8bit", "Content-Transfer-Encoding: quoted-printable");
        assertTrue(new String(out, StandardCharsets.US_ASCII).startsWith(expectedHeader + "\r\n"),
                "header fields byte for byte, in order: " + new String(out, StandardCharsets.US_ASCII));
        MimeMessage m = parse(out);
        assertEquals("quoted-printable", m.getEncoding());
        assertEquals(TEXT, new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void undeclaredEightBitInAMultipartIsEncodedPartByPartAndTheRestKept() throws Exception {
        byte[] png = new byte[300];
        for (int i = 0; i < png.length; i++) {
            png[i] = (byte) (i * 7);
        }
        String attachment = Base64.getMimeEncoder().encodeToString(png);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(("From: <a@x.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "preamble\r\n--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        b.write(TEXT.getBytes(StandardCharsets.UTF_8));
        b.write(("\r\n--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        b.write(png);
        String kept = "\r\n--b1\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n" + attachment;
        b.write((kept + "\r\n--b1--\r\n").getBytes(StandardCharsets.US_ASCII));

        byte[] out = convert(b.toByteArray(), SevenBitDowngrade.Converted.class);
        assertSevenBit(out);
        String text = new String(out, StandardCharsets.US_ASCII);
        assertTrue(text.contains(kept), "a 7-bit part stays byte for byte: " + text);
        assertTrue(text.contains("preamble\r\n--b1\r\n"), text);
        MimeMultipart parts = new MimeMultipart(new MimePartDataSource(parse(out)));
        assertEquals(3, parts.getCount());
        BodyPart first = parts.getBodyPart(0);
        assertEquals("quoted-printable", first.getHeader("Content-Transfer-Encoding")[0]);
        assertEquals(TEXT, new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        BodyPart second = parts.getBodyPart(1);
        assertEquals("base64", second.getHeader("Content-Transfer-Encoding")[0]);
        assertArrayEquals(png, second.getInputStream().readAllBytes());
        assertArrayEquals(png, parts.getBodyPart(2).getInputStream().readAllBytes());
    }

    @Test
    void anAttachedMessageIsConvertedInside() throws Exception {
        String inner = "Subject: inner\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + TEXT;
        byte[] raw = ("From: <a@x.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: message/rfc822\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + inner + "\r\n--b--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = convert(raw, SevenBitDowngrade.Converted.class);
        assertSevenBit(out);
        BodyPart attached = new MimeMultipart(new MimePartDataSource(parse(out))).getBodyPart(0);
        assertEquals("7bit", attached.getHeader("Content-Transfer-Encoding")[0]);
        MimeMessage m = parse(attached.getInputStream().readAllBytes());
        assertEquals("inner", m.getSubject());
        assertEquals(TEXT, new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void rawUtf8HeaderFieldsAreRefusedNotMangled() throws Exception {
        byte[] raw = ("From: Jürgen <j@x.test>\r\nSubject: Grüße\r\n\r\n" + TEXT).getBytes(StandardCharsets.UTF_8);
        convert(raw, SevenBitDowngrade.Refused.class);
        byte[] inPart = ("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/plain\r\nContent-Disposition: attachment; filename=\"Grüße.txt\"\r\n\r\n" + TEXT + "\r\n--b--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        convert(inPart, SevenBitDowngrade.Refused.class);
    }

    /**
     * Found by SevenBitDowngradeFuzzTest: Angus Mail failed with an IOException, which the queue
     * takes for a passing local problem and retries for days; the message itself is at fault.
     */
    @Test
    void anUnknownTransferEncodingCannotBeConvertedAndSaysSo() {
        byte[] raw = ("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 9bit\r\n\r\n" + TEXT)
                .getBytes(StandardCharsets.UTF_8);
        MessagingException e = assertThrows(MessagingException.class, () -> convert(raw, SevenBitDowngrade.Converted.class));
        assertEquals("unknown Content-Transfer-Encoding 9bit", e.getMessage());
        byte[] attached = ("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: x-new\r\n\r\nSubject: inner\r\n\r\n"
                + TEXT).getBytes(StandardCharsets.UTF_8);
        assertThrows(MessagingException.class, () -> convert(attached, SevenBitDowngrade.Converted.class));
    }

    @Test
    void temporaryFilesAreRemoved() throws Exception {
        byte[] raw = ("Subject: x\r\n\r\n" + TEXT).getBytes(StandardCharsets.UTF_8);
        Path file;
        try (SevenBitDowngrade d = new SevenBitDowngrade(out -> out.write(raw))) {
            file = ((SevenBitDowngrade.Converted) d.form()).file();
            assertTrue(Files.exists(file));
        }
        assertFalse(Files.exists(file));
    }
}
