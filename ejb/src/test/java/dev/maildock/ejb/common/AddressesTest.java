package dev.maildock.ejb.common;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Address and domain rules of the admin interfaces (RFC 5321 4.1.2 dot-atom, RFC 1123 labels). */
class AddressesTest {

    @ParameterizedTest
    @CsvSource({
            "alice@example.test, alice@example.test",
            "Alice@Example.TEST, alice@example.test",
            "  bob@example.test  , bob@example.test",
            "first.last+tag@sub.example.test, first.last+tag@sub.example.test",
            "o'hara@example.test, o'hara@example.test",
            "user@пример.испытание, user@xn--e1afmkfd.xn--80akhbyknj4f",
            "x@example.test., x@example.test"})
    void acceptsAndNormalisesMailboxes(String input, String expected) {
        assertEquals(expected, Addresses.mailbox("address", input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "alice", "@example.test", "alice@", "alice@@example.test",
            "al ice@example.test", ".alice@example.test", "alice.@example.test", "al..ice@example.test",
            "alice@example", "alice@-example.test", "alice@exa_mple.test", "\"quoted\"@example.test",
            "alice@example.test\r\nBcc: x@evil.test"})
    void refusesMalformedMailboxesNamingTheField(String input) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Addresses.mailbox("address", input));
        assertEquals("address", e.getField());
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 100})
    void refusesOverlongLocalParts(int length) {
        assertThrows(InvalidInputException.class, () -> Addresses.mailbox("address", "a".repeat(length) + "@example.test"));
    }

    @ParameterizedTest
    @CsvSource({"Example.TEST, example.test", "a-b.c-d.test, a-b.c-d.test", "xn--e1afmkfd.test, xn--e1afmkfd.test"})
    void acceptsDomains(String input, String expected) {
        assertEquals(expected, Addresses.domain("name", input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "a..b.test", "-a.test", "a-.test", "a_b.test", "a b.test", "a.test/x"})
    void refusesDomains(String input) {
        assertEquals("name", assertThrows(InvalidInputException.class, () -> Addresses.domain("name", input)).getField());
    }
}
