package io.keycloakhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import io.keycloakhooks.transport.HookResponse;
import org.junit.jupiter.api.Test;

class PermitWaitsTest {

    static final HookResponse REFUSAL = HookResponse.refused("refused: at the limit");

    static DeliveryJob job(String id, String realm) {
        return new DeliveryJob(id, "lease", realm, "wh", "user.created", () -> REFUSAL, null);
    }

    @Test
    void aRealmsWaitingDeliveriesComeOutOldestFirstAndOnlyForThatRealm() {
        PermitWaits waits = new PermitWaits(10, 1_000);
        assertTrue(waits.offer(job("a1", "a"), REFUSAL, 100));
        assertTrue(waits.offer(job("b1", "b"), REFUSAL, 110));
        assertTrue(waits.offer(job("a2", "a"), REFUSAL, 120));

        assertEquals("a1", waits.next("a").orElseThrow().messageId());
        assertEquals("a2", waits.next("a").orElseThrow().messageId());
        assertEquals(Optional.empty(), waits.next("a"), "realm a has nothing more waiting");
        assertEquals(1, waits.size(), "realm b's delivery still waits");
        assertEquals("b1", waits.next("b").orElseThrow().messageId());
        assertEquals(0, waits.size());
        assertEquals(Long.MAX_VALUE, waits.nextExpiry(), "nothing waits");
    }

    @Test
    void overCapacityTheRefusalStands() {
        PermitWaits waits = new PermitWaits(2, 1_000);
        assertTrue(waits.offer(job("1", "a"), REFUSAL, 0));
        assertTrue(waits.offer(job("2", "b"), REFUSAL, 0));
        assertFalse(waits.offer(job("3", "a"), REFUSAL, 0), "two wait already");
        waits.next("a");
        assertTrue(waits.offer(job("3", "a"), REFUSAL, 0), "room again once one was taken");
        assertEquals(2, waits.size());
    }

    @Test
    void deliveriesThatWaitedTheirTimeComeOutWithTheirRefusalAndWhenTheyWereRefused() {
        PermitWaits waits = new PermitWaits(10, 1_000);
        waits.offer(job("a1", "a"), REFUSAL, 100);
        waits.offer(job("a2", "a"), REFUSAL, 600);
        waits.offer(job("b1", "b"), REFUSAL, 300);
        assertEquals(1_100, waits.nextExpiry());

        assertEquals(List.of(), waits.expired(1_099), "none has waited a second yet");
        List<PermitWaits.Waiting> expired = waits.expired(1_300);
        assertEquals(List.of("a1", "b1"), expired.stream().map(w -> w.job().messageId()).sorted().toList());
        assertTrue(expired.stream().allMatch(w -> w.refusal() == REFUSAL));
        assertEquals(100, expired.stream().filter(w -> w.job().messageId().equals("a1")).findFirst().orElseThrow().since());
        assertEquals(1, waits.size());
        assertEquals(1_600, waits.nextExpiry());
        assertEquals("a2", waits.next("a").orElseThrow().messageId(), "the one that has not waited its time stays");
        assertEquals(Optional.empty(), waits.next("b"), "an expired delivery is not handed to a worker too");
    }
}
