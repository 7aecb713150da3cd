package dev.maildock.ejb.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServerVariablesTest {

    @Test
    void theEqualsSignServerXmlWritesInFrontIsRemovedOnce() {
        assertEquals("01234567", ServerVariables.text("=01234567"));
        assertEquals("CORP\\relay", ServerVariables.text("=CORP\\relay"));
        assertEquals("=starts with equals", ServerVariables.text("==starts with equals"));
        assertEquals("", ServerVariables.text("="));
    }

    @Test
    void aValueBoundWithoutItIsTakenAsLibertyParsedIt() {
        assertEquals("mx.example", ServerVariables.text("mx.example"));
        assertEquals("342391", ServerVariables.text(342391));
        assertEquals("", ServerVariables.text(null));
    }
}
