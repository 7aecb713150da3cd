package dev.maildock.web.mail;

import org.owasp.html.AttributePolicy;
import org.owasp.html.HtmlChangeListener;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Makes an HTML mail part safe to show: OWASP java-html-sanitizer with an allow-list of
 * formatting, blocks, tables, links (http, https, mailto) and a safe subset of inline CSS (no
 * {@code position}, no {@code url()}). Scripts, event handlers, {@code javascript:} URLs, forms,
 * SVG, {@code <style>} and {@code <base>} never survive. Remote images are dropped unless the reader
 * asked for them, so opening a mail does not tell the sender it was read.
 */
public final class HtmlSanitizer {

    /** The sanitized HTML and whether remote images were held back. */
    public record Result(String html, boolean imagesBlocked) {
    }

    private static final Pattern REMOTE = Pattern.compile("^https?://.+", Pattern.CASE_INSENSITIVE);

    private static final PolicyFactory COMMON = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS).and(Sanitizers.LINKS)
            .and(Sanitizers.TABLES).and(Sanitizers.STYLES)
            .and(new HtmlPolicyBuilder()
                    .allowElements("font", "center", "span", "div", "hr", "br", "pre", "code", "small", "big")
                    .allowAttributes("color", "face", "size").onElements("font")
                    .allowAttributes("align", "valign", "width", "height", "bgcolor", "border", "cellpadding",
                            "cellspacing", "colspan", "rowspan")
                    .onElements("table", "tr", "td", "th", "thead", "tbody", "div", "p", "img", "center")
                    .allowAttributes("title").globally()
                    .toFactory());

    private static final PolicyFactory WITH_IMAGES = COMMON.and(images((element, attribute, value) -> REMOTE.matcher(value).matches() ? value : null));
    private static final PolicyFactory WITHOUT_IMAGES = COMMON.and(images((element, attribute, value) -> null));

    private static final Pattern IMG_WITH_SRC = Pattern.compile("<img[^>]*\\ssrc=");

    private HtmlSanitizer() {
    }

    /** Whether the mail has remote images that showing images would load. */
    public static boolean hasRemoteImages(String html) {
        return html != null && IMG_WITH_SRC.matcher(WITH_IMAGES.sanitize(html)).find();
    }

    public static Result sanitize(String html, boolean showRemoteImages) {
        boolean[] blocked = new boolean[1];
        HtmlChangeListener<Void> listener = new HtmlChangeListener<>() {
            @Override
            public void discardedTag(Void context, String elementName) {
            }

            @Override
            public void discardedAttributes(Void context, String tagName, String... attributeNames) {
                if ("img".equals(tagName)) {
                    for (String attribute : attributeNames) {
                        blocked[0] |= "src".equals(attribute.toLowerCase(Locale.ROOT));
                    }
                }
            }
        };
        String safe = (showRemoteImages ? WITH_IMAGES : WITHOUT_IMAGES).sanitize(html == null ? "" : html, listener, null);
        return new Result(safe, blocked[0] && !showRemoteImages);
    }

    private static PolicyFactory images(AttributePolicy src) {
        return new HtmlPolicyBuilder()
                .allowUrlProtocols("http", "https")
                .allowElements("img")
                .allowAttributes("alt", "width", "height").onElements("img")
                .allowAttributes("src").matching(src).onElements("img")
                .allowWithoutAttributes("img")
                .toFactory();
    }
}
