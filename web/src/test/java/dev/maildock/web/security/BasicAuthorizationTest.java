package dev.maildock.web.security;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BasicAuthorizationTest {

    private static String basic(String text) {
        return "Basic " + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void wellFormedCredentialsAreSplitAtTheFirstColon() {
        BasicAuthorization a = BasicAuthorization.of(basic("admin:pa:ss wörd")).orElseThrow();
        assertFalse(a.malformed());
        assertEquals("admin", a.credential().orElseThrow().getCaller());
        assertEquals("pa:ss wörd", a.credential().orElseThrow().getPasswordAsString());
        assertFalse(BasicAuthorization.of("basic  " + basic("a:").substring(6)).orElseThrow().malformed(), "scheme is case-insensitive");
    }

    @Test
    void everyBasicHeaderThatIsNotBase64OfUserColonPasswordIsMalformed() {
        for (String header : List.of("Basic !!!", "Basic", "Basic ", "basic ====", "Basic YQ", basic("no colon"), "Basic YWJj:ZGVm")) {
            assertTrue(BasicAuthorization.of(header).orElseThrow().malformed(), header);
        }
    }

    @Test
    void otherSchemesAndNoHeaderAreNotBasic() {
        for (String header : new String[] {null, "", "Bearer abc", "Basically x", "Digest username=\"a\""}) {
            assertTrue(BasicAuthorization.of(header).isEmpty(), String.valueOf(header));
        }
    }
}
