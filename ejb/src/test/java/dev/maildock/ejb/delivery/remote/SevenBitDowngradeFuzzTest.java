package dev.maildock.ejb.delivery.remote;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.mail.MessagingException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the 7-bit downgrade for hosts without 8BITMIME (docs/fuzzing.md): any
 * message is sent unchanged only when it is 7-bit, converted into nothing but 7-bit octets, refused,
 * or fails with MessagingException; no other exception, and its temporary files go with close().
 */
class SevenBitDowngradeFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void givesSevenBitOrRefusesAnyMessage(byte[] raw) throws IOException {
        Path converted = null;
        try (SevenBitDowngrade downgrade = new SevenBitDowngrade(out -> out.write(raw))) {
            SevenBitDowngrade.Form form = downgrade.form();
            if (form instanceof SevenBitDowngrade.Unchanged) {
                assertTrue(sevenBit(raw), "only a 7-bit message goes unchanged");
            } else if (form instanceof SevenBitDowngrade.Converted c) {
                converted = c.file();
                assertTrue(sevenBit(Files.readAllBytes(c.file())), "the converted form is 7-bit");
            } else {
                assertFalse(sevenBit(raw), "a 7-bit message needs no refusal");
            }
        } catch (MessagingException e) {
            return; // documented: a message that cannot be parsed
        }
        if (converted != null) {
            assertFalse(Files.exists(converted), "close() deletes the converted form");
        }
    }

    private static boolean sevenBit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
