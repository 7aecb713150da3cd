package dev.maildock.e2e;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webmail in a real Chromium, beyond {@link WebmailIT}: the admin page's outbound queue
 * section.
 */
class WebmailAccessIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @AutoClose
    private static final Browser browser = new Browser();

    @BeforeAll
    static void startDns() {
        TestDns.start();
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
