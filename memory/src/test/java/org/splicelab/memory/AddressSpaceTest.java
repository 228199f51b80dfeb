package org.splicelab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A process's address space on its own (memory/ has no actors): populated and lazy mappings, the
 * gup-style lookup and its retries, fault-in (a sibling faulting the same page first), the gift steal
 * and its racy twin, the zero page, munmap. Another thread's action inside a lookup or steal is made
 * at the operation's own schedule points, as the deterministic runtime makes it.
 */
class AddressSpaceTest {
    private PageAudit audit;
    private PageArena arena;
    private AddressSpace mm;
    private LookupStats stats;

    @BeforeEach
    void setUp() {
        audit = new PageAudit();
        arena = new PageArena(8, audit);
        mm = new AddressSpace(arena, null);
        stats = new LookupStats();
    }

    @AfterEach
    void tearDown() {
        arena.schedulePoints(null);
        arena.reclaimAllQuiescent();
        arena.close();
    }

    /** Runs {@code action} once, the first time the operation reaches {@code at}. */
    private void onceAt(final SchedulePoints.Op at, final BiConsumer<SchedulePoints.Op, Long> action) {
        final boolean[] done = {false};
        arena.schedulePoints((op, ref) -> {
            if (op == at && !done[0]) {
                done[0] = true;
                action.accept(op, ref);
            }
        });
    }

    @Test
    void shouldPopulateEveryPageWithItsFillAndRefuseToMapOneTwice() {
        assertSame(arena, mm.arena());
        assertTrue(mm.map(10, 3, (byte) 'm'));
        assertEquals(3, arena.framesInUse());
        for (long vpn = 10; vpn < 13; vpn++) {
            final long ref = mm.lookup(vpn, stats);
            assertNotEquals(PageRef.NULL, ref);
            assertEquals(2, arena.refCount(ref), "the mapping's reference and the caller's");
            assertEquals(PageFlags.ANON | PageFlags.MAPPED, arena.flags(ref));
            assertEquals('m', arena.readByte(ref, 0));
            assertEquals('m', arena.readByte(ref, PageArena.PAGE_SIZE - 1));
            arena.put(ref);
        }
        assertEquals(PageRef.NULL, mm.lookup(13, stats));
        assertEquals(4, stats.lookups);
        assertEquals(3, stats.hits);
        assertEquals(1, stats.misses);
        mm.unmapAll();
        assertEquals(0, arena.framesInUse());
        assertEquals(0, audit.total());
        final AddressSpace other = new AddressSpace(arena, null);
        assertTrue(other.map(12, 1, (byte) 'x'));
        assertThrows(IllegalStateException.class, () -> other.map(12, 1, (byte) 'x'));
    }

    @Test
    void shouldMapWhatFitsAndSaySoWhenTheArenaRunsOut() {
        assertFalse(mm.map(0, 9, (byte) 1));
        assertEquals(8, arena.framesInUse());
        assertEquals(PageRef.NULL, mm.faultIn(100, stats), "no frame for a fault either");
        assertEquals(PageRef.NULL, mm.zeroPage(), "nor for the zero page");
        mm.unmapAll();
        assertEquals(0, arena.framesInUse());
        assertEquals(0, audit.total());
    }

    @Test
    void shouldFaultInAZeroPageWhereNothingWasWrittenOnce() {
        assertTrue(mm.map(0, 2, (byte) 'x', false));
        assertEquals(0, arena.framesInUse(), "a lazy mapping takes no frame");
        assertEquals(PageRef.NULL, mm.lookup(0, stats));
        final long page = mm.faultIn(0, stats);
        assertNotEquals(PageRef.NULL, page);
        assertEquals(2, arena.refCount(page));
        assertEquals(PageFlags.ANON | PageFlags.MAPPED, arena.flags(page));
        assertEquals(0, arena.readByte(page, 17), "zeroed, not the map's fill");
        final long again = mm.faultIn(0, stats);
        assertEquals(page, again, "the second fault finds the page");
        assertEquals(3, arena.refCount(page));
        arena.put(page);
        arena.put(again);
        assertEquals(1, arena.framesInUse());
        mm.unmapAll();
        assertEquals(0, arena.framesInUse());
        assertEquals(0, audit.total());
    }

