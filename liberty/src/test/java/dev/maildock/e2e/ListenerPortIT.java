package dev.maildock.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A port server variable that is no number, on the running server: Liberty's metatype used to turn
 * smtp.port="abc" into port 25 without a word (the bind error then named 25). Now that listener
 * stays closed, the log names the variable and the value, and the other listeners run.
 */
class ListenerPortIT {

    /** ConfigOverride knows Maildock is back when the in-house application can log in. */
    @BeforeAll
    static void account() {
        InHouseApp.ensureAccount();
    }

    @Test
    void anInvalidSmtpPortLeavesOnlySmtpClosedAndTheLogNamesTheVariableAndValue() throws Exception {
        try (ConfigOverride invalid = ConfigOverride.invalidSmtpPort("abc")) {
            String log = invalid.logSinceApplied();
            assertTrue(log.contains("MAILDOCK0009E: The server variable smtp.port has the value \"abc\""), log);
            assertFalse(log.contains("The smtp listener is listening"), "no fallback to a default port: " + log);
            assertFalse(log.contains("MAILDOCK0003E: The smtp listener"), log);
            assertFalse(ConfigOverride.listens(Server.SMTP_PORT));
            assertTrue(greeting(Server.SUBMISSION_PORT).startsWith("220 "));
            assertTrue(greeting(Server.POP3_PORT).startsWith("+OK"));
        }
    }

    private static String greeting(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }
}
