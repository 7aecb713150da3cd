package dev.maildock.web.ui;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Small helpers the page beans share: texts from the resource bundle in the browser's language,
 * messages shown next to a field or at the top, request parameters, redirects after a POST.
 */
public final class Ui {

    public static final String BUNDLE = "dev.maildock.web.messages";

    private static final long KIB = 1024;
    private static final long MIB = 1024 * 1024;

    private Ui() {
    }

    private static FacesContext faces() {
        return FacesContext.getCurrentInstance();
    }

    public static Locale locale() {
        FacesContext fc = faces();
        return fc.getViewRoot() != null ? fc.getViewRoot().getLocale() : fc.getExternalContext().getRequestLocale();
    }

    /** A size in bytes for the reader: "512 B", "12 KB", "3.4 MB" (in Russian "3,4 МБ"). */
    public static String size(long bytes) {
        return size(bytes, locale());
    }

    /** Units and decimal separator are the reader's language's (KB, КБ; 3.4, 3,4), not the server's. */
    static String size(long bytes, Locale locale) {
        if (bytes < KIB) {
            return text(locale, "size.bytes", bytes);
        }
        if (bytes < MIB) {
            return text(locale, "size.kilobytes", (bytes + KIB / 2) / KIB);
        }
        return text(locale, "size.megabytes", bytes / (double) MIB);
    }

    public static String text(String key, Object... args) {
        return text(locale(), key, args);
    }

    static String text(Locale locale, String key, Object... args) {
        String pattern;
        try {
            pattern = ResourceBundle.getBundle(BUNDLE, locale).getString(key);
        } catch (MissingResourceException e) {
            pattern = key;
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    /** An error shown next to the field with this client id (null: at the top of the page). */
    public static void error(String clientId, String key, Object... args) {
        String text = text(key, args);
        faces().addMessage(clientId, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, text));
    }

    /** An error whose text comes from a service (already readable), next to a field or at the top. */
    public static void errorText(String clientId, String text) {
        faces().addMessage(clientId, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, text));
    }

    /** A moment as a short date and time in the browser's language and the server's time zone; "" for none. */
    public static String dateTime(Instant when) {
        return when == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(locale())
                .withZone(ZoneId.systemDefault()).format(when);
    }

    /** A note at the top of the page the action redirects to ({@link Notice}). */
    public static void info(String key, Object... args) {
        Notice.put(text(key, args));
    }

    public static boolean isPostback() {
        return faces().isPostback();
    }

    public static String param(String name) {
        String value = faces().getExternalContext().getRequestParameterMap().get(name);
        return value == null ? "" : value;
    }

    /**
     * The client id of the submitted field with this id (a form repeated per table row gives each
     * row's field its own client id, and only the submitted form's fields are in the request), or
     * null: for showing a message next to the field the action refuses.
     */
    public static String submittedField(String id) {
        String suffix = ":" + id;
        return faces().getExternalContext().getRequestParameterMap().keySet().stream()
                .filter(k -> k.endsWith(suffix)).findFirst().orElse(null);
    }

    public static List<String> params(String name) {
        String[] values = faces().getExternalContext().getRequestParameterValuesMap().get(name);
        return values == null ? List.of() : List.of(values);
    }

    /** The numeric values of a repeated parameter (the ticked messages); others are ignored. */
    public static List<Long> longParams(String name) {
        List<Long> result = new ArrayList<>();
        for (String value : params(name)) {
            try {
                result.add(Long.parseLong(value));
            } catch (NumberFormatException e) {
                // not a UID: a forged or broken form; nothing to act on
            }
        }
        return result;
    }

    public static long longParam(String name, long fallback) {
        try {
            return Long.parseLong(param(name));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The signed-in caller (the account address, or admin). */
    public static String caller() {
        return faces().getExternalContext().getUserPrincipal().getName();
    }

    /** Redirects to a page of this application with query parameters (URL-encoded here). */
    public static void redirect(String page, Map<String, ?> query) {
        ExternalContext ec = faces().getExternalContext();
        StringBuilder url = new StringBuilder(ec.getRequestContextPath()).append(page);
        char sep = '?';
        for (Map.Entry<String, ?> e : query.entrySet()) {
            if (e.getValue() == null || String.valueOf(e.getValue()).isEmpty()) {
                continue;
            }
            url.append(sep).append(e.getKey()).append('=')
                    .append(URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8));
            sep = '&';
        }
        try {
            ec.redirect(url.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        faces().responseComplete();
    }
}
