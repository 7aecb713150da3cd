package dev.maildock.e2e;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webmail in a real headless Chromium against the running server: sign-in, reading mail that
 * arrived over SMTP, sanitized HTML, remote images, attachments, compose/send, reply threading,
 * drafts, Trash, the admin page, and CSRF. Screenshots of the main pages go to target/screenshots.
 */
class WebmailIT {

    private static Browser browser;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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

    private static String account(String prefix) {
        return Accounts.create(prefix);
    }

    private static void signIn(String address) {
        browser.signIn(address, Accounts.PASSWORD);
        browser.await("#messageTable");
    }

    private static WebElement row(String subject) {
        return Webmail.row(browser, subject);
    }

    private static boolean hasRow(String subject) {
        return Webmail.hasRow(browser, subject);
    }

    private static void openFolder(String name) {
        Webmail.openFolder(browser, name);
    }

    private static byte[] raw(String from, String to, String subject, String messageId, String contentType, String body) {
        return Webmail.raw(from, to, subject, messageId, contentType, body);
    }

    private static HttpResponse<byte[]> get(String pathOrUrl) throws Exception {
        String path = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl).getRawPath() + "?" + URI.create(pathOrUrl).getRawQuery()
                : pathOrUrl;
        return HTTP.send(browser.request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void wrongPasswordIsRefusedAndTheRightOneSignsIn() {
        String alice = account("web-login");
        browser.signIn(alice, "not the password");
        assertTrue(browser.await("#login\\:password + .error, #passwordError").getText().contains("Wrong"),
                browser.driver.getPageSource());
        assertTrue(browser.driver.getCurrentUrl().contains("login"));
        browser.screenshot("login-refused");

        signIn(alice);
        assertEquals(alice, browser.find("#caller").getText());
        browser.signOut();
        browser.open("/mail/index.xhtml");
        browser.await("#login\\:username");
        assertTrue(browser.driver.getCurrentUrl().contains("/login.xhtml"), "signed out: back to the login page");
    }

    /**
     * Failures in the webmail and over POP3 count together for the account from this address: the
     * fifth (over POP3) is answered after the lockout's growing delay (4 s), longer than POP3's own 2 s.
     * Five failures no longer lock the owner out (#22): once the delay has passed the right
     * password signs in.
     */
    @Test
    void webmailAndPop3ShareOneLockout() throws Exception {
        String quinn = account("web-lockout");
        for (int i = 1; i <= 4; i++) {
            browser.signIn(quinn, "wrong " + i);
            browser.await("#login\\:passwordError");
        }
        try (Pop3Client pop = Pop3Client.plain()) {
            pop.ok("USER " + quinn);
            long before = System.nanoTime();
            assertTrue(pop.command("PASS wrong 5").startsWith("-ERR"), "fifth failure, over POP3");
            assertTrue((System.nanoTime() - before) / 1e6 >= 3500, "the shared count delays the answer");
        }
        signIn(quinn);
        assertEquals(quinn, browser.find("#caller").getText());
        browser.signOut();
    }

    @Test
    void mailDeliveredOverSmtpAppearsUnreadAndOpens() {
        String bob = account("web-read");
        String subject = "Lunch plans " + System.nanoTime();
        Mail.deliver(bob, raw("Carol <carol@example.net>", bob, subject, "<r1." + System.nanoTime() + "@example.net>",
                "text/plain; charset=UTF-8", "Shall we meet at noon?\nCarol"));
        signIn(bob);
        WebElement row = row(subject);
        assertTrue(row.getAttribute("class").contains("unseen"));
        assertTrue(browser.find("#folderList").getText().contains("1"), "INBOX shows one unread");
        browser.screenshot("mailbox");
        browser.click(row.findElement(By.cssSelector("a.open")));
        assertEquals(subject, browser.await("#subject").getText());
        assertTrue(browser.find("#from").getText().contains("carol@example.net"));
        assertTrue(browser.find("#textPart").getText().contains("Shall we meet at noon?"));
        browser.click("#back");
        assertTrue(row(subject).getAttribute("class").contains(" seen") || row(subject).getAttribute("class").startsWith("seen"));
    }

    @Test
    void htmlMailIsSanitizedAndRunsNoScript() throws Exception {
        String dan = account("web-xss");
        String subject = "Invoice " + System.nanoTime();
        String html = "<p id=\"kept\">Dear customer</p>"
                + "<script>parent.pwned = 1; window.pwned = 1;</script>"
                + "<img src=\"x\" onerror=\"parent.pwned = 2\">"
                + "<a id=\"jslink\" href=\"javascript:parent.pwned = 3\">pay now</a>"
                + "<svg><use href=\"data:image/svg+xml,&lt;svg id='x' xmlns='http://www.w3.org/2000/svg'&gt;&lt;image href='1' onerror='parent.pwned=4'/&gt;&lt;/svg&gt;#x\"></use></svg>"
                + "<style>body { background: red } #kept { display: none }</style>"
                + "<div id=\"overlay\" style=\"position:fixed;top:0;left:0;width:100%;height:100%;background:#fff\">Log in again</div>"
                + "<iframe src=\"javascript:parent.pwned=5\"></iframe><form action=\"http://evil.example/\"><input name=\"pw\"></form>";
        Mail.deliver(dan, raw("Billing <billing@example.net>", dan, subject, "<x1." + System.nanoTime() + "@example.net>",
                "text/html; charset=UTF-8", html));
        signIn(dan);
        browser.click(row(subject).findElement(By.cssSelector("a.open")));
        WebElement frame = browser.await("#htmlPart");
        assertTrue(frame.getAttribute("sandbox").contains("allow-popups"));
        assertFalse(frame.getAttribute("sandbox").contains("allow-scripts"));
        assertFalse(frame.getAttribute("sandbox").contains("allow-same-origin"));

        // What the server sends into the frame: nothing of the payloads survives.
        HttpResponse<byte[]> body = get(frame.getAttribute("src"));
        String served = new String(body.body(), StandardCharsets.UTF_8).toLowerCase();
        for (String gone : List.of("<script", "onerror", "javascript:", "<svg", "<use", "background: red", "position",
                "<iframe", "<form", "evil.example")) {
            assertFalse(served.contains(gone), gone + " survived: " + served);
        }
        assertTrue(body.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));

        // And in the browser: the kept text shows, the overlay is not fixed, no payload ran.
        browser.driver.switchTo().frame(frame);
        // (The sanitizer drops id attributes too, so elements are found by tag and text.)
        assertEquals("Dear customer", browser.await("p").getText());
        assertEquals("Log in again", browser.find("div").getText());
        assertEquals("static", browser.find("div").getCssValue("position"));
        assertTrue(browser.driver.findElements(By.cssSelector("script, svg, style:not(head style), iframe, form")).isEmpty());
        assertTrue(browser.find("body").getText().contains("pay now"));
        assertTrue(browser.driver.findElements(By.cssSelector("a")).isEmpty(), "the javascript: link is no link any more");
        browser.driver.switchTo().defaultContent();
        Thread.sleep(1000);
        assertNull(browser.driver.executeScript("return window.pwned === undefined ? null : window.pwned;"),
                "a payload set window.pwned");
        browser.screenshot("read-html-sanitized");
    }

