package dev.maildock.ejb.mailbox.structure;

import dev.maildock.rar.api.imap.BodyPart;
import dev.maildock.rar.api.imap.BodyPart.Parameter;
import dev.maildock.rar.api.imap.EnvelopeFields;
import dev.maildock.rar.api.imap.MailAddress;
import dev.maildock.rar.api.imap.MessageStructure;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StructureParserTest {

    private static final String MIXED = "Return-Path: <a@x.test>\r\n"
            + "From: =?UTF-8?Q?J=C3=B6rg?= <joerg@x.test>\r\n"
            + "To: \"Anna B.\" <anna@y.test>, bob@y.test\r\n"
            + "Subject: a folded\r\n subject =?UTF-8?B?w6k=?=\r\n"
            + "Date: Mon, 7 Dec 2026 10:00:00 +0100\r\n"
            + "Message-ID: <m1@x.test>\r\n"
            + "In-Reply-To: <m0@x.test>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
            + "\r\n"
            + "This is the preamble.\r\n"
            + "--outer\r\n"
            + "Content-Type: multipart/alternative; boundary=inner\r\n"
            + "\r\n"
            + "--inner\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n"
            + "Hello\r\n"
            + "world\r\n"
            + "--inner\r\n"
            + "Content-Type: text/html; charset=utf-8\r\n"
            + "\r\n"
            + "<p>Hello</p>\r\n"
            + "--inner--\r\n"
            + "\r\n"
            + "--outer\r\n"
            + "Content-Type: application/pdf; name=\"r.pdf\"\r\n"
            + "Content-Transfer-Encoding: BASE64\r\n"
            + "Content-Disposition: attachment;\r\n filename*0*=UTF-8''%E2%82%AC;\r\n filename*1=\"uro.pdf\"; size=4\r\n"
            + "Content-ID: <c1@x.test>\r\n"
            + "Content-Description: the report\r\n"
            + "Content-Language: en, de\r\n"
            + "Content-Location: http://x.test/r.pdf\r\n"
            + "Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\r\n"
            + "\r\n"
            + "JVBERg==\r\n"
            + "--outer--\r\n"
            + "This is the epilogue.\r\n";

    @Test
    void multipartMixedWithAlternativeAndAttachmentHasExactOffsets() throws IOException {
        byte[] raw = bytes(MIXED);
        MessageStructure s = parse(raw);

        BodyPart top = s.body();
        assertEquals("multipart", top.type());
        assertEquals("mixed", top.subtype());
        assertEquals(List.of(new Parameter("boundary", "outer")), top.parameters());
        assertEquals(0, top.headerStart());
        assertTrue(slice(raw, top.headerStart(), top.bodyStart()).endsWith("boundary=\"outer\"\r\n\r\n"));
        assertTrue(slice(raw, top.bodyStart(), top.end()).startsWith("This is the preamble."));
        assertEquals(raw.length, top.end());
        assertEquals(top.end() - top.bodyStart(), top.size());
        assertEquals(-1, top.lines());
        assertEquals(2, top.parts().size());

        BodyPart alternative = top.parts().get(0);
        assertEquals("alternative", alternative.subtype());
        assertEquals("Content-Type: multipart/alternative; boundary=inner\r\n\r\n",
                slice(raw, alternative.headerStart(), alternative.bodyStart()));
        assertTrue(slice(raw, alternative.bodyStart(), alternative.end()).endsWith("--inner--\r\n"),
                "the line end before the outer delimiter is the delimiter's");

        BodyPart plain = alternative.parts().get(0);
        assertEquals("Hello\r\nworld", slice(raw, plain.bodyStart(), plain.end()));
        assertEquals(12, plain.size());
        assertEquals(1, plain.lines(), "LFs in the body, as Dovecot counts");
        assertEquals("8bit", plain.encoding());
        assertEquals(List.of(new Parameter("charset", "utf-8")), plain.parameters());
        assertEquals("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
                slice(raw, plain.headerStart(), plain.bodyStart()));

        BodyPart html = alternative.parts().get(1);
        assertEquals("<p>Hello</p>", slice(raw, html.bodyStart(), html.end()));
        assertEquals(0, html.lines());
        assertEquals("7bit", html.encoding());

        BodyPart pdf = top.parts().get(1);
        assertEquals("application", pdf.type());
        assertEquals("pdf", pdf.subtype());
        assertEquals("base64", pdf.encoding());
        assertEquals("JVBERg==", slice(raw, pdf.bodyStart(), pdf.end()));
        assertEquals(-1, pdf.lines());
        assertEquals("attachment", pdf.disposition().type());
        assertEquals(List.of(new Parameter("filename", "€uro.pdf"), new Parameter("size", "4")),
                pdf.disposition().parameters());
        assertEquals("<c1@x.test>", pdf.id());
        assertEquals("the report", pdf.description());
        assertEquals(List.of("en", "de"), pdf.language());
        assertEquals("http://x.test/r.pdf", pdf.location());
        assertEquals("Q2hlY2sgSW50ZWdyaXR5IQ==", pdf.md5());

        EnvelopeFields e = s.envelope();
        assertEquals("Mon, 7 Dec 2026 10:00:00 +0100", e.date());
        assertEquals("a folded subject =?UTF-8?B?w6k=?=", e.subject(), "unfolded, encoded words kept");
        assertEquals(List.of(new MailAddress("=?UTF-8?Q?J=C3=B6rg?=", null, "joerg", "x.test")), e.from());
        assertEquals(List.of(new MailAddress("Anna B.", null, "anna", "y.test"),
                new MailAddress(null, null, "bob", "y.test")), e.to());
        assertEquals(List.of(), e.sender(), "the session shows From for a missing Sender");
        assertEquals(List.of(), e.replyTo());
        assertEquals(List.of(), e.cc());
        assertEquals("<m1@x.test>", e.messageId());
        assertEquals("<m0@x.test>", e.inReplyTo());
    }

    @Test
    void aMessageWithoutContentTypeIsUsAsciiPlainText() throws IOException {
        byte[] raw = bytes("Subject: hi\r\n\r\nline one\r\nline two\r\nlast without end");
        BodyPart body = parse(raw).body();
        assertEquals("text", body.type());
        assertEquals("plain", body.subtype());
        assertEquals(List.of(new Parameter("charset", "us-ascii")), body.parameters());
        assertEquals("7bit", body.encoding());
        assertEquals(2, body.lines());
        assertEquals("line one\r\nline two\r\nlast without end", slice(raw, body.bodyStart(), body.end()));
        assertEquals(raw.length - body.bodyStart(), body.size());
        assertNull(parse(raw).envelope().date());
    }

    @Test
    void aNestedMessageHasItsOwnEnvelopeAndAbsoluteOffsets() throws IOException {
        String inner = "From: Inner <in@z.test>\r\n"
                + "Subject: inner\r\n"
                + "Content-Type: multipart/mixed; boundary=b2\r\n"
                + "\r\n"
                + "--b2\r\n"
                + "\r\n"
                + "inner text\r\n"
                + "--b2--\r\n";
        byte[] raw = bytes("Subject: outer\r\n"
                + "Content-Type: multipart/mixed; boundary=b1\r\n"
                + "\r\n"
                + "--b1\r\n"
                + "Content-Type: message/rfc822\r\n"
                + "\r\n"
                + inner
                + "--b1--\r\n");
        MessageStructure s = parse(raw);
        BodyPart rfc822 = s.body().parts().get(0);
        assertEquals("message", rfc822.type());
        assertEquals("rfc822", rfc822.subtype());
        assertEquals(inner.substring(0, inner.length() - 2), slice(raw, rfc822.bodyStart(), rfc822.end()));
        assertEquals(7, rfc822.lines());
        MessageStructure message = rfc822.message();
        assertNotNull(message);
        assertEquals("inner", message.envelope().subject());
        assertEquals(List.of(new MailAddress("Inner", null, "in", "z.test")), message.envelope().from());
        assertEquals(rfc822.bodyStart(), message.body().headerStart());
        assertEquals(rfc822.end(), message.body().end());
        BodyPart innerText = message.body().parts().get(0);
        assertEquals("inner text", slice(raw, innerText.bodyStart(), innerText.end()));
        assertEquals(List.of(new Parameter("charset", "us-ascii")), innerText.parameters());
    }

    @Test
    void partsOfADigestAreMessagesByDefault() throws IOException {
        byte[] raw = bytes("Content-Type: multipart/digest; boundary=d\r\n\r\n"
                + "--d\r\n\r\nSubject: one\r\n\r\nfirst\r\n"
                + "--d\r\nContent-Type: text/plain\r\n\r\nnot a message\r\n"
                + "--d--\r\n");
        BodyPart digest = parse(raw).body();
        assertEquals("message", digest.parts().get(0).type());
        assertEquals("one", digest.parts().get(0).message().envelope().subject());
        assertEquals("Subject: one\r\n\r\nfirst", slice(raw, digest.parts().get(0).bodyStart(), digest.parts().get(0).end()));
        assertEquals("text", digest.parts().get(1).type());
        assertEquals(List.of(new Parameter("charset", "us-ascii")), digest.parts().get(1).parameters(),
                "text without a charset is us-ascii");
    }

    @Test
    void anEncodedMessageIsStillParsedAsAMessage() throws IOException {
        byte[] raw = bytes("Content-Type: multipart/mixed; boundary=e\r\n\r\n--e\r\n"
                + "Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "U3ViamVjdDogeA0KDQp5DQo=\r\n--e--\r\n");
        BodyPart part = parse(raw).body().parts().get(0);
        assertEquals("rfc822", part.subtype());
        assertNotNull(part.message(), "BODYSTRUCTURE needs an envelope and a body for every message/rfc822");
        assertEquals("U3ViamVjdDogeA0KDQp5DQo=", slice(raw, part.bodyStart(), part.end()));
    }

    @Test
    void rfc2231ContinuationsAreJoinedInSectionOrderAndDecoded() throws IOException {
        BodyPart body = parse(bytes("Content-Type: application/x-stuff;\r\n"
                + " title*1*=%2A%2A%2Afun%2A%2A%2A%20;\r\n"
                + " title*0*=us-ascii'en'This%20is%20even%20more%20;\r\n"
                + " title*2=\"isn't it!\"; Name*=UTF-8''%E2%82%AC.txt\r\n\r\nx")).body();
        assertEquals(List.of(new Parameter("title", "This is even more ***fun*** isn't it!"),
                new Parameter("name", "€.txt")), body.parameters());
    }

    @Test
    void addressListsKeepGroupsRoutesAndBrokenAddresses() {
        assertEquals(List.of(MailAddress.groupStart("A Group"),
                new MailAddress("Ed Jones", null, "c", "a.test"),
                new MailAddress(null, null, "joe", "where.test"),
                MailAddress.groupEnd(),
                new MailAddress(null, "@a.test,@b.test", "x", "y.test"),
                MailAddress.groupStart("Undisclosed recipients"),
                MailAddress.groupEnd()),
                EnvelopeReader.addresses("A Group:Ed Jones <c@a.test>,joe@where.test;, <@a.test,@b.test:x@y.test>,"
                        + " Undisclosed recipients:;"));
        assertEquals(List.of(new MailAddress(null, null, "foo", EnvelopeReader.MISSING_DOMAIN)),
                EnvelopeReader.addresses("foo@"));
        assertEquals(List.of(), EnvelopeReader.addresses("   "));
    }

    /** imaptest's fetch-envelope, message 4: a comment names an address that has no display name. */
    @Test
    void aTrailingCommentNamesAnAddressWithoutDisplayName() throws IOException {
        EnvelopeFields e = parse(bytes("Date: Thu, 15 Feb 2007 01:02:03 +0200\r\n"
                + "From: user@domain (Real Name)\r\n"
                + "To: group: g1@d1.org, g2@d2.org;, group2: g3@d3.org;\r\n"
                + "Cc: group:;, group2: (foo) ;\r\n\r\nbody\r\n")).envelope();
        assertEquals(List.of(new MailAddress("Real Name", null, "user", "domain")), e.from());
        assertEquals(List.of(MailAddress.groupStart("group"), new MailAddress(null, null, "g1", "d1.org"),
                new MailAddress(null, null, "g2", "d2.org"), MailAddress.groupEnd(), MailAddress.groupStart("group2"),
                new MailAddress(null, null, "g3", "d3.org"), MailAddress.groupEnd()), e.to());
        assertEquals(List.of(MailAddress.groupStart("group"), MailAddress.groupEnd(), MailAddress.groupStart("group2"),
                MailAddress.groupEnd()), e.cc());
    }

    @Test
    void aDisplayNameWinsOverCommentsAndCommasInsideQuotesOrCommentsSplitNothing() {
        assertEquals(List.of(new MailAddress("Ann", null, "a", "x.test"),
                        new MailAddress("b, (c) \"d\"", null, "b", "x.test"),
                        new MailAddress(null, null, "c", "x.test"),
                        new MailAddress("\"Real, Name\"", null, "d", "x.test")),
                EnvelopeReader.addresses("\"Ann\" <a@x.test> (not this), b@x.test (b, \\(c\\) \"d\"),"
                        + " <c (not this) @x.test>, , (\"Real, Name\") d@x.test"));
    }

    @Test
    void eightBitHeadersComeThroughAsUtf8() throws IOException {
        MessageStructure s = parse(bytes("From: Jörg Ärger <jörg@exämple.test>\r\nSubject: Grüße €\r\n\r\nx"));
        assertEquals("Grüße €", s.envelope().subject());
        assertEquals(List.of(new MailAddress("Jörg Ärger", null, "jörg", "exämple.test")), s.envelope().from());
    }

    @Test
    void aTruncatedMultipartEndsWithTheOctets() throws IOException {
        byte[] raw = bytes("Content-Type: multipart/mixed; boundary=t\r\n\r\n"
                + "--t\r\n\r\none\r\n"
                + "--t\r\nContent-Type: text/plain\r\n\r\ntwo, cut off");
        BodyPart top = parse(raw).body();
        assertEquals(2, top.parts().size());
        assertEquals("one", slice(raw, top.parts().get(0).bodyStart(), top.parts().get(0).end()));
        assertEquals("two, cut off", slice(raw, top.parts().get(1).bodyStart(), top.parts().get(1).end()));
        assertEquals(raw.length, top.end());
    }

    @Test
    void aMultipartWithoutPartsOrBoundaryIsOpaque() throws IOException {
        assertEquals("octet-stream", parse(bytes("Content-Type: multipart/mixed; boundary=z\r\n\r\nno parts\r\n")).body().subtype());
        assertEquals("application", parse(bytes("Content-Type: multipart/mixed\r\n\r\n--\r\n")).body().type());
    }

    @Test
    void bareLineFeedsAndNoEmptyLineStillGiveAStructure() throws IOException {
        byte[] raw = bytes("Subject: lf\nContent-Type: text/plain\n\nline\n");
        BodyPart body = parse(raw).body();
        assertEquals("line\n", slice(raw, body.bodyStart(), body.end()));
        assertEquals(1, body.lines());

        byte[] headerOnly = bytes("Subject: only a header");
        BodyPart empty = parse(headerOnly).body();
        assertEquals(headerOnly.length, empty.bodyStart());
        assertEquals(0, empty.size());
        assertEquals("only a header", parse(headerOnly).envelope().subject());

        BodyPart nothing = parse(new byte[0]).body();
        assertEquals(0, nothing.end());
        assertEquals(0, nothing.lines());
    }

    @Test
    void garbageNeverThrowsAndStaysInsideTheOctets() throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] raw = new byte[random.nextInt(3000)];
            random.nextBytes(raw);
            if (i % 2 == 0) { // mostly MIME-ish garbage: boundaries and headers in random order
                String[] pieces = {"--a\r\n", "--a--\r\n", "Content-Type: multipart/mixed; boundary=a\r\n", "\r\n",
                    "Content-Type: message/rfc822\r\n", "x\r\n", "--b\r\n", "Content-Type: multipart/digest; boundary=b\r\n"};
                StringBuilder text = new StringBuilder();
                for (int j = random.nextInt(60); j > 0; j--) {
                    text.append(pieces[random.nextInt(pieces.length)]);
                }
                raw = bytes(text.toString());
            }
            StructureChecks.assertWithin(parse(raw).body(), 0, raw.length);
        }
    }

    @Test
    void deepNestingAndManyPartsAreBounded() throws IOException {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            deep.append("Content-Type: multipart/mixed; boundary=n").append(i).append("\r\n\r\n--n").append(i).append("\r\n");
        }
        deep.append("\r\ninnermost\r\n");
        MessageStructure nested = parse(bytes(deep.toString()));
        assertTrue(StructureChecks.depth(nested.body()) <= StructureParser.MAX_DEPTH + 1);

        StringBuilder many = new StringBuilder("Content-Type: multipart/mixed; boundary=m\r\n\r\n");
        for (int i = 0; i < 12_000; i++) {
            many.append("--m\r\n\r\n").append(i).append("\r\n");
        }
        many.append("--m--\r\n");
        byte[] raw = bytes(many.toString());
        BodyPart top = parse(raw).body();
        assertEquals(StructureParser.MAX_PARTS - 1, top.parts().size());
        assertEquals(raw.length, top.end());
        StructureChecks.assertWithin(top, 0, raw.length);
    }

    @Test
    void aLineLongerThanWhatIsKeptDoesNotMoveOffsets() throws IOException {
        char[] longLine = new char[LineScanner.KEPT * 3];
        Arrays.fill(longLine, 'q');
        byte[] raw = bytes("X-Long: " + new String(longLine) + "\r\nContent-Type: multipart/mixed; boundary=l\r\n\r\n--l\r\n\r\n"
                + new String(longLine) + "\r\n--l--\r\n");
        BodyPart part = parse(raw).body().parts().get(0);
        assertEquals(new String(longLine), slice(raw, part.bodyStart(), part.end()));
    }

    static MessageStructure parse(byte[] raw) throws IOException {
        return StructureParser.parse(new ByteArrayInputStream(raw));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String slice(byte[] raw, long from, long to) {
        return new String(raw, (int) from, (int) (to - from), StandardCharsets.UTF_8);
    }
}
