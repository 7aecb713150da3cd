package dev.maildock.ejb.mailbox.structure;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.maildock.rar.api.imap.MessageStructure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the MIME structure parser (docs/fuzzing.md): any octets give a
 * structure, never an exception; every part lies inside the message and inside its parent's
 * body; nesting and part count stay within the bounds; and the kept form reads back equal.
 */
class StructureParserFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void parsesAnyOctetsIntoPartsInsideTheirParents(FuzzedDataProvider data) throws IOException {
        byte[] raw = data.consumeRemainingAsBytes();

        MessageStructure structure = StructureParser.parse(new ByteArrayInputStream(raw));

        assertEquals(0, structure.body().headerStart());
        assertEquals(raw.length, structure.body().end());
        StructureChecks.assertWithin(structure.body(), 0, raw.length);
        assertTrue(StructureChecks.depth(structure.body()) <= StructureParser.MAX_DEPTH + 1);
        assertTrue(StructureChecks.count(structure.body()) <= StructureParser.MAX_PARTS);
        assertEquals(Optional.of(structure), StructureCodec.decode(StructureCodec.encode(structure)));
    }
}
