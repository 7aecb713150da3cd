package dev.maildock.rar.smtp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Coverage-guided fuzzing of the MAIL FROM / RCPT TO argument parser (docs/fuzzing.md): any text
 * either fails with PathSyntaxException or gives an address within the RFC 5321 limits, printable
 * ASCII only, that reads back the same when written out again.
 */
class PathArgumentFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void parsesAnyArgumentOrRefusesItAndRoundTrips(FuzzedDataProvider data) {
        String keyword = data.consumeBoolean() ? "FROM" : "TO";
        String argument = data.consumeRemainingAsString();
        PathArgument parsed;
        try {
            parsed = PathArgument.parse(argument, keyword);
        } catch (PathSyntaxException e) {
            return;
        }
        if (parsed.isNullPath()) {
            assertEquals(null, parsed.domain());
        } else {
            assertTrue(parsed.localPart().length() <= 64, "RFC 5321 section 4.5.3.1.1");
            assertPrintableAscii(parsed.localPart());
        }
        if (parsed.domain() != null) {
            assertTrue(parsed.domain().length() <= 255, "RFC 5321 section 4.5.3.1.2");
            assertPrintableAscii(parsed.domain());
        }
        for (Map.Entry<String, String> parameter : parsed.parameters().entrySet()) {
            assertTrue(parameter.getKey().matches("[A-Z0-9][A-Z0-9-]*"), parameter::getKey);
            assertTrue(parameter.getValue() == null || parameter.getValue().matches("[\\x21-\\x3c\\x3e-\\x7e]+"),
                    parameter::getValue);
        }
        String written = written(parsed, keyword);
        try {
            assertEquals(parsed, PathArgument.parse(written, keyword), written);
        } catch (PathSyntaxException e) {
            fail("what was accepted is refused when written out again: " + written, e);
        }
    }

    private static String written(PathArgument path, String keyword) {
        StringBuilder out = new StringBuilder(keyword).append(":<");
        if (!path.isNullPath()) {
            out.append(path.localPart());
            if (path.domain() != null) {
                out.append('@').append(path.domain());
            }
        }
        out.append('>');
        path.parameters().forEach((key, value) -> out.append(' ').append(key).append(value == null ? "" : "=" + value));
        return out.toString();
    }

    private static void assertPrintableAscii(String s) {
        assertTrue(s.chars().allMatch(c -> c >= 0x20 && c <= 0x7e), () -> "not printable ASCII: " + s);
    }
}
