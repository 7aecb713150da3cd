package dev.maildock.ejb.imap;

import dev.maildock.rar.api.imap.UidSet;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UidRangesTest {

    @Test
    void severalRangesAreBoundedByTheirSpanSoTheIndexIsReadOnlyThere() {
        Map<String, Object> parameters = new HashMap<>();
        String condition = UidRanges.condition(new UidSet(new long[] {3, 5, 9, 9, 20, 25}), "u", parameters);
        assertEquals("(e.uid BETWEEN :ulo AND :uhi AND (e.uid BETWEEN :u0 AND :u1 OR e.uid BETWEEN :u2 AND :u3"
                + " OR e.uid BETWEEN :u4 AND :u5 OR e.uid BETWEEN :u6 AND :u7))", condition, "three ranges as four");
        assertEquals(3L, parameters.get("ulo"));
        assertEquals(25L, parameters.get("uhi"));
        assertEquals(20L, parameters.get("u6"), "the last range repeated");
        assertEquals(25L, parameters.get("u7"));
    }

    @Test
    void oneRangeIsItsSpanAndManyRangesAListOrTheSpan() {
        Map<String, Object> parameters = new HashMap<>();
        assertEquals("e.uid BETWEEN :ulo AND :uhi", UidRanges.condition(UidSet.range(7, 9), "u", parameters));
        assertTrue(UidRanges.exact(UidSet.range(7, 9)));
        long[] many = new long[2 * (UidRanges.MAX_RANGES + 1)];
        for (int i = 0; i < many.length; i += 2) {
            many[i] = many[i + 1] = 2L * i + 1;
        }
        UidSet scattered = new UidSet(many);
        parameters.clear();
        assertEquals("e.uid IN :uin", UidRanges.condition(scattered, "u", parameters), "few UIDs: listed");
        assertEquals(1, parameters.size(), "no parameter the statement lacks");
        assertEquals(32, ((List<?>) parameters.get("uin")).size(), "17 padded to 32");
        assertEquals(many[many.length - 1], ((List<?>) parameters.get("uin")).get(31));
        assertFalse(UidRanges.exact(scattered), "filtered by contains after");
        long[] wide = many.clone();
        wide[wide.length - 1] = wide[wide.length - 2] + UidRanges.MAX_LISTED;
        assertEquals("e.uid BETWEEN :ulo AND :uhi", UidRanges.condition(new UidSet(wide), "u", parameters),
                "too many to list: the span");
        assertEquals("e.uid < 0", UidRanges.condition(new UidSet(new long[0]), "u", parameters));
    }
}
