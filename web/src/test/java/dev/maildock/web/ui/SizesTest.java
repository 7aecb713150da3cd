package dev.maildock.web.ui;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SizesTest {

    private static final Locale RU = Locale.forLanguageTag("ru");

    @Test
    void bytesKilobytesAndMegabytesInEnglish() {
        assertEquals("0 B", Ui.size(0, Locale.ENGLISH));
        assertEquals("1023 B", Ui.size(1023, Locale.ENGLISH));
        assertEquals("1 KB", Ui.size(1024, Locale.ENGLISH));
        assertEquals("1024 KB", Ui.size(1024 * 1024 - 1, Locale.ENGLISH));
        assertEquals("3.4 MB", Ui.size(3_565_158, Locale.ENGLISH));
        assertEquals("2048.0 MB", Ui.size(2L * 1024 * 1024 * 1024, Locale.ENGLISH));
    }

    @Test
    void russianUnitsAndDecimalComma() {
        assertEquals("512 Б", Ui.size(512, RU));
        assertEquals("12 КБ", Ui.size(12 * 1024, RU));
        assertEquals("3,4 МБ", Ui.size(3_565_158, RU));
    }

    /** messages_en.properties exists (empty) for this: see its comment. */
    @Test
    void anEnglishReaderGetsEnglishOnAServerWhoseOwnLocaleIsRussian() {
        Locale before = Locale.getDefault();
        Locale.setDefault(RU);
        try {
            assertEquals("50.0 MB", Ui.size(50L * 1024 * 1024, Locale.ENGLISH));
        } finally {
            Locale.setDefault(before);
        }
    }
}
