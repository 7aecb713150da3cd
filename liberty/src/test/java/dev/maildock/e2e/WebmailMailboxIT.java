package dev.maildock.e2e;

import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import static dev.maildock.e2e.Webmail.deliverText;
import static dev.maildock.e2e.Webmail.hasRow;
import static dev.maildock.e2e.Webmail.open;
import static dev.maildock.e2e.Webmail.openFolder;
import static dev.maildock.e2e.Webmail.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mailbox page and compose in the browser beyond the basics of {@link WebmailIT}: search,
 * multi-select, folders, paging, uploads, forward and reply-all.
 */
class WebmailMailboxIT {

    private static Browser browser;

    @BeforeAll
    static void startBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private static void signIn(String address) {
        browser.signIn(address, Accounts.PASSWORD);
        browser.await("#messageTable");
    }

    private static void search(String text, String in) {
        browser.type("#q", text);
        new Select(browser.find("#in")).selectByValue(in);
        browser.click("#searchButton");
        browser.await("#messageTable");
    }

    @Test
    void searchFindsBySubjectSenderRecipientAndText() {
        String me = Accounts.create("wm-search");
        String tag = Long.toString(System.nanoTime());
        deliverText("Quentin <quentin-" + tag + "@example.net>", me, "Harbour report " + tag, "The tide is high.");
        deliverText("Rosa <rosa@example.net>", me, "Garden " + tag, "Tomatoes are ripe " + tag + "-zucchini.");
        signIn(me);

        search("harbour", "subject");
        assertTrue(hasRow(browser, "Harbour report"));
        assertFalse(hasRow(browser, "Garden"));
        assertEquals("subject", new Select(browser.find("#in")).getFirstSelectedOption().getAttribute("value"));

        search("quentin-" + tag, "from");
        assertTrue(hasRow(browser, "Harbour report"));
        assertFalse(hasRow(browser, "Garden"));

        search(tag + "-zucchini", "body");
        assertTrue(hasRow(browser, "Garden"));
        assertFalse(hasRow(browser, "Harbour report"));
        assertEquals("body", new Select(browser.find("#in")).getFirstSelectedOption().getAttribute("value"));

        search(me, "to");
        assertTrue(hasRow(browser, "Harbour report") && hasRow(browser, "Garden"));
        search("nobody-at-all", "to");
        assertTrue(browser.find("#count").getText().startsWith("0"));
    }

    @Test
    void tickedMessagesAreMarkedFlaggedAndMoved() {
        String me = Accounts.create("wm-select");
        for (int i = 1; i <= 3; i++) {
            deliverText("s@example.net", me, "Batch " + i, "text " + i);
        }
        signIn(me);
        row(browser, "Batch 1").findElement(By.name("sel")).click();
        row(browser, "Batch 3").findElement(By.name("sel")).click();
        browser.click("#list\\:markRead");
        assertTrue(row(browser, "Batch 1").getAttribute("class").startsWith("seen"));
        assertTrue(row(browser, "Batch 2").getAttribute("class").startsWith("unseen"));
        assertTrue(row(browser, "Batch 3").getAttribute("class").startsWith("seen"));
        assertTrue(browser.find("#folderList").getText().contains("1"), "one unread left");

        row(browser, "Batch 2").findElement(By.name("sel")).click();
        browser.click("#list\\:flag");
        assertTrue(row(browser, "Batch 2").getAttribute("class").contains("flagged"));

        browser.click("#list\\:markUnread");
        assertTrue(browser.find("#messages").getText().contains("Tick at least one"), "nothing ticked is explained");

        row(browser, "Batch 2").findElement(By.name("sel")).click();
        new Select(browser.find("#target")).selectByValue("Drafts");
        browser.click("#list\\:move");
        assertFalse(hasRow(browser, "Batch 2"));
        assertTrue(browser.await("#notice").getText().contains("Drafts"));
    }

    @Test
    void foldersAreCreatedRenamedUsedAndDeleted() {
        String me = Accounts.create("wm-folders");
        deliverText("s@example.net", me, "Keep this", "x");
        signIn(me);
        browser.type("#folders\\:newFolder", "Trash");
        browser.click("#folders\\:create");
        assertFalse(browser.await("#folders\\:newFolder + .error, #folders .error").getText().isEmpty(), "a standard name is refused next to the field");

        browser.type("#folders\\:newFolder", "Projects & Plans");
        browser.click("#folders\\:create");
        assertEquals("Projects & Plans", browser.await("#folderTitle").getText());

        openFolder(browser, "INBOX");
        row(browser, "Keep this").findElement(By.name("sel")).click();
        new Select(browser.find("#target")).selectByValue("Projects & Plans");
        browser.click("#list\\:move");
        openFolder(browser, "Projects & Plans");
        assertTrue(hasRow(browser, "Keep this"));

        browser.type("#folderActions\\:renameTo", "Archive 2026");
        browser.click("#folderActions\\:rename");
        assertEquals("Archive 2026", browser.await("#folderTitle").getText());
        assertTrue(hasRow(browser, "Keep this"));

        browser.click("#folderActions\\:deleteFolder");
        browser.await("#messageTable");
        assertFalse(browser.find("#folderList").getText().contains("Archive 2026"));
    }

