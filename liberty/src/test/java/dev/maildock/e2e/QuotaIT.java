package dev.maildock.e2e;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quota enforcement against the running server: the admin API sets it, SMTP RCPT refuses a full
 * mailbox with 452 4.2.2 (an alias only when every account it reaches is full), and the webmail
 * shows the usage and refuses compose to a full mailbox next to the To field.
 */
class QuotaIT {

    @AutoClose
    private static final Browser browser = new Browser();

    private static void setQuota(String address, long bytes) {
        HttpResponse<String> r = Server.admin("PUT", "/accounts/" + address + "/quota", "{\"quotaBytes\":" + bytes + "}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"quotaBytes\":" + bytes), r.body());
    }

    /** One message over port 25 from a fresh connection: the RCPT reply, and 250 after DATA when accepted. */
    private static String rcpt(String to) throws IOException {
        try (SmtpSocket smtp = SmtpSocket.plain(Server.SMTP_PORT)) {
            SmtpSocket.expect("250", smtp.command("EHLO client.example.net"));
            SmtpSocket.expect("250", smtp.command("MAIL FROM:<" + Mail.SENDER + ">"));
            String reply = smtp.command("RCPT TO:<" + to + ">");
            if (reply.startsWith("250")) {
                SmtpSocket.expect("354", smtp.command("DATA"));
                smtp.write(new String(Mail.message(to, "quota", "x".repeat(900)), StandardCharsets.US_ASCII) + ".\r\n");
                SmtpSocket.expect("250", smtp.reply());
            }
            smtp.command("QUIT");
            return reply;
        }
    }

    @Test
    void aFullMailboxGets452AtRcptUntilTheQuotaIsRaised() throws IOException {
        String full = Mail.newAccount("quota-full");
        String roomy = Mail.newAccount("quota-roomy");
        String both = "quota-both-" + System.nanoTime() + "@" + Server.LOCAL_DOMAIN;
        assertEquals(201, Server.admin("POST", "/aliases", "{\"address\":\"" + both + "\",\"targets\":[\"" + full
                + "\",\"" + roomy + "\"]}").statusCode());
        String onlyFull = "quota-only-" + System.nanoTime() + "@" + Server.LOCAL_DOMAIN;
        Accounts.alias(onlyFull, full);

        setQuota(full, 1000);
        assertTrue(rcpt(full).startsWith("250"), "empty mailbox: accepted, soft quota lets it cross the limit");
        assertEquals("452 4.2.2 Mailbox full, try again later", rcpt(full));
        assertEquals("452 4.2.2 Mailbox full, try again later", rcpt(onlyFull), "an alias reaching only full accounts");
        assertTrue(rcpt(both).startsWith("250"), "an alias with one account with room");
        assertEquals(1, count(full), "the full account got nothing through the alias");
        assertEquals(1, count(roomy));

        setQuota(full, 10_000_000);
        assertTrue(rcpt(full).startsWith("250"), "after raising the quota");
        assertEquals(2, count(full));
        setQuota(full, 0);
        assertTrue(rcpt(full).startsWith("250"), "no quota");
    }

    @Test
    void badQuotaInputIs400NamingTheField() {
        String address = Mail.newAccount("quota-bad");
        for (String body : new String[] {"{\"quotaBytes\":-1}", "{\"quotaBytes\":1.5}", "{\"quotaBytes\":\"10\"}", "{}",
                "{\"quotaBytes\":99999999999999999999}"}) {
            HttpResponse<String> r = Server.admin("PUT", "/accounts/" + address + "/quota", body);
            assertEquals(400, r.statusCode(), body + " → " + r.body());
            assertTrue(r.body().contains("quotaBytes"), r.body());
        }
        assertEquals(404, Server.admin("PUT", "/accounts/nobody-" + System.nanoTime() + "@" + Server.LOCAL_DOMAIN
                + "/quota", "{\"quotaBytes\":1}").statusCode());
    }

    @Test
    void webmailShowsUsageAndRefusesComposeToAFullMailbox() throws IOException {
        String me = Accounts.create("quota-web");
        String full = Mail.newAccount("quota-web-full");
        setQuota(full, 1000);
        rcpt(full);
        browser.signIn(me, Accounts.PASSWORD);
        assertEquals("0 B used", browser.await("#usage").getText());

        Webmail.deliverText(Mail.SENDER, me, "Usage", "some text");
        setQuota(me, 100L * 1024 * 1024);
        browser.open("/mail/index.xhtml");
        String usage = browser.await("#usage").getText();
        assertTrue(usage.matches("\\d+ (B|KB) of 100\\.0 MB"), usage);
        browser.screenshot("mail-usage");

        browser.open("/mail/compose.xhtml");
        browser.type("#compose\\:to", full);
        browser.type("#compose\\:subject", "To a full mailbox");
        browser.click("#compose\\:send");
        String error = browser.await("#compose\\:toError").getText();
        assertTrue(error.contains("Mailbox full") && error.contains(full), error);
        assertEquals(1, count(full), "nothing more delivered");
    }

    @Test
    void theAdminPageShowsUsageAndSetsTheQuotaWithBadInputNamedAtTheField() {
        String address = Mail.newAccount("quota-admin");
        Webmail.deliverText(Mail.SENDER, address, "Counted", ("x".repeat(70) + "\n").repeat(30));
        browser.signIn("admin", Server.ADMIN_PASSWORD);
        String row = "tr[data-address='" + address + "']";
        String usage = browser.await(row).getText();
        assertTrue(usage.matches("(?s).*\\d+(\\.\\d)? KB / no limit.*"), usage);

        for (String bad : new String[] {"abc", "-1", "1.5", "99999999", ""}) {
            browser.type(row + " input[id$='newQuota']", bad);
            browser.click(row + " input[id$='setQuota']");
            String error = browser.await(row + " .error").getText();
            assertTrue(error.contains("whole number"), bad + " → " + error);
        }
        browser.screenshot("admin-quota-error");
        browser.type(row + " input[id$='newQuota']", "5");
        browser.click(row + " input[id$='setQuota']");
        assertTrue(browser.await("#notice").getText().contains(address));
        assertTrue(browser.await(row).getText().contains("/ 5.0 MB"), browser.find(row).getText());
        HttpResponse<String> r = Server.admin("GET", "/accounts/" + address, null);
        assertTrue(r.body().contains("\"quotaBytes\":" + 5 * 1024 * 1024), r.body());
    }

    /** Messages in the account's INBOX, counted over POP3 (accounts from {@link Mail#newAccount}). */
    private static int count(String address) throws IOException {
        try (Pop3Client pop = Pop3Client.login(address, Mail.PASSWORD)) {
            int n = pop.count();
            pop.command("QUIT");
            return n;
        }
    }
}
