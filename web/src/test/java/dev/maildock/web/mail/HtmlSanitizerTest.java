package dev.maildock.web.mail;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server-side HTML sanitizing; the browser test (WebmailSecurityIT) shows the same payloads run nothing. */
class HtmlSanitizerTest {

    private static String clean(String html) {
        return HtmlSanitizer.sanitize(html, false).html().toLowerCase();
    }

    @Test
    void scriptsAndHandlersAreRemoved() {
        String out = clean("<p>hi</p><script>window.pwned=1</script><img src=x onerror=\"window.pwned=1\">"
                + "<body onload=alert(1)><a href=\"javascript:window.pwned=1\">x</a>");
        assertFalse(out.contains("script"), out);
        assertFalse(out.contains("onerror"), out);
        assertFalse(out.contains("onload"), out);
        assertFalse(out.contains("javascript"), out);
        assertTrue(out.contains("<p>hi</p>"), out);
    }

    @Test
    void svgStyleAndFixedPositionAreRemoved() {
        String out = clean("<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'>"
                + "<image href='1' onerror='window.pwned=1'/></svg>#x\"></use></svg>"
                + "<style>body{background:red}</style><div style=\"position:fixed;top:0;left:0;color:red\">over</div>");
        assertFalse(out.contains("<svg"), out);
        assertFalse(out.contains("<use"), out);
        assertFalse(out.contains("<style"), out);
        assertFalse(out.contains("position"), out);
        assertTrue(out.contains("color:red"), out);
    }

    @Test
    void remoteImagesAreHeldBackUntilAllowed() {
        String html = "<img src=\"https://tracker.example/p.png\" alt=\"logo\">";
        HtmlSanitizer.Result blocked = HtmlSanitizer.sanitize(html, false);
        assertTrue(blocked.imagesBlocked());
        assertFalse(blocked.html().contains("tracker.example"), blocked.html());
        HtmlSanitizer.Result shown = HtmlSanitizer.sanitize(html, true);
        assertFalse(shown.imagesBlocked());
        assertTrue(shown.html().contains("src=\"https://tracker.example/p.png\""), shown.html());
    }

    @Test
    void onlyRemoteImagesCountAsBlocked() {
        assertTrue(HtmlSanitizer.hasRemoteImages("<p>x</p><img src=\"http://t.example/a.gif\">"));
        assertFalse(HtmlSanitizer.hasRemoteImages("<img src=\"x\" onerror=\"y()\"><img src=\"cid:part1\">"));
    }

    @Test
    void linksKeepHttpAndMailto() {
        String out = clean("<a href=\"https://example.org/\">a</a><a href=\"mailto:x@example.org\">b</a>");
        assertTrue(out.contains("href=\"https://example.org/\""), out);
        assertTrue(out.contains("href=\"mailto:x&#64;example.org\""), out);
    }

    @Test
    void contentDispositionCannotBreakOut() {
        String header = AttachmentServlet.contentDisposition("evil\"; x=1\r\nSet-Cookie: a=b;.html");
        assertFalse(header.contains("\r") || header.contains("\n"), header);
        assertEquals("attachment; filename=\"evil__ x=1__Set-Cookie: a=b_.html\"; "
                + "filename*=UTF-8''evil%22%3B%20x%3D1%0D%0ASet-Cookie%3A%20a%3Db%3B.html", header);
    }
}
