package dev.maildock.rar.smtp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the MAIL FROM parameters (docs/fuzzing.md), given as the client would
 * after a valid path: each set is either taken, with the SIZE and BODY it says, or refused with
 * one reply line of the codes RFC 5321, 1870 and 6152 name, nothing else.
 */
class MailParametersFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void takesOrRefusesAnyParameters(FuzzedDataProvider data) {
        boolean esmtp = data.consumeBoolean();
        boolean authOffered = data.consumeBoolean();
        // Not consumeLong(0, Long.MAX_VALUE): Jazzer 0.24 returns negative values for that range
        // (found by this test; input fdp-full-long-range).
        long maxMessageSize = data.consumeLong() & Long.MAX_VALUE;
        PathArgument path;
        try {
            path = PathArgument.parse("FROM:<sender@example.test> " + data.consumeRemainingAsString(), "FROM");
        } catch (PathSyntaxException e) {
            return;
        }
        String size = path.parameters().get("SIZE");
        MailParameters parameters;
        try {
            parameters = MailParameters.of(path.parameters(), esmtp, authOffered, maxMessageSize);
        } catch (MailParameters.Refused refused) {
            assertTrue(refused.reply().matches("(501 5\\.5\\.4|552 5\\.3\\.4|555 5\\.5\\.4) [\\x20-\\x7e]+"),
                    refused::reply);
            if (refused.reply().startsWith("552")) {
                assertTrue(new BigInteger(size).compareTo(BigInteger.valueOf(maxMessageSize)) > 0,
                        () -> "SIZE=" + size + " is within " + maxMessageSize);
            }
            return;
        }
        assertTrue(esmtp || path.parameters().isEmpty(), "HELO clients have no parameters");
        // RFC 1870: the client's estimate, as said; one beyond a long is beyond any limit anyway.
        long declared = size == null ? -1 : new BigInteger(size).min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
        assertEquals(declared, parameters.declaredSize());
        assertTrue(parameters.declaredSize() <= maxMessageSize, () -> parameters + " within " + maxMessageSize);
        assertEquals("8BITMIME".equalsIgnoreCase(path.parameters().get("BODY")), parameters.eightBit());
    }
}