    @Test
    void shouldLetTheSiblingsFaultWinAndFreeItsOwnFreshPage() {
        assertTrue(mm.map(0, 1, (byte) 0, false));
        final long[] sibling = new long[1];
        onceAt(SchedulePoints.Op.MM_FAULT_ALLOCATED, (op, ref) -> sibling[0] = mm.faultIn(0, new LookupStats()));
        final long mine = mm.faultIn(0, stats);
        assertEquals(sibling[0], mine, "both threads use the page that won");
        assertEquals(3, arena.refCount(mine), "mapping + sibling + caller");
        assertEquals(1, arena.framesInUse(), "the losing fresh page was freed");
        assertEquals(0, audit.total(), () -> audit.events().toString());
        arena.put(mine);
        arena.put(sibling[0]);
        mm.unmapAll();
        assertEquals(0, arena.framesInUse());
    }

    @Test
    void shouldWaitWhileAGiftHoldsThePageFrozenThenTakeIt() {
        assertTrue(mm.map(0, 1, (byte) 'a'));
        final long page = mm.lookup(0, stats);
        arena.put(page);
        assertTrue(arena.freeze(page, 1));
        onceAt(SchedulePoints.Op.MM_LOOKUP_FROZEN, (op, ref) -> arena.unfreeze(ref, 1));
        assertEquals(page, mm.lookup(0, stats));
        assertEquals(1, stats.retriesFrozen);
        assertEquals(2, stats.hits);
        arena.put(page);
        mm.unmapAll();
        assertEquals(0, audit.total());
    }

    @Test
    void shouldRetryWhenAGiftTakesThePageBetweenTheLoadAndTheReference() {
        assertTrue(mm.map(0, 1, (byte) 'a'));
        final long[] stolen = new long[1];
        onceAt(SchedulePoints.Op.MM_LOOKUP_REFERENCED, (op, ref) -> {
            final long mine = mm.lookup(0, new LookupStats());
            assertEquals(StealOutcome.SHARED, mm.steal(0, mine), "the first lookup's reference is counted");
            arena.put(mine);
            stolen[0] = ref;
        });
        final long got = mm.lookup(0, stats);
        assertEquals(stolen[0], got, "the entry did not change: the lookup keeps its page");
        assertEquals(0, stats.retriesChanged);
        arena.put(got);

        onceAt(SchedulePoints.Op.MM_LOOKUP_REFERENCED, (op, ref) -> { });
        onceAt(SchedulePoints.Op.MM_LOOKUP_LOADED, (op, ref) -> {
            arena.schedulePoints(null);
            final long gifter = mm.lookup(0, new LookupStats());
            assertEquals(StealOutcome.STOLEN, mm.steal(0, gifter));
            stolen[0] = gifter;
        });
        assertEquals(PageRef.NULL, mm.lookup(0, stats), "the entry is empty after the gift");
        assertEquals(1, stats.retriesChanged, "the reference was taken, the re-check saw the entry change");
        assertEquals(1, arena.refCount(stolen[0]), "the lookup put its reference back: the gifter's only");
        assertFalse(arena.hasFlags(stolen[0], PageFlags.MAPPED));
        assertEquals(0, audit.total(), () -> audit.events().toString());
        arena.put(stolen[0]);
        mm.unmapAll();
    }

    @Test
    void shouldRetryWhenThePageIsFreedBeforeTheReferenceAndThenMiss() {
        assertTrue(mm.map(0, 1, (byte) 'a'));
        onceAt(SchedulePoints.Op.MM_LOOKUP_LOADED, (op, ref) -> {
            arena.schedulePoints(null);
            final long gifter = mm.lookup(0, new LookupStats());
            assertEquals(StealOutcome.STOLEN, mm.steal(0, gifter));
            assertTrue(arena.put(gifter), "the gifted page is freed");
        });
        assertEquals(PageRef.NULL, mm.lookup(0, stats));
        assertEquals(1, stats.retriesChanged);
        assertEquals(1, stats.misses);
        assertEquals(0, arena.framesInUse());
        assertEquals(0, audit.total(), () -> audit.events().toString());
        mm.unmapAll();
    }

    @Test
    void shouldNameAFreedPageStillMapped() {
        assertTrue(mm.map(0, 1, (byte) 'a'));
        final long page = mm.lookup(0, stats);
        arena.put(page);
        arena.clearFlags(page, PageFlags.MAPPED);
        assertTrue(arena.put(page), "the mapping's reference dropped behind its back");
        assertEquals(PageRef.NULL, mm.lookup(0, stats));
        assertEquals(1, audit.count(Violation.USE_AFTER_FREE));
        assertEquals("page-table walk", audit.events().get(0).operation());
        assertEquals(1, stats.hits, "a hit, then a miss");
        assertEquals(1, stats.misses);
    }

