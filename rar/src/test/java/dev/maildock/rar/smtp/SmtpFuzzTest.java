package dev.maildock.rar.smtp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random command lines from a fixed seed: whatever a client sends, the session answers with a
 * reply and stays open (an exception on the event loop would close it).
 */
class SmtpFuzzTest {

    private static final List<String> VERBS = List.of("EHLO", "HELO", "MAIL", "RCPT", "RSET", "NOOP", "HELP", "VRFY",
            "EXPN", "AUTH", "mail from:", "rcpt to:", "MAIL FROM:", "RCPT TO:", "", "X");
    private static final String ALPHABET = "<>@:,.\"\\ =[]()aZ09-_+%!\t\u00e9\u0000\u007f";

    @TempDir
    Path spool;

    @Test
    void randomCommandsNeverBreakTheSession() {
        Random random = new Random(5321);
        SmtpSettings settings = new SmtpSettings(512, 1000, 100, 1_000_000, Integer.MAX_VALUE, Duration.ofMinutes(5),
                4096, spool, 3, Duration.ZERO, SmtpSettings.DEFAULT_MIN_DATA_RATE);
        try (SmtpConversation smtp = new SmtpConversation(ListenerMode.MX, settings, null, new InMemoryPlatform())) {
            smtp.read();
            for (int i = 0; i < 3000; i++) {
                StringBuilder line = new StringBuilder(VERBS.get(random.nextInt(VERBS.size())));
                int length = random.nextInt(40);
                for (int j = 0; j < length; j++) {
                    line.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
                String sent = line.toString();
                String reply = smtp.command(sent);
                assertTrue(reply.matches("(?s)[2-5][0-9][0-9][ -].*\r\n"), () -> sent + " -> " + reply);
                assertTrue(smtp.open(), () -> "closed after " + sent);
                if (reply.startsWith("354")) {
                    smtp.command(".");
                }
                if (reply.startsWith("334")) {
                    smtp.command("*");
                }
            }
        }
    }
}
