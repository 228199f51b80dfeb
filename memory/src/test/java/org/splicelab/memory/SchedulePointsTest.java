package org.splicelab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The memory-level choice points on one thread: a hook that, at one point, runs another "thread's"
 * operation to completion stands for a scheduler that switched there. What the interrupted operation
 * then does is what it would do on real threads with that interleaving.
 */
class SchedulePointsTest {
    private PageAudit audit;
    private PageArena arena;
    private PageIndexPool pool;
    private PageCache cache;
    private final LookupStats stats = new LookupStats();

    @BeforeEach
    void setUp() {
        audit = new PageAudit();
        arena = new PageArena(16, audit);
        pool = new PageIndexPool(256);
        cache = new PageCache(arena, pool, 7);
    }

    @AfterEach
    void tearDown() {
        arena.schedulePoints(null);
        cache.destroyQuiescent();
        assertEquals(0, arena.framesInUse(), "every page back in the arena");
        arena.close();
        pool.close();
    }

    private long cached(final long index) {
        final long ref = arena.alloc();
        arena.setFlags(ref, PageFlags.UPTODATE | PageFlags.LRU);
        cache.insert(index, ref);
        return ref;
    }

    /** Runs {@code other} once, the first time {@code at} is reached (points inside {@code other} are not acted on). */
    private void interleave(final SchedulePoints.Op at, final Runnable other) {
        final boolean[] done = {false};
        arena.schedulePoints((op, ref) -> {
            if (op == at && !done[0]) {
                done[0] = true;
                other.run();
            }
        });
    }

    @Test
    void shouldCallNothingWhenNoSchedulerIsInstalled() {
        cached(0);
        final long ref = cache.lookup(0, stats);
        arena.put(ref);
        org.junit.jupiter.api.Assertions.assertNull(arena.schedulePoints());
        assertEquals(0, audit.total());
    }

    @Test
    void shouldReachThePointsOfALookupAndOfASteal() {
        final long page = cached(0);
        final List<SchedulePoints.Op> seen = new ArrayList<>();
        arena.schedulePoints((op, ref) -> {
            seen.add(op);
            assertEquals(page, ref);
        });
        final long ref = cache.lookup(0, stats);
        assertEquals(StealOutcome.STOLEN, cache.steal(0, ref));
        assertEquals(List.of(SchedulePoints.Op.CACHE_LOOKUP_LOADED, SchedulePoints.Op.CACHE_LOOKUP_REFERENCED,
            SchedulePoints.Op.CACHE_STEAL_FROZEN, SchedulePoints.Op.CACHE_STEAL_REMOVED), seen);
        arena.schedulePoints(null);
        arena.put(ref);
    }

    @Test
    void aLookupBetweenTheRacyStealsCheckAndItsRemovalIsStolenWhileShared() {
        cached(0);
        final long stealer = cache.lookup(0, stats);
        final long[] reader = {PageRef.NULL};
        interleave(SchedulePoints.Op.CACHE_STEAL_RACY_CHECKED, () -> reader[0] = cache.lookup(0, stats));
        assertEquals(StealOutcome.STOLEN, cache.stealRacy(0, stealer));
        assertEquals(stealer, reader[0], "the reader took its reference while the page was still cached");
        assertEquals(1L, audit.count(Violation.STOLEN_WHILE_SHARED), () -> audit.events().toString());
        arena.put(reader[0]);
        arena.put(stealer);
    }

    @Test
    void theSameLookupMakesTheFreezingStealFailInstead() {
        final long page = cached(0);
        final long stealer = cache.lookup(0, stats);
        final long reader = cache.lookup(0, stats);
        assertEquals(StealOutcome.SHARED, cache.steal(0, stealer));
        assertEquals(page, cache.peek(0), "the page stays cached");
        arena.put(reader);
        arena.put(stealer);
        assertEquals(0, audit.total());
    }

    @Test
    void aLookupThatLoadedThePageBeforeASteal_reChecksAndMisses() {
        cached(0);
        final long[] stolen = {PageRef.NULL};
        interleave(SchedulePoints.Op.CACHE_LOOKUP_LOADED, () -> {
            final long s = cache.lookup(0, stats);
            assertEquals(StealOutcome.STOLEN, cache.steal(0, s));
            stolen[0] = s;
        });
        assertEquals(PageRef.NULL, cache.lookup(0, stats), "the re-check saw the slot change: a miss");
        assertEquals(1, arena.refCount(stolen[0]), "only the stealer holds the stolen page");
        assertEquals(0L, audit.total(), () -> audit.events().toString());
        arena.put(stolen[0]);
    }

    @Test
    void withoutTheReCheckTheSameInterleavingIsAStaleLookup() {
        cached(0);
        final long[] stolen = {PageRef.NULL};
        interleave(SchedulePoints.Op.CACHE_LOOKUP_LOADED, () -> {
            final long s = cache.lookup(0, stats);
            assertEquals(StealOutcome.STOLEN, cache.steal(0, s));
            stolen[0] = s;
        });
        final long got = cache.lookupNoRecheck(0, stats);
        assertEquals(stolen[0], got, "the reader uses the page the steal took");
        assertEquals(1L, audit.count(Violation.STALE_PAGE_CACHE_LOOKUP), () -> audit.events().toString());
        arena.put(got);
        arena.put(stolen[0]);
    }

    @Test
    void aSiblingsReferenceBetweenTheRacyGiftsCheckAndUnmapIsStolenWhileShared() {
        final AddressSpace space = new AddressSpace(arena, null);
        assertTrue(space.map(0, 1, (byte) 'g'));
        final long gifter = space.lookup(0, stats);
        final long[] sibling = {PageRef.NULL};
        interleave(SchedulePoints.Op.GIFT_RACY_CHECKED, () -> sibling[0] = space.lookup(0, stats));
        assertEquals(StealOutcome.STOLEN, space.stealRacy(0, gifter));
        assertEquals(gifter, sibling[0], "the sibling's vmsplice took a reference to the mapped page");
        assertEquals(1L, audit.count(Violation.STOLEN_WHILE_SHARED), () -> audit.events().toString());
        arena.put(sibling[0]);
        arena.put(gifter);
        space.unmapAll();
    }

    @Test
    void theFreezingGiftFailsWhenTheSiblingHoldsTheReferenceFirst() {
        final AddressSpace space = new AddressSpace(arena, null);
        assertTrue(space.map(0, 1, (byte) 'g'));
        final long gifter = space.lookup(0, stats);
        final long sibling = space.lookup(0, stats);
        assertEquals(StealOutcome.SHARED, space.steal(0, gifter));
        assertEquals(0L, audit.total(), () -> audit.events().toString());
        arena.put(sibling);
        arena.put(gifter);
        space.unmapAll();
    }
}
