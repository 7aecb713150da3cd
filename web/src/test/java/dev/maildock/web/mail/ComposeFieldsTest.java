package dev.maildock.web.mail;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ComposeFieldsTest {

    @Test
    void lineBreaksInHeadersAreRefused() {
        ComposeFields.Refused r = assertThrows(ComposeFields.Refused.class,
                () -> ComposeFields.header("subject", "hi\r\nBcc: victim@example.org"));
        assertEquals("subject", r.field());
        assertThrows(ComposeFields.Refused.class, () -> ComposeFields.addresses("to", "a@example.org\nBcc: b@example.org"));
    }

    @Test
    void addressListsParse() throws Exception {
        assertEquals(2, ComposeFields.addresses("to", "Alice <alice@example.org>, bob@example.org").size());
        assertEquals(0, ComposeFields.addresses("cc", "  ").size());
        assertThrows(ComposeFields.Refused.class, () -> ComposeFields.addresses("to", "not an address"));
        assertThrows(ComposeFields.Refused.class, () -> ComposeFields.addresses("to", "alice@"));
    }
}
