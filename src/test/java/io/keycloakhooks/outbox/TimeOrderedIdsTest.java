package io.keycloakhooks.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void isAVersion7UuidCarryingTheTime() {
        long now = 1_795_000_000_123L;
        UUID id = UUID.fromString(TimeOrderedIds.next(now));
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(now, id.getMostSignificantBits() >>> 16);
    }

    @Test
    void laterIdsSortAfterEarlierOnesAsText() {
        String earlier = TimeOrderedIds.next(1_795_000_000_123L);
        String later = TimeOrderedIds.next(1_795_000_000_124L);
        assertTrue(earlier.compareTo(later) < 0, earlier + " < " + later);
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.next(1_795_000_000_123L));
        }
        assertEquals(10_000, ids.size());
    }
}
