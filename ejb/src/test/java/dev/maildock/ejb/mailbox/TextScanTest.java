package dev.maildock.ejb.mailbox;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextScanTest {

    private static boolean contains(String message, String needle) throws IOException {
        return TextScan.contains(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)), needle);
    }

    @Test
    void findsTextCaseInsensitively() throws IOException {
        assertTrue(contains("Subject: x\r\n\r\nThe Quarterly REPORT is attached\r\n", "quarterly report"));
        assertTrue(contains("Тема: отчёт\r\n\r\nГОДОВОЙ Отчёт\r\n", "годовой отчёт"));
        assertFalse(contains("Subject: x\r\n\r\nnothing here\r\n", "report"));
    }

    @Test
    void findsTextAcrossEveryWindowBoundary() throws IOException {
        String needle = "needle in a haystack";
        for (int before = 16 * 1024 - needle.length(); before <= 16 * 1024 + 2; before++) {
            String message = "x".repeat(before) + "NEEDLE in a Haystack" + "y".repeat(100);
            assertTrue(contains(message, needle), "match starting at " + before);
        }
    }

    @Test
    void multiOctetCharactersSplitBetweenReadsStillMatch() throws IOException {
        // Each "ж" is two octets in UTF-8; the odd prefix puts one across the window boundary.
        String message = "a" + "ж".repeat(16 * 1024) + "Жёлудь";
        assertTrue(contains(message, "жжёлудь"));
    }

    @Test
    void aLargeMessageWithoutTheTextIsReadToTheEnd() throws IOException {
        assertFalse(contains("z".repeat(3 * 1024 * 1024), "zzy"));
    }
}