    @Test
    void remoteImagesAreBlockedUntilTheReaderAllowsThem() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpServer tracker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] gif = Base64.getDecoder().decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");
        tracker.createContext("/pixel.gif", exchange -> {
            hits.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "image/gif");
            exchange.sendResponseHeaders(200, gif.length);
            exchange.getResponseBody().write(gif);
            exchange.close();
        });
        tracker.start();
        try {
            String erin = account("web-img");
            String subject = "Newsletter " + System.nanoTime();
            String pixel = "http://127.0.0.1:" + tracker.getAddress().getPort() + "/pixel.gif";
            Mail.deliver(erin, raw("News <news@example.net>", erin, subject, "<n1." + System.nanoTime() + "@example.net>",
                    "text/html; charset=UTF-8", "<p>Big news</p><img id=\"pix\" src=\"" + pixel + "\" width=\"1\" height=\"1\">"));
            signIn(erin);
            browser.click(row(subject).findElement(By.cssSelector("a.open")));
            browser.await("#htmlPart");
            browser.driver.switchTo().frame(browser.find("#htmlPart"));
            browser.await("p");
            browser.driver.switchTo().defaultContent();
            Thread.sleep(1500);
            assertEquals(0, hits.get(), "the remote image was fetched before the reader allowed it");
            assertTrue(browser.find("#imagesBlocked").isDisplayed());

            browser.click("#showImages");
            browser.await("#htmlPart");
            long deadline = System.currentTimeMillis() + 15_000;
            while (hits.get() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(hits.get() > 0, "the image was not loaded after Show images");
            assertFalse(browser.present("#imagesBlocked"));
        } finally {
            tracker.stop(0);
        }
    }

    @Test
    void attachmentDownloadsByteExact() throws Exception {
        String fay = account("web-att");
        String subject = "Report " + System.nanoTime();
        byte[] data = new byte[150_000];
        new Random(7).nextBytes(data);
        String b64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(data);
        String body = "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nSee the report.\r\n"
                + "--b1\r\nContent-Type: application/pdf; name=\"q3 report.pdf\"\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"q3 report.pdf\"\r\n\r\n" + b64 + "\r\n--b1--";
        Mail.deliver(fay, raw("Gil <gil@example.net>", fay, subject, "<a1." + System.nanoTime() + "@example.net>",
                "multipart/mixed; boundary=\"b1\"", body));
        signIn(fay);
        browser.click(row(subject).findElement(By.cssSelector("a.open")));
        WebElement link = browser.await("#attachments a.attachment");
        assertEquals("q3 report.pdf", link.getText());
        browser.screenshot("read-attachment");
        HttpResponse<byte[]> download = get(link.getAttribute("href"));
        assertEquals(200, download.statusCode());
        assertArrayEquals(data, download.body());
        assertEquals("application/octet-stream", download.headers().firstValue("Content-Type").orElse(""));
        assertTrue(download.headers().firstValue("Content-Disposition").orElse("")
                .startsWith("attachment; filename=\"q3 report.pdf\""));
        assertEquals("nosniff", download.headers().firstValue("X-Content-Type-Options").orElse(""));
    }

    @Test
    void composeAndSendToSelfArrivesWithACopyInSent() {
        String gus = account("web-send");
        String subject = "Note to self " + System.nanoTime();
        signIn(gus);
        browser.click("#navCompose");
        browser.await("#compose\\:to");
        browser.type("#compose\\:to", gus);
        browser.type("#compose\\:subject", subject);
        browser.type("#compose\\:body", "Remember the milk.\nTwice.");
        browser.screenshot("compose");
        browser.click("#compose\\:send");
        browser.await("#messageTable");
        assertTrue(browser.await("#notice").getText().contains("sent"), browser.driver.getPageSource());
        browser.click(row(subject).findElement(By.cssSelector("a.open")));
        assertTrue(browser.await("#textPart").getText().contains("Remember the milk.\nTwice."), browser.find("#textPart").getText());
        openFolder("Sent");
        assertTrue(hasRow(subject), "copy in Sent");
    }

    @Test
    void badAddressAndUnknownRecipientAreShownNextToTheField() {
        String hal = account("web-bad");
        signIn(hal);
        browser.open("/mail/compose.xhtml");
        browser.type("#compose\\:to", "not an address");
        browser.type("#compose\\:subject", "x");
        browser.click("#compose\\:send");
        assertTrue(browser.await("#compose\\:toError").getText().contains("not an address"), browser.driver.getPageSource());
        browser.type("#compose\\:to", "nobody-here@" + Server.LOCAL_DOMAIN);
        browser.click("#compose\\:send");
        assertTrue(browser.await("#compose\\:toError").getText().contains("nobody-here@"));
        assertEquals("x", browser.find("#compose\\:subject").getAttribute("value"), "the form keeps what was typed");
    }

    @Test
    void replyCarriesThreadingHeadersAndQuotesTheOriginal() throws Exception {
        String ivy = account("web-reply-a");
        String jon = account("web-reply-b");
        String subject = "Budget " + System.nanoTime();
        String originalId = "<orig." + System.nanoTime() + "@example.net>";
        Mail.deliver(jon, raw("Ivy <" + ivy + ">", jon, subject, originalId + "\r\nReferences: <root@example.net>",
                "text/plain; charset=UTF-8", "Can you approve the budget?"));
        signIn(jon);
        browser.click(row(subject).findElement(By.cssSelector("a.open")));
        browser.click(browser.await("#actions\\:reply"));
        assertTrue(browser.await("#compose\\:to").getAttribute("value").contains(ivy));
        assertEquals("Re: " + subject, browser.find("#compose\\:subject").getAttribute("value"));
        assertTrue(browser.find("#compose\\:body").getAttribute("value").contains("> Can you approve the budget?"));
        browser.find("#compose\\:body").sendKeys(Keys.chord(Keys.CONTROL, Keys.HOME), "Approved.");
        browser.click("#compose\\:send");
        browser.await("#messageTable");

        List<byte[]> inIvysInbox = Pop3Client.messages(ivy, Accounts.PASSWORD);
        String reply = inIvysInbox.stream().map(b -> new String(b, StandardCharsets.UTF_8))
                .filter(m -> m.contains("Re: " + subject)).findFirst().orElseThrow(() -> new AssertionError("reply not delivered"));
        assertTrue(reply.contains("In-Reply-To: " + originalId), reply);
        assertTrue(reply.contains("References: <root@example.net> " + originalId), reply);
        assertTrue(reply.contains("Approved."), reply);
        assertTrue(reply.contains("> Can you approve the budget?"), reply);
    }

    @Test
    void draftIsSavedAndResumedAndGoneOnceSent() {
        String kim = account("web-draft");
        String subject = "Half-written " + System.nanoTime();
        signIn(kim);
        browser.open("/mail/compose.xhtml");
        browser.type("#compose\\:to", kim);
        browser.type("#compose\\:bcc", "bcc-" + kim);
        browser.type("#compose\\:subject", subject);
        browser.type("#compose\\:body", "First thoughts");
        browser.click("#compose\\:saveDraft");
        assertTrue(browser.await("#notice").getText().contains("Draft saved"));

        openFolder("Drafts");
        browser.click(row(subject).findElement(By.cssSelector("a.open")));
        assertEquals(subject, browser.await("#compose\\:subject").getAttribute("value"));
        assertTrue(browser.find("#compose\\:to").getAttribute("value").contains(kim));
        assertTrue(browser.find("#compose\\:bcc").getAttribute("value").contains("bcc-" + kim));
        assertTrue(browser.find("#compose\\:body").getAttribute("value").contains("First thoughts"));
        browser.type("#compose\\:bcc", "");
        browser.click("#compose\\:send");
        browser.await("#messageTable");
        assertTrue(hasRow(subject), "sent to self");
        openFolder("Drafts");
        assertFalse(hasRow(subject), "the draft is gone after sending");
    }

    @Test
    void deleteMovesToTrashAndEmptyTrashRemovesForGood() {
        String lea = account("web-trash");
        String subject = "Spam-ish " + System.nanoTime();
        Mail.deliver(lea, raw("x@example.net", lea, subject, "<t1." + System.nanoTime() + "@example.net>",
                "text/plain", "buy now"));
        signIn(lea);
        row(subject).findElement(By.cssSelector("input[name=sel]")).click();
        browser.click("#list\\:delete");
        browser.await("#messageTable");
        assertFalse(hasRow(subject), "gone from INBOX");
        openFolder("Trash");
        assertTrue(hasRow(subject), "in Trash");
        browser.click("#list\\:emptyTrash");
        browser.await("#messageTable");
        assertFalse(hasRow(subject), "Trash emptied");
        assertTrue(browser.find("#count").getText().startsWith("0"));
    }

    @Test
    void adminCreatesAnAccountThatCanThenSignIn() {
        browser.signIn("admin", Server.ADMIN_PASSWORD);
        browser.await("#accountForm\\:address");
        String address = "web-admin-made-" + System.nanoTime() + "@" + Server.LOCAL_DOMAIN;
        browser.type("#accountForm\\:address", "bad address");
        browser.type("#accountForm\\:password", "pw");
        browser.click("#accountForm\\:createAccount");
        assertFalse(browser.await("#accountForm\\:addressError").getText().isEmpty(), "bad address explained next to the field");

        browser.type("#accountForm\\:address", address);
        browser.type("#accountForm\\:displayName", "Made By Admin");
        browser.type("#accountForm\\:password", "fresh password 1");
        browser.type("#accountForm\\:quota", "50");
        browser.click("#accountForm\\:createAccount");
        assertTrue(browser.await("#notice").getText().contains(address));
        assertTrue(browser.find("#accountTable").getText().contains("50.0 MB"), browser.find("#accountTable").getText());
        browser.screenshot("admin");
        browser.signOut();

        browser.signIn(address, "fresh password 1");
        assertEquals(address, browser.await("#caller").getText());
        browser.await("#messageTable");
    }

    /** Until forwarding exists, the admin page refuses an alias with targets on other servers, naming them. */
    @Test
    void adminIsToldWhichAliasTargetsAreOnOtherServers() {
        String local = account("web-alias-target");
        String alias = "web-alias-" + System.nanoTime() + "@" + Server.LOCAL_DOMAIN;
        browser.signIn("admin", Server.ADMIN_PASSWORD);
        browser.await("#aliasForm\\:aliasAddress");
        browser.type("#aliasForm\\:aliasAddress", alias);
        browser.type("#aliasForm\\:aliasTargets", local + ", partner@elsewhere.example");
        browser.click("#aliasForm\\:createAlias");
        String error = browser.await("#aliasForm\\:aliasError").getText();
        assertTrue(error.contains("partner@elsewhere.example") && !error.contains(local), error);
        assertFalse(browser.find("#aliasList").getText().contains(alias), "no alias was made");

        browser.type("#aliasForm\\:aliasAddress", alias);
        browser.type("#aliasForm\\:aliasTargets", local);
        browser.click("#aliasForm\\:createAlias");
        assertTrue(browser.await("#notice").getText().contains(alias));
        assertTrue(browser.find("#aliasList").getText().contains(alias));
    }

    @Test
    void adminResetsAPasswordAndDisablesTheAccount() {
        String pia = account("web-admin-reset");
        browser.signIn("admin", Server.ADMIN_PASSWORD);
        WebElement row = browser.await("tr[data-address='" + pia + "']");
        row.findElement(By.cssSelector("input[type=password]")).sendKeys("brand new pw");
        browser.click(row.findElement(By.cssSelector("input[id$='reset']")));
        assertTrue(browser.await("#notice").getText().contains(pia));
        browser.signOut();
        browser.signIn(pia, "brand new pw");
        assertEquals(pia, browser.await("#caller").getText());
        browser.signOut();

        browser.signIn("admin", Server.ADMIN_PASSWORD);
        browser.click(browser.await("tr[data-address='" + pia + "']").findElement(By.cssSelector("input[id$='toggle']")));
        assertTrue(browser.await("tr[data-address='" + pia + "']").getText().contains("disabled"));
        browser.signOut();
        browser.signIn(pia, "brand new pw");
        assertTrue(browser.await("#login\\:passwordError").getText().contains("Wrong"), "a disabled account cannot sign in");
    }

    @Test
    void aUserCannotOpenTheAdminPages() throws Exception {
        String mo = account("web-notadmin");
        signIn(mo);
        HttpResponse<byte[]> r = get("/admin/index.xhtml");
        assertEquals(403, r.statusCode());
        assertFalse(new String(r.body(), StandardCharsets.UTF_8).contains("Exception"));
    }

    @Test
    void forgedPostWithoutViewStateIsRefused() throws Exception {
        String ned = account("web-csrf");
        String subject = "Keep me " + System.nanoTime();
        Mail.deliver(ned, raw("x@example.net", ned, subject, "<c1." + System.nanoTime() + "@example.net>", "text/plain", "hi"));
        signIn(ned);
        String uid = row(subject).getAttribute("data-uid");

        // What a page on another site could make the browser send: the delete button's fields, no view state.
        // (MyFaces recognises a submitted form by its FORMID_SUBMIT field.)
        String form = "list_SUBMIT=1&folder=INBOX&sel=" + uid + "&list%3Adelete=Delete";
        HttpResponse<String> forged = HTTP.send(browser.request("/mail/index.xhtml")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> guessed = HTTP.send(browser.request("/mail/index.xhtml")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form + "&jakarta.faces.ViewState=NmUyMTAxOTU1YzAzZDQ5NzAwMDAwMDAy")).build(),
                HttpResponse.BodyHandlers.ofString());
        // A view state that does not restore: the page again by GET, with a note, never an error page.
        assertEquals(302, guessed.statusCode(), guessed.body());
        assertTrue(guessed.headers().firstValue("Location").orElse("").endsWith("/mail/index.xhtml"), guessed.headers().toString());
        browser.open("/mail/index.xhtml");
        assertTrue(hasRow(subject), "the forged POSTs deleted nothing (" + forged.statusCode() + ", " + guessed.statusCode() + ")");
        assertTrue(browser.await("#notice").getText().contains("nothing was done"), browser.driver.getPageSource());
    }

    @Test
    void lineBreaksInAHeaderFieldAreRefusedOnTheForm() throws Exception {
        String oz = account("web-crlf");
        signIn(oz);
        // A browser strips line breaks from text inputs, so this request is made by hand with a
        // valid view state taken from the page, as a script on the client could.
        HttpResponse<String> page = HTTP.send(browser.request("/mail/compose.xhtml").GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(m.find(), page.body());
        String boundary = "----maildock" + System.nanoTime();
        StringBuilder b = new StringBuilder();
        for (String[] f : new String[][] {{"compose_SUBMIT", "1"}, {"compose:to", oz}, {"compose:cc", ""}, {"compose:bcc", ""},
                {"compose:subject", "Hello\r\nBcc: victim@example.net"}, {"compose:body", "x"},
                {"compose:send", "Send"}, {"jakarta.faces.ViewState", m.group(1)}}) {
            b.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(f[0])
                    .append("\"\r\n\r\n").append(f[1]).append("\r\n");
        }
        b.append("--").append(boundary).append("--\r\n");
        HttpResponse<String> answer = HTTP.send(browser.request("/mail/compose.xhtml")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(b.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("id=\"compose:subjectError\"") && answer.body().contains("Line breaks are not allowed"),
                answer.body());
    }

    @Test
    void cookiesAndSecurityHeaders() throws Exception {
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(Browser.url("/login.xhtml"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode());
        String csp = login.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("DENY", login.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals("nosniff", login.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("no-referrer", login.headers().firstValue("Referrer-Policy").orElse(""));
        String cookie = String.join("\n", login.headers().allValues("Set-Cookie"));
        assertTrue(cookie.contains("JSESSIONID"), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);

        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(Browser.url("/mail/index.xhtml"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("Location").orElse("").endsWith("/login.xhtml"));
    }

    /** Every browser asks for /favicon.ico unprompted: it gets an icon, not a 404 (and an FFDC in the log). */
    @Test
    void theFaviconEveryBrowserAsksForIsAnIcon() throws Exception {
        HttpResponse<byte[]> icon = HTTP.send(HttpRequest.newBuilder(URI.create(Browser.url("/favicon.ico"))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, icon.statusCode());
        assertTrue(icon.headers().firstValue("Content-Type").orElse("").startsWith("image/"), icon.headers().toString());
        assertArrayEquals(new byte[] {0, 0, 1, 0}, Arrays.copyOf(icon.body(), 4), "an ICO file's header");
    }

    @Test
    void russianBrowsersGetRussianTexts() throws Exception {
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(Browser.url("/login.xhtml")))
                .header("Accept-Language", "ru-RU,ru;q=0.9").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(login.body().contains("Войти"), login.body());
        HttpResponse<String> english = HTTP.send(HttpRequest.newBuilder(URI.create(Browser.url("/login.xhtml")))
                .header("Accept-Language", "en").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(english.body().contains("Sign in"));
        assertNotEquals(login.body(), english.body());
    }

    @Test
    void unknownFolderAndMessageAreExplainedNotCrashed() {
        String pat = account("web-unknown");
        signIn(pat);
        browser.open("/mail/index.xhtml?folder=Nope%3Cscript%3E");
        assertTrue(browser.await("#messages").getText().contains("There is no folder Nope<script>"));
        browser.open("/mail/read.xhtml?folder=INBOX&uid=999999");
        assertTrue(browser.await("#messages").getText().contains("not there"));
        browser.open("/mail/read.xhtml?folder=INBOX&uid=abc");
        assertTrue(browser.await("#messages").getText().contains("not there"));
        browser.phoneWidth(true);
        browser.open("/mail/index.xhtml");
        browser.await("#messageTable");
        browser.screenshot("mailbox-phone");
        browser.phoneWidth(false);
    }
}
