package dev.maildock.e2e;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webmail in a real Chromium, beyond {@link WebmailIT}: operated with the keyboard alone, a
 * session ended by the administrator (disable, password reset), and the admin page's outbound
 * queue section.
 */
class WebmailAccessIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @AutoClose
    private static final Browser browser = new Browser();

    @BeforeAll
    static void startDns() {
        TestDns.start();
    }

    // ---- keyboard ----

    private WebElement focused() {
        return browser.driver.switchTo().activeElement();
    }

    /** Presses Tab until the focused element passes the test (at most 80 times); asserts a visible focus ring. */
    private WebElement tabTo(String what, Predicate<WebElement> wanted) {
        for (int i = 0; i < 80; i++) {
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
            WebElement e = focused();
            if (wanted.test(e)) {
                assertNotEquals("none", e.getCssValue("outline-style"), what + " shows where the focus is");
                return e;
            }
        }
        throw new AssertionError("Tab never reached " + what + " on " + browser.driver.getCurrentUrl());
    }

    private static Predicate<WebElement> id(String id) {
        return e -> id.equals(e.getAttribute("id"));
    }

    /** Presses a key on the focused element and waits for the page it loads. */
    private void pressAndWaitForNewPage(CharSequence key) {
        WebElement page = browser.driver.findElement(By.tagName("html"));
        new Actions(browser.driver).sendKeys(key).perform();
        new WebDriverWait(browser.driver, WAIT).until(d -> {
            try {
                page.getTagName();
                return false;
            } catch (WebDriverException gone) {
                return true;
            }
        });
    }

    @Test
    void signInReadAndComposeWithTheKeyboardAlone() {
        String me = Accounts.create("web-keyboard");
        Webmail.deliverText(Mail.SENDER, me, "Keyboard first", "Read me without a mouse.");
        browser.driver.manage().deleteAllCookies();
        browser.open("/login.xhtml");

        tabTo("the user name field", id("login:username")).sendKeys(me);
        tabTo("the password field", id("login:password")).sendKeys(Accounts.PASSWORD);
        pressAndWaitForNewPage(Keys.ENTER);
        browser.await("#messageTable");
        assertEquals(me, browser.find("#caller").getText());

        // The skip link is the first stop and takes the focus to the content.
        browser.open("/mail/index.xhtml");
        WebElement skip = tabTo("the skip link", e -> "skip".equals(e.getAttribute("class")));
        assertTrue(skip.isDisplayed(), "the skip link shows when focused");

        WebElement open = tabTo("the first message's link", e -> e.getAttribute("class") != null
                && e.getAttribute("class").contains("open") && e.getText().contains("Keyboard first"));
        assertEquals("a", open.getTagName());
        pressAndWaitForNewPage(Keys.ENTER);
        assertEquals("Keyboard first", browser.await("#subject").getText());
        assertTrue(browser.find("#textPart").getText().contains("Read me without a mouse."));

        // The read view's actions are real links and buttons in the tab order.
        tabTo("Reply", id("actions:reply"));
        tabTo("Mark unread", id("actions:markUnread"));
        browser.screenshot("keyboard-read");

        browser.driver.navigate().refresh();
        browser.await("#subject");
        tabTo("Back to the folder", id("back"));
        pressAndWaitForNewPage(Keys.ENTER);
        browser.await("#messageTable");
        assertTrue(Webmail.row(browser, "Keyboard first").getAttribute("class").startsWith("seen"), "read now");

        // A checkbox is ticked with Space.
        WebElement box = tabTo("the message's tick box", e -> "checkbox".equals(e.getAttribute("type")));
        new Actions(browser.driver).sendKeys(Keys.SPACE).perform();
        assertTrue(box.isSelected(), "Space ticks the box");

        browser.open("/mail/index.xhtml");
        tabTo("Compose", id("navCompose"));
        pressAndWaitForNewPage(Keys.ENTER);
        WebElement to = tabTo("the To field", id("compose:to"));
        assertEquals("compose:to", browser.driver.findElement(By.cssSelector("label[for='compose:to']")).getAttribute("for"));
        to.sendKeys(me);
        tabTo("the subject field", id("compose:subject")).sendKeys("Typed, not clicked");
        tabTo("the text field", id("compose:body")).sendKeys("Sent with the keyboard.");
        tabTo("Send", id("compose:send"));
        pressAndWaitForNewPage(Keys.ENTER);
        assertTrue(browser.await("#notice").getText().contains("sent"), browser.driver.getPageSource());
        browser.open("/mail/index.xhtml");
        assertTrue(Webmail.hasRow(browser, "Typed, not clicked"));
    }

    // ---- sessions ended by the administrator ----

    /** A new account, signed in to the webmail in the browser. */
    private static String signedIn(String prefix) {
        String me = Accounts.create(prefix);
        browser.signIn(me, Accounts.PASSWORD);
        browser.await("#messageTable");
        return me;
    }

    @Test
    void disablingAnAccountEndsItsWebmailSessionOnTheNextRequest() {
        String me = signedIn("web-disabled");

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
        String me = signedIn("web-reset");

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
        String me = signedIn("web-toggle");

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
        new Actions(browser.driver).scrollToElement(browser.find("#queueTable")).perform();
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

    // ---- phone width ----

    /** Asserts the page does not scroll sideways; else names the elements that stick out. */
    private void assertFitsThePhone(String what) {
        long overflow = (Long) browser.driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        if (overflow > 0) {
            throw new AssertionError(what + " is " + overflow + " px wider than the phone: " + browser.driver.executeScript(
                    "const w = document.documentElement.clientWidth; return Array.from(document.querySelectorAll('body *'))"
                    + ".filter(e => e.getBoundingClientRect().right > w + 1)"
                    + ".map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
                    + ".join(' | ');"));
        }
    }

    /**
     * At a phone's width no page scrolls sideways as a whole (wide tables scroll inside their
     * section). Run after the other webmail tests, the admin page's many accounts once pushed its
     * visually hidden labels (absolutely positioned, so not clipped by the section) past the edge.
     */
    @Test
    void thePagesFitAPhoneWidth() {
        signedIn("web-phone");
        browser.phoneWidth(true);
        try {
            for (String page : new String[] {"/mail/index.xhtml", "/mail/compose.xhtml"}) {
                browser.open(page);
                browser.await("#main");
                assertFitsThePhone(page);
            }
            browser.signIn("admin", Server.ADMIN_PASSWORD);
            browser.await("#accountTable");
            browser.screenshot("admin-phone");
            assertFitsThePhone("the admin page");
            browser.signOut();
            browser.open("/login.xhtml");
            assertFitsThePhone("the login page");
        } finally {
            browser.phoneWidth(false);
        }
    }
}
