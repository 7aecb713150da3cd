package dev.maildock.e2e;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webmail in a real Chromium, beyond {@link WebmailIT}: a session ended by the administrator
 * (disable, password reset), and the admin page's outbound queue section.
 */
class WebmailAccessIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @AutoClose
    private static final Browser browser = new Browser();

    @BeforeAll
    static void startDns() {
        TestDns.start();
    }

    // ---- sessions ended by the administrator ----

    @Test
    void disablingAnAccountEndsItsWebmailSessionOnTheNextRequest() {
        String me = Accounts.create("web-disabled");
        browser.signIn(me, Accounts.PASSWORD);
        browser.await("#messageTable");

        HttpResponse<String> r = Server.admin("PUT", "/accounts/" + me + "/enabled", "{\"enabled\":false}");
        assertEquals(200, r.statusCode(), r.body());
        browser.click("#list\\:markRead");
        String ended = browser.await("#sessionEnded").getText();
        assertTrue(ended.contains("disabled"), ended);
        assertTrue(browser.driver.getCurrentUrl().contains("/login.xhtml"), browser.driver.getCurrentUrl());
        browser.screenshot("session-ended");
        browser.open("/mail/index.xhtml");
        browser.await("#login\\:username");
        assertFalse(browser.present("#sessionEnded"), "said once; the session is gone");

        browser.signIn(me, Accounts.PASSWORD);
        assertTrue(browser.await("#login\\:passwordError").getText().length() > 0, "a disabled account cannot sign in");

        assertEquals(200, Server.admin("PUT", "/accounts/" + me + "/enabled", "{\"enabled\":true}").statusCode());
        browser.signIn(me, Accounts.PASSWORD);
        browser.await("#messageTable");
        browser.open("/mail/compose.xhtml");
        browser.await("#compose\\:to");
        assertFalse(browser.present("#sessionEnded"), "enabled again: the new session goes on");
    }

    /** Signs in as admin in the same browser and hands back the user's session cookie to put back after. */
    private Cookie asAdmin() {
        Cookie user = browser.driver.manage().getCookieNamed("JSESSIONID");
        browser.signIn("admin", Server.ADMIN_PASSWORD);
        browser.await("#accountTable");
        return user;
    }

    private void backAs(Cookie user) {
        browser.driver.manage().deleteAllCookies();
        browser.driver.manage().addCookie(user);
    }

    @Test
    void aPasswordResetOnTheAdminPageEndsTheSessionToo() {
        String me = Accounts.create("web-reset");
        browser.signIn(me, Accounts.PASSWORD);
        browser.await("#messageTable");

        Cookie mine = asAdmin();
        String row = "tr[data-address='" + me + "']";
        browser.type(row + " input[id$='newPassword']", "");
        browser.click(row + " input[id$='reset']");
        String error = browser.await(row + " .error").getText();
        assertTrue(error.contains("password"), "an empty password is refused next to the field: " + error);
        browser.type(row + " input[id$='newPassword']", "a new one");
        browser.click(row + " input[id$='reset']");
        assertTrue(browser.await("#notice").getText().contains(me));

        backAs(mine);
        browser.open("/mail/index.xhtml");
        String ended = browser.await("#sessionEnded").getText();
        assertTrue(ended.contains("password"), ended);

        browser.signIn(me, "a new one");
        browser.await("#messageTable");
        browser.open("/mail/index.xhtml?folder=Sent");
        browser.await("#messageTable");
        assertFalse(browser.present("#sessionEnded"));
    }

    @Test
    void disablingOnTheAdminPageEndsTheSession() {
        String me = Accounts.create("web-toggle");
        browser.signIn(me, Accounts.PASSWORD);
        browser.await("#messageTable");

        Cookie mine = asAdmin();
        browser.click("tr[data-address='" + me + "'] input[id$='toggle']");
        assertTrue(browser.await("tr[data-address='" + me + "']").getText().contains("disabled"));

        backAs(mine);
        browser.open("/mail/compose.xhtml");
        assertTrue(browser.await("#sessionEnded").getText().contains("disabled"));
    }

    // ---- admin: outbound queue ----

    /** A message for a remote domain whose only MX refuses connections: it waits in the queue. */
    private static long queueWaiting(String sender, String subject) throws Exception {
        String domain = Outbound.domain("adminq");
        Outbound.mxOn(domain, Outbound.nextHost());
        String to = "ivan@" + domain;
        Outbound.submit(sender, sender, Outbound.message(sender, to, subject), to);
        List<JsonObject> entries = Outbound.queueEntriesFor(to);
        assertEquals(1, entries.size(), entries.toString());
        return entries.get(0).getJsonNumber("id").longValue();
    }

    private WebElement queueRow(long id) {
        return browser.await("tr[data-queue-id='" + id + "']");
    }

    @Test
    void theAdminSeesRetriesAndDeletesQueueEntries() throws Exception {
        String sender = Accounts.create("web-queue");
        long kept = queueWaiting(sender, "queue-kept");
        long quiet = queueWaiting(sender, "queue-quiet");
        long told = queueWaiting(sender, "queue-told");

        browser.signIn("admin", Server.ADMIN_PASSWORD);
        browser.await("#queueTable");
        WebElement row = queueRow(kept);
        assertTrue(row.findElement(By.cssSelector(".sender")).getText().contains(sender), row.getText());
        WebElement recipient = row.findElement(By.cssSelector(".recipients li"));
        assertTrue(recipient.getText().contains("QUEUED"), recipient.getText());
        assertTrue(recipient.getAttribute("data-address").startsWith("ivan@adminq-"), recipient.getText());
        browser.screenshot("admin-queue");

        browser.click(queueRow(kept).findElement(By.cssSelector("input[id$='retry']")));
        assertTrue(browser.await("#notice").getText().contains(String.valueOf(kept)), browser.find("#notice").getText());
        assertTrue(browser.present("tr[data-queue-id='" + kept + "']"), "retried, still waiting");

        browser.click(queueRow(quiet).findElement(By.cssSelector("input[id$='deleteQueued']")));
        assertTrue(browser.await("#notice").getText().contains("deleted"), browser.find("#notice").getText());
        assertFalse(browser.present("tr[data-queue-id='" + quiet + "']"), "gone from the page");
        assertEquals(404, Server.admin("GET", "/queue/" + quiet, null).statusCode(), "gone from the queue");

        queueRow(told).findElement(By.cssSelector("input[name='dsn']")).click();
        browser.click(queueRow(told).findElement(By.cssSelector("input[id$='deleteQueued']")));
        assertTrue(browser.await("#notice").getText().contains("sender is told"), browser.find("#notice").getText());
        assertFalse(browser.present("tr[data-queue-id='" + told + "']"));
        Outbound.Dsn dsn = Outbound.Dsn.parse(Outbound.inbox(sender, 1, WAIT).get(0));
        assertTrue(dsn.headers().contains("queue-told"), dsn.headers());
        assertEquals(1, Outbound.inbox(sender, 1, Duration.ZERO).size(), "no DSN for the entry deleted quietly");

        assertEquals(204, Server.admin("DELETE", "/queue/" + kept, null).statusCode());
    }
}
