package dev.maildock.web.ui;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * Sizes of messages, attachments and mailboxes in the reader's language: its units (KB, КБ) and
 * its decimal separator (3.4 MB, 3,4 МБ), not the server's.
 */
public final class Sizes {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * 1024;

    private Sizes() {
    }

    public static String format(long bytes, Locale locale) {
        ResourceBundle texts = ResourceBundle.getBundle(Ui.BUNDLE, locale);
        if (bytes < KIB) {
            return new MessageFormat(texts.getString("size.bytes"), locale).format(new Object[] {bytes});
        }
        if (bytes < MIB) {
            return new MessageFormat(texts.getString("size.kilobytes"), locale).format(new Object[] {(bytes + KIB / 2) / KIB});
        }
        return new MessageFormat(texts.getString("size.megabytes"), locale).format(new Object[] {bytes / (double) MIB});
    }
}
