package dev.maildock.ejb.mailbox;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the header summary read from every stored message (docs/fuzzing.md):
 * any octets give a summary, never an exception; its fields stay within their column sizes; and
 * nothing after the header section changes it.
 */
class MessageSummaryFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void summarisesAnyHeaderSectionAndIgnoresTheBody(FuzzedDataProvider data) {
        byte[] header = data.consumeBytes(data.consumeInt(0, 4096));
        byte[] body = data.consumeRemainingAsBytes();
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(header);
        message.writeBytes(new byte[] {'\r', '\n', '\r', '\n'});
        MessageSummary headersOnly = MessageSummary.parse(message.toByteArray());
        message.writeBytes(body);
        MessageSummary whole = MessageSummary.parse(message.toByteArray());

        assertEquals(headersOnly, whole, "the body never changes the summary");
        assertTrue(whole.from() == null || whole.from().length() <= 320);
        assertTrue(whole.subject() == null || whole.subject().length() <= 998);
        assertTrue(whole.recipients() == null || whole.recipients().length() <= 2000);
    }
}
