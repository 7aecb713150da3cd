package dev.maildock.ejb.mailbox.structure;

import dev.maildock.rar.api.imap.BodyPart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties every parsed structure has, shared by the unit and the fuzz test. */
final class StructureChecks {

    private StructureChecks() {
    }

    /** Offsets ordered and inside {@code [from, to]}, each part inside its parent's body, sizes as the offsets say. */
    static void assertWithin(BodyPart part, long from, long to) {
        assertTrue(from <= part.headerStart() && part.headerStart() <= part.bodyStart()
                && part.bodyStart() <= part.end() && part.end() <= to, () -> "out of place: " + part);
        assertEquals(part.end() - part.bodyStart(), part.size());
        assertTrue(!part.multipart() || !part.parts().isEmpty(), "a multipart has parts");
        long previousEnd = part.bodyStart();
        for (BodyPart child : part.parts()) {
            assertWithin(child, previousEnd, part.end());
            previousEnd = child.end();
        }
        if (part.message() != null) {
            assertEquals(part.bodyStart(), part.message().body().headerStart());
            assertWithin(part.message().body(), part.bodyStart(), part.end());
        }
    }

    /** Levels of nesting below and including this part. */
    static int depth(BodyPart part) {
        int deepest = part.message() == null ? 0 : depth(part.message().body());
        for (BodyPart child : part.parts()) {
            deepest = Math.max(deepest, depth(child));
        }
        return deepest + 1;
    }

    /** Parts in the tree, this one included. */
    static int count(BodyPart part) {
        int n = 1 + (part.message() == null ? 0 : count(part.message().body()));
        for (BodyPart child : part.parts()) {
            n += count(child);
        }
        return n;
    }
}