    @Test
    void longFoldersArePagedNewestFirst() {
        String me = Accounts.create("wm-paging");
        for (int i = 1; i <= 53; i++) {
            deliverText("s@example.net", me, String.format("Numbered %02d", i), "n");
        }
        signIn(me);
        List<WebElement> rows = browser.find("#messageTable").findElements(By.cssSelector("tbody tr"));
        assertEquals(50, rows.size());
        assertTrue(rows.get(0).getText().contains("Numbered 53"), "newest first");
        assertTrue(rows.get(49).getText().contains("Numbered 04"));
        assertEquals("1 / 2", browser.find("#pageOf").getText());
        browser.click("#list\\:older");
        rows = browser.await("#messageTable").findElements(By.cssSelector("tbody tr"));
        assertEquals(3, rows.size());
        assertTrue(rows.get(2).getText().contains("Numbered 01"));
        assertTrue(browser.present("#list\\:newer"));
    }

    @Test
    void uploadedAttachmentIsSentAndForwardKeepsIt() throws Exception {
        String me = Accounts.create("wm-upload");
        String other = Accounts.create("wm-upload-fwd");
        byte[] data = new byte[200_000];
        new Random(11).nextBytes(data);
        Path file = Files.createTempFile("maildock-upload-", ".bin");
        Path named = file.resolveSibling("plan «v2».bin");
        Files.write(named, data);
        try {
            signIn(me);
            browser.open("/mail/compose.xhtml");
            browser.type("#compose\\:to", me);
            browser.type("#compose\\:subject", "With file");
            browser.type("#compose\\:body", "see attached");
            browser.find("#compose\\:uploads").sendKeys(named.toAbsolutePath().toString());
            browser.click("#compose\\:send");
            open(browser, "With file");
            WebElement link = browser.await("#attachments a.attachment");
            assertEquals("plan «v2».bin", link.getText());

            browser.click("#actions\\:forward");
            assertEquals("Fwd: With file", browser.await("#compose\\:subject").getAttribute("value"));
            assertTrue(browser.find("#carried").getText().contains("plan «v2».bin"));
            browser.type("#compose\\:to", other);
            browser.click("#compose\\:send");
            browser.await("#messageTable");
        } finally {
            Files.deleteIfExists(named);
            Files.deleteIfExists(file);
        }
        byte[] forwarded = Pop3Client.messages(other, Accounts.PASSWORD).get(0);
        MimeMessage m = new MimeMessage(
                Session.getInstance(new Properties()), new ByteArrayInputStream(forwarded));
        Multipart mp = (Multipart) m.getContent();
        assertEquals(2, mp.getCount());
        assertEquals("plan «v2».bin", MimeUtility.decodeText(mp.getBodyPart(1).getFileName()));
        assertTrue(Arrays.equals(data, mp.getBodyPart(1).getInputStream().readAllBytes()), "attachment bytes forwarded intact");
    }

    @Test
    void tooLargeUploadIsRefusedNextToTheField() throws Exception {
        String me = Accounts.create("wm-big");
        Path big = Files.createTempFile("maildock-big-", ".bin");
        Files.write(big, new byte[11 * 1024 * 1024]);
        try {
            signIn(me);
            browser.open("/mail/compose.xhtml");
            browser.type("#compose\\:to", me);
            browser.type("#compose\\:subject", "Too big");
            browser.find("#compose\\:uploads").sendKeys(big.toAbsolutePath().toString());
            browser.click("#compose\\:send");
            assertTrue(browser.await("#compose\\:uploadsError").getText().contains("larger than"), browser.driver.getPageSource());
            assertEquals("Too big", browser.find("#compose\\:subject").getAttribute("value"));
        } finally {
            Files.deleteIfExists(big);
        }
    }

    @Test
    void replyAllCopiesTheOthersButNotMe() throws Exception {
        String me = Accounts.create("wm-all-me");
        String sender = Accounts.create("wm-all-from");
        String third = Accounts.create("wm-all-cc");
        Mail.deliver(me, Webmail.raw(sender, me + ", " + third, "Team lunch", "<all." + System.nanoTime() + "@example.net>",
                "text/plain", "Friday?"));
        signIn(me);
        open(browser, "Team lunch");
        browser.click("#actions\\:replyAll");
        assertTrue(browser.await("#compose\\:to").getAttribute("value").contains(sender));
        String cc = browser.find("#compose\\:cc").getAttribute("value");
        assertTrue(cc.contains(third), cc);
        assertFalse(cc.contains(me), cc);
        browser.click("#compose\\:send");
        browser.await("#messageTable");
        assertTrue(new String(Pop3Client.messages(third, Accounts.PASSWORD).get(0), StandardCharsets.UTF_8).contains("Re: Team lunch"));
    }
}
