package dev.maildock.ejb.delivery.remote;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemoteReplyTest {

    @Test
    void theEnhancedCodeOfTheReplyWhenItMatchesTheClass() {
        assertEquals("5.1.1", RemoteReply.of(550, "550 5.1.1 <x@y>: no such user\n").status());
        assertEquals("4.2.2", RemoteReply.of(452, "452-4.2.2 over quota\n452 4.2.2 really\n").status());
        assertEquals("5.0.0", RemoteReply.of(550, "550 no enhanced code").status());
        assertEquals("4.0.0", RemoteReply.of(451, "451 5.1.1 mismatched class").status());
        assertEquals("2.0.0", RemoteReply.of(250, "250 ok").status());
    }

    @Test
    void classes() {
        assertTrue(RemoteReply.of(250, "250 ok").positive());
        assertTrue(RemoteReply.of(554, "554 no").permanent());
        RemoteReply closed = RemoteReply.of(-1, "");
        assertFalse(closed.positive());
        assertFalse(closed.permanent());
        assertEquals("4.0.0", closed.status());
        assertEquals("connection closed by the server", closed.text());
    }

    @Test
    void multiLineRepliesBecomeOneLine() {
        assertEquals("250-a 250 b", RemoteReply.of(250, "250-a\n250 b\n").text());
    }
}