    @Test
    void shouldGiftOnlyAPageNobodyElseHolds() {
        assertTrue(mm.map(0, 2, (byte) 'g'));
        final long page = mm.lookup(0, stats);
        final long pin = mm.lookup(0, stats);
        assertEquals(StealOutcome.SHARED, mm.steal(0, page), "a pin holds it");
        assertEquals(3, arena.refCount(page));
        arena.put(pin);
        assertEquals(StealOutcome.REMOVED, mm.steal(1, page), "not the page mapped at vpn 1");
        assertEquals(2, arena.refCount(page), "a failed steal leaves the count as it was");
        assertTrue(arena.hasFlags(page, PageFlags.MAPPED));
        assertEquals(StealOutcome.STOLEN, mm.steal(0, page));
        assertEquals(1, arena.refCount(page), "the caller's alone");
        assertFalse(arena.hasFlags(page, PageFlags.MAPPED));
        assertEquals(PageRef.NULL, mm.lookup(0, stats), "the process sees nothing there now");
        final long fresh = mm.faultIn(0, stats);
        assertNotEquals(page, fresh);
        assertEquals(0, arena.readByte(fresh, 0), "and a zero page when it touches it");
        arena.put(fresh);
        arena.put(page);
        mm.unmapAll();
        assertEquals(0, arena.framesInUse());
        assertEquals(0, audit.total(), () -> audit.events().toString());
    }

    @Test
    void shouldStealRacilyAndNameTheReferenceThatSlippedIn() {
        assertTrue(mm.map(0, 2, (byte) 'g'));
        final long page = mm.lookup(0, stats);
        final long pin = mm.lookup(0, stats);
        assertEquals(StealOutcome.SHARED, mm.stealRacy(0, page));
        arena.put(pin);
        assertEquals(StealOutcome.REMOVED, mm.stealRacy(1, page));
        assertEquals(2, arena.refCount(page));
        assertEquals(StealOutcome.STOLEN, mm.stealRacy(0, page));
        assertEquals(1, arena.refCount(page));
        assertFalse(arena.hasFlags(page, PageFlags.MAPPED));
        assertEquals(0, audit.total(), "nobody slipped in");
        arena.put(page);

        final long other = mm.lookup(1, stats);
        final long[] slipped = new long[1];
        onceAt(SchedulePoints.Op.GIFT_RACY_CHECKED, (op, ref) -> slipped[0] = mm.lookup(1, new LookupStats()));
        assertEquals(StealOutcome.STOLEN, mm.stealRacy(1, other));
        assertEquals(1, audit.count(Violation.STOLEN_WHILE_SHARED));
        assertEquals(other, slipped[0]);
        arena.put(slipped[0]);
        arena.put(other);
        mm.unmapAll();
        assertEquals(0, arena.framesInUse());
    }

    @Test
    void shouldShareOneZeroPageAndReleaseItWithEverythingAtUnmap() {
        final long z = mm.zeroPage();
        assertNotEquals(PageRef.NULL, z);
        assertEquals(0, arena.readByte(z, 4095));
        assertEquals(2, arena.refCount(z), "the address space's and the caller's");
        assertEquals(z, mm.zeroPage());
        assertEquals(3, arena.refCount(z));
        arena.put(z);
        arena.put(z);
        assertTrue(mm.map(5, 2, (byte) 'u'));
        final long held = mm.lookup(6, stats);
        assertEquals(3, arena.framesInUse());
        mm.unmapAll();
        assertEquals(1, arena.framesInUse(), "only the page the caller still holds");
        assertEquals(1, arena.refCount(held));
        assertFalse(arena.hasFlags(held, PageFlags.MAPPED));
        assertTrue(arena.put(held));
        assertEquals(0, audit.total(), () -> audit.events().toString());
    }

    @Test
    void shouldFaultThroughDirectReclaimWhenGivenIt() {
        final PageReclaim reclaim = new PageReclaim(arena);
        final AddressSpace withReclaim = new AddressSpace(arena, reclaim);
        final PageIndexPool pool = arena.indexPool();
        final PageCache cache = new PageCache(arena, pool, 3);
        reclaim.register(cache);
        for (int i = 0; i < 8; i++) {
            final long ref = arena.alloc();
            arena.setFlags(ref, PageFlags.UPTODATE | PageFlags.LRU);
            cache.insert(i, ref);
        }
        assertEquals(8, arena.framesInUse());
        assertTrue(withReclaim.map(0, 2, (byte) 'r'), "clean cached pages were evicted to make room");
        assertEquals(1, reclaim.stalls.sum(), "one allocation found the arena empty");
        assertEquals(0, cache.nrPages(), "it evicted every clean page it found");
        assertEquals(2, arena.framesInUse());
        withReclaim.unmapAll();
        cache.destroyQuiescent();
        assertEquals(0, arena.framesInUse());
        assertEquals(0, audit.total(), () -> audit.events().toString());
    }
}
