package dev.maildock.provider;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeaderGuardTest {

    private final Session session = Session.getInstance(new Properties());

    @ParameterizedTest
    @ValueSource(strings = {"hello\r\nBcc: victim@example.test", "hello\nBcc: victim@example.test",
            "hello\rBcc: victim@example.test", "hello\r\n", "a\r\n\r\nbody injected"})
    void aLineBreakThatIsNoFoldIsRefused(String value) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setHeader("X-Note", value);
        MessagingException e = assertThrows(MessagingException.class, () -> HeaderGuard.check(m));
        assertTrue(e.getMessage().contains("X-Note") && e.getMessage().contains("header injection"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "folded\r\n continued", "folded\r\n\tby a tab"})
    void foldsAndPlainValuesPass(String value) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setHeader("X-Note", value);
        assertDoesNotThrow(() -> HeaderGuard.check(m));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Subject with\r\nBcc: x@example.test", "A long subject with non-ASCII letters, äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü äöü"})
    void angusFoldsWhatSetSubjectGets(String subject) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setSubject(subject, "UTF-8");
        assertDoesNotThrow(() -> HeaderGuard.check(m));
    }

    @Test
    void theFirstBadBreakIsFound() {
        assertEquals(-1, HeaderGuard.firstBadBreak("X: a\r\n b"));
        assertEquals(4, HeaderGuard.firstBadBreak("X: a\r\nb"));
        assertEquals(4, HeaderGuard.firstBadBreak("X: a\nb"));
    }
}
