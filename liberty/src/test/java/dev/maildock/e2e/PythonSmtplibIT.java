package dev.maildock.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Python's smtplib as an outside client (src/test/python/smtp_send.py), then the mailbox through POP3. */
class PythonSmtplibIT {

    private static final Path SCRIPT = Path.of("src/test/python/smtp_send.py");

    private record Run(int exit, String output) {
    }

    private static Run python(String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(SCRIPT), "script at " + SCRIPT.toAbsolutePath());
        List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python3 did not finish in 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("python3 smtp_send.py " + String.join(" ", args) + " ->\n" + out);
        return new Run(p.exitValue(), out);
    }

    private static void assertDelivered(String account, String subject, String with) throws IOException {
        List<byte[]> messages = Pop3Client.messages(account, Accounts.PASSWORD);
        assertEquals(1, messages.size());
        String stored = new String(messages.get(0), StandardCharsets.US_ASCII);
        assertTrue(stored.contains("\r\nSubject: " + subject + "\r\n"), stored);
        assertTrue(stored.contains("Received: from python.e2e.test ([127.0.0.1])"), stored);
        assertTrue(stored.contains(" with " + with + " id "), stored);
        assertTrue(stored.endsWith("\r\nSent by Python smtplib.\r\n"), stored);
    }

    @Test
    void plainSendOnPort25() throws Exception {
        String to = Accounts.create("py-plain");
        String subject = "py-plain-" + System.nanoTime();
        Run run = python(String.valueOf(Server.SMTP_PORT), "plain", "py@remote.example", to, subject);
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("REFUSED {}"), run.output());
        assertTrue(run.output().contains("8bitmime") && run.output().contains("pipelining")
                && run.output().contains("starttls") && run.output().contains("size"), run.output());
        assertTrue(!run.output().contains(" auth"), "no AUTH offered before TLS: " + run.output());
        assertTrue(run.output().contains("SENT " + subject), run.output());
        assertDelivered(to, subject, "ESMTP");
    }

    @Test
    void startTlsAndLoginOnPort587() throws Exception {
        String user = Accounts.create("py-sub");
        String to = Accounts.create("py-sub-rcpt");
        String subject = "py-587-" + System.nanoTime();
        Run run = python(String.valueOf(Server.SUBMISSION_PORT), "starttls", user, to, subject, user, Accounts.PASSWORD);
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("AUTH PLAIN LOGIN"), run.output());
        assertTrue(run.output().contains("REFUSED {}"), run.output());
        assertTrue(run.output().contains("SENT " + subject), run.output());
        assertDelivered(to, subject, "ESMTPSA");
    }

    @Test
    void aWrongPasswordMakesSmtplibFail() throws Exception {
        String user = Accounts.create("py-bad");
        Run run = python(String.valueOf(Server.SUBMISSION_PORT), "starttls", user, user, "never-" + System.nanoTime(),
                user, "not the password");
        assertTrue(run.exit() != 0, run.output());
        assertTrue(run.output().contains("SMTPAuthenticationError") && run.output().contains("535"), run.output());
    }
}
