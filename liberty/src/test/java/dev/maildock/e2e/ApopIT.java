package dev.maildock.e2e;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.maildock.e2e.Server.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * APOP (RFC 1939 section 7) as an opt-in per account: the admin sets a separate shared secret;
 * the digest is MD5(greeting timestamp + secret); failures look like every other failed login.
 */
class ApopIT {

    private static final Pattern TIMESTAMP = Pattern.compile("\\+OK .* (<[^>]+>)$");

    private static String digest(String greeting, String secret) throws Exception {
        Matcher m = TIMESTAMP.matcher(greeting);
        assertTrue(m.matches(), greeting);
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest((m.group(1) + secret).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void apopWorksOnlyWithTheSecretTheAdminSet() throws Exception {
        String user = Mail.newAccount("apop");
        Mail.deliver(user, Mail.message(user, "apop", "body"));
        String secret = "tanstaaf-" + System.nanoTime();

        String noSecret;
        try (Pop3Client c = Pop3Client.plain()) {
            noSecret = c.command("APOP " + user + " " + digest(c.greeting, Mail.PASSWORD));
            assertEquals("-ERR [AUTH] authentication failed", noSecret, "no APOP secret: the password does not do");
        }

        assertEquals(204, admin("PUT", "/accounts/" + user + "/apop-secret", "{\"secret\":\"" + secret + "\"}").statusCode());
        try (Pop3Client c = Pop3Client.plain()) {
            assertEquals("+OK maildrop has 1 messages (" + size(user) + " octets)",
                    c.command("APOP " + user + " " + digest(c.greeting, secret)));
            c.ok("QUIT");
        }
        try (Pop3Client c = Pop3Client.plain()) {
            assertEquals(noSecret, c.command("APOP " + user + " " + digest(c.greeting, secret + "x")),
                    "a wrong digest gets the same answer as an account without a secret");
            c.ok("USER " + user);
            assertTrue(c.ok("PASS " + Mail.PASSWORD).startsWith("+OK maildrop has 1 messages"),
                    "USER/PASS still works beside APOP");
            c.ok("QUIT");
        }

        assertEquals(204, admin("DELETE", "/accounts/" + user + "/apop-secret", null).statusCode());
        try (Pop3Client c = Pop3Client.plain()) {
            assertEquals(noSecret, c.command("APOP " + user + " " + digest(c.greeting, secret)), "APOP is off again");
        }
    }

    @Test
    void theSecretIsRequired() {
        String user = Mail.newAccount("apop-api");
        for (String body : new String[] {"{}", "{\"secret\":\"\"}", "{\"secret\":null}"}) {
            HttpResponse<String> r = admin("PUT", "/accounts/" + user + "/apop-secret", body);
            assertEquals(400, r.statusCode(), body);
            assertTrue(r.body().contains("secret"), r.body());
        }
        assertEquals(404, admin("PUT", "/accounts/nobody-" + System.nanoTime() + "@e2e.test/apop-secret",
                "{\"secret\":\"s\"}").statusCode());
    }

    private static long size(String user) throws Exception {
        try (Pop3Client c = Pop3Client.login(user, Mail.PASSWORD)) {
            long size = Long.parseLong(c.ok("STAT").split(" ")[2]);
            c.ok("QUIT");
            return size;
        }
    }
}
