package dev.maildock.ejb.mailbox;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MessageSummaryTest {

    private static MessageSummary parse(String message) {
        return MessageSummary.parse(message.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheListingFieldsFromTheHeaderSection() {
        MessageSummary s = parse("Return-Path: <a@example.org>\r\n"
                + "From: \"Ann Smith\" <ann@example.org>\r\n"
                + "To: bob@example.test, Carol <carol@example.test>\r\n"
                + "Cc: dave@example.test\r\n"
                + "Subject: =?UTF-8?B?0J/RgNC40LLQtdGC?=\r\n"
                + "Date: Sun, 22 Nov 2026 10:00:00 +0000\r\n"
                + "\r\n"
                + "Subject: not a header, the body\r\n");
        assertEquals("Ann Smith <ann@example.org>", s.from());
        assertEquals("Привет", s.subject());
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), s.date());
        assertEquals("<bob@example.test>, Carol <carol@example.test>, <dave@example.test>", s.recipients());
    }

    @Test
    void unfoldsFoldedFieldsAndAcceptsBareLineFeeds() {
        MessageSummary s = parse("Subject: a long\n subject\n\tfolded\nFrom: x@example.org\n\nbody\n");
        assertEquals("a long subject\tfolded", s.subject());
        assertEquals("x@example.org", s.from());
    }

    @Test
    void rawUtf8FieldsAreDecodedAsUtf8AndOtherOctetsAsLatin1() {
        assertEquals("Привет", parse("Subject: Привет\r\n\r\n").subject());
        byte[] latin1 = "Subject: caf\u00e9\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("caf\u00e9", MessageSummary.parse(latin1).subject());
    }

    @Test
    void aMessageWithoutBodyOrFinalLineEndStillHasItsFields() {
        assertEquals("last", parse("From: a@example.org\r\nSubject: last").subject());
    }

    @Test
    void theBodyIsNeverReadAsHeadersAndMissingFieldsAreNull() {
        MessageSummary s = parse("X-Other: 1\r\n\r\nSubject: body\r\nFrom: body@example.org\r\n");
        assertNull(s.subject());
        assertNull(s.from());
        assertNull(s.date());
        assertNull(s.recipients());
    }

    @Test
    void anEndlessHeaderSectionIsCutOff() {
        StringBuilder huge = new StringBuilder("Subject: first\r\n");
        while (huge.length() < MessageSummary.MAX_HEADER_SECTION * 2) {
            huge.append("X-Filler: ").append("y".repeat(80)).append("\r\n");
        }
        huge.append("From: late@example.org\r\n\r\n");
        MessageSummary s = parse(huge.toString());
        assertEquals("first", s.subject());
        assertNull(s.from());
    }
}
