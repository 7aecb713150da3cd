package dev.maildock.web.ui;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SizesTest {

    private static final Locale RU = Locale.forLanguageTag("ru");

    @Test
    void bytesKilobytesAndMegabytesInEnglish() {
        assertEquals("0 B", Sizes.format(0, Locale.ENGLISH));
        assertEquals("1023 B", Sizes.format(1023, Locale.ENGLISH));
        assertEquals("1 KB", Sizes.format(1024, Locale.ENGLISH));
        assertEquals("1024 KB", Sizes.format(1024 * 1024 - 1, Locale.ENGLISH));
        assertEquals("3.4 MB", Sizes.format(3_565_158, Locale.ENGLISH));
        assertEquals("2048.0 MB", Sizes.format(2L * 1024 * 1024 * 1024, Locale.ENGLISH));
    }

    @Test
    void russianUnitsAndDecimalComma() {
        assertEquals("512 Б", Sizes.format(512, RU));
        assertEquals("12 КБ", Sizes.format(12 * 1024, RU));
        assertEquals("3,4 МБ", Sizes.format(3_565_158, RU));
    }

    /** messages_en.properties exists (empty) for this: see its comment. */
    @Test
    void anEnglishReaderGetsEnglishOnAServerWhoseOwnLocaleIsRussian() {
        Locale before = Locale.getDefault();
        Locale.setDefault(RU);
        try {
            assertEquals("50.0 MB", Sizes.format(50L * 1024 * 1024, Locale.ENGLISH));
        } finally {
            Locale.setDefault(before);
        }
    }
}
