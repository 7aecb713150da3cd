package dev.maildock.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** What the webmail tests share: test messages, and finding things on the mailbox page. */
final class Webmail {

    private Webmail() {
    }

    /** A message with the given headers and body (LF or CRLF in, CRLF out). */
    static byte[] raw(String from, String to, String subject, String messageId, String contentType, String body) {
        String m = "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
                + "\r\nDate: Sun, 22 Nov 2026 08:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: " + contentType
                + "\r\n\r\n" + body.replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n";
        return m.getBytes(StandardCharsets.UTF_8);
    }

    /** A plain text message from {@code from} to {@code to}, delivered over SMTP. */
    static void deliverText(String from, String to, String subject, String text) {
        Mail.deliver(to, raw(from, to, subject, "<" + System.nanoTime() + ".wm@example.net>", "text/plain; charset=UTF-8", text));
    }

    static WebElement row(Browser browser, String subject) {
        return browser.await("#messageTable").findElements(By.cssSelector("tbody tr")).stream()
                .filter(r -> r.findElement(By.cssSelector(".subject")).getText().contains(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no row with subject " + subject + " in\n" + browser.find("#messageTable").getText()));
    }

    static boolean hasRow(Browser browser, String subject) {
        return browser.await("#messageTable").getText().contains(subject);
    }

    static void openFolder(Browser browser, String name) {
        browser.open("/mail/index.xhtml?folder=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
        browser.await("#messageTable");
    }

    static void open(Browser browser, String subject) {
        browser.click(row(browser, subject).findElement(By.cssSelector("a.open")));
        browser.await("#subject");
    }
}
