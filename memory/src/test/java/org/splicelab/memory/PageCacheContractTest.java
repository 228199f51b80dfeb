package org.splicelab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The page cache's contract in the cases PIT found unasserted (docs/mutation.md): each steal and
 * eviction outcome with what it leaves behind (slot, mapping, flags, count, lock), the lookup's and
 * the racy lookup's retries when another thread acts at their schedule points, and the owner's
 * structure changes.
 */
class PageCacheContractTest {
    private PageAudit audit;
    private PageArena arena;
    private PageIndexPool pool;
    private PageCache cache;
    private LookupStats stats;

    @BeforeEach
    void setUp() {
        audit = new PageAudit();
        arena = new PageArena(16, audit);
        pool = new PageIndexPool(256);
        cache = new PageCache(arena, pool, 7);
        stats = new LookupStats();
    }

    /**
     * Every frame a test leaves in use must be the cache's: once the cache is destroyed (its references
     * put), none may be left, so a reference a steal, eviction or lookup took and did not hand on fails
     * the test here.
     */
    @AfterEach
    void tearDown() {
        arena.schedulePoints(null);
        cache.destroyQuiescent();
        final int leaked = arena.framesInUse();
        arena.reclaimAllQuiescent();
        arena.close();
        pool.close();
        assertEquals(0, leaked, "frames still referenced after the test and the cache let go of theirs");
    }

    private long cached(final long index) {
        final long ref = arena.alloc();
        arena.setFlags(ref, PageFlags.UPTODATE | PageFlags.LRU);
        assertEquals(PageIndex.EMPTY, cache.insert(index, ref));
        return ref;
    }

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
    void shouldKnowItsFileSizeAndPages() {
        assertThrows(IllegalArgumentException.class, () -> new PageCache(arena, pool, 0));
        assertEquals(7, cache.fileId());
        assertSame(arena, cache.arena());
        assertEquals(0, cache.size());
        cache.size(12345);
        assertEquals(12345, cache.size());
        assertEquals(0, cache.nrPages());
        assertEquals(-1, cache.nextCached(0));
        final long a = cached(3);
        final long b = cached(70);
        assertEquals(2, cache.nrPages());
        assertEquals(3, cache.nextCached(0));
        assertEquals(3, cache.nextCached(3));
        assertEquals(70, cache.nextCached(4));
        assertEquals(-1, cache.nextCached(71));
        assertEquals(a, cache.peek(3));
        assertEquals(b, cache.peek(70));
        assertEquals(PageIndex.EMPTY, cache.peek(4));
        assertEquals(1, arena.refCount(a), "peek takes no reference");
        cache.destroyQuiescent();
        assertEquals(0, arena.framesInUse());
    }

    @Test
    void shouldPublishAPageWithItsMappingAndRefuseASecondOne() {
        final long a = cached(5);
        assertEquals(7, arena.owner(a));
        assertEquals(5, arena.index(a));
        assertTrue(arena.hasFlags(a, PageFlags.IN_PAGE_CACHE));
        final long b = arena.alloc();
        assertThrows(IllegalStateException.class, () -> cache.insert(5, b));
        assertFalse(arena.hasFlags(b, PageFlags.IN_PAGE_CACHE), "the refused page keeps no mapping");
        assertEquals(0, arena.owner(b));
        assertTrue(arena.put(b));
        // evict, then a refill replaces the shadow and says so
        final long ref = cache.lookup(5, stats);
        assertTrue(cache.evict(5, ref));
        assertTrue(arena.put(ref));
        assertEquals(PageIndex.SHADOW_EVICTED, cache.peek(5));
        final long refill = arena.alloc();
        assertEquals(PageIndex.SHADOW_EVICTED, cache.insert(5, refill));
        assertEquals(refill, cache.peek(5));
        cache.destroyQuiescent();
        assertEquals(0, arena.framesInUse());
        assertEquals(0, audit.total());
    }

    @Test
    void shouldStealLeavingAShadowAndThePageTheCallersAlone() {
        final long a = cached(1);
        final long ref = cache.lookup(1, stats);
        assertEquals(StealOutcome.STOLEN, cache.steal(1, ref));
        assertEquals(PageIndex.SHADOW_STOLEN, cache.peek(1));
        assertEquals(0, cache.nrPages());
        assertEquals(1, arena.refCount(a));
        assertFalse(arena.hasFlags(a, PageFlags.IN_PAGE_CACHE));
        assertFalse(arena.hasFlags(a, PageFlags.LRU));
        assertFalse(arena.hasFlags(a, PageFlags.LOCKED), "unlocked again");
        assertTrue(arena.hasFlags(a, PageFlags.UPTODATE));
        assertEquals(0, arena.owner(a));
        assertEquals(PageRef.NULL, cache.lookup(1, stats), "a shadow is a miss");
        assertTrue(arena.put(a));
        assertEquals(0, audit.total());
    }

    @Test
    void shouldRefuseEachStealForItsOwnReasonAndChangeNothing() {
        final long a = cached(1);
        final long ref = cache.lookup(1, stats);
        assertTrue(arena.tryLock(a));
        assertEquals(StealOutcome.LOCKED, cache.steal(1, ref));
        assertEquals(StealOutcome.LOCKED, cache.stealRacy(1, ref));
        assertFalse(cache.evict(1, ref));
        assertTrue(arena.hasFlags(a, PageFlags.LOCKED), "still the other holder's lock");
        arena.unlock(a);
        arena.setFlags(a, PageFlags.WRITEBACK | PageFlags.DIRTY);
        assertEquals(StealOutcome.WRITEBACK, cache.steal(1, ref));
        assertEquals(StealOutcome.WRITEBACK, cache.stealRacy(1, ref));
        arena.clearFlags(a, PageFlags.WRITEBACK);
        assertEquals(StealOutcome.DIRTY, cache.steal(1, ref));
        assertEquals(StealOutcome.DIRTY, cache.stealRacy(1, ref));
        assertFalse(cache.evict(1, ref));
        arena.clearFlags(a, PageFlags.DIRTY);
        assertEquals(StealOutcome.REMOVED, cache.steal(2, ref), "not the page at index 2");
        assertEquals(StealOutcome.REMOVED, cache.stealRacy(2, ref));
        assertFalse(cache.evict(2, ref));
        final long pin = cache.lookup(1, stats);
        assertEquals(StealOutcome.SHARED, cache.steal(1, ref));
        assertEquals(StealOutcome.SHARED, cache.stealRacy(1, ref));
        assertFalse(cache.evict(1, ref));
        assertEquals(3, arena.refCount(a));
        assertEquals(a, cache.peek(1));
        assertFalse(arena.hasFlags(a, PageFlags.LOCKED), "every refusal unlocked");
        assertTrue(arena.hasFlags(a, PageFlags.IN_PAGE_CACHE | PageFlags.LRU));
        arena.put(pin);
        arena.put(ref);
        assertEquals(0, audit.total());
        cache.destroyQuiescent();
        assertEquals(0, arena.framesInUse());
    }

    @Test
    void shouldEvictLeavingTheCallersReferenceAndTheLruFlag() {
        final long a = cached(4);
        final long ref = cache.lookup(4, stats);
        assertTrue(cache.evict(4, ref));
        assertEquals(PageIndex.SHADOW_EVICTED, cache.peek(4));
        assertEquals(1, arena.refCount(a));
        assertFalse(arena.hasFlags(a, PageFlags.IN_PAGE_CACHE | PageFlags.LOCKED));
        assertTrue(arena.put(a));
        assertEquals(0, audit.total());
    }

    @Test
    void shouldStealRacilyAndNameTheLookupThatSlippedIn() {
        final long a = cached(1);
        final long ref = cache.lookup(1, stats);
        assertEquals(StealOutcome.STOLEN, cache.stealRacy(1, ref));
        assertEquals(PageIndex.SHADOW_STOLEN, cache.peek(1));
        assertEquals(1, arena.refCount(a));
        assertFalse(arena.hasFlags(a, PageFlags.IN_PAGE_CACHE | PageFlags.LRU | PageFlags.LOCKED));
        assertEquals(0, audit.total());
        assertTrue(arena.put(a));

        final long b = cached(2);
        final long mine = cache.lookup(2, stats);
        final long[] reader = new long[1];
        onceAt(SchedulePoints.Op.CACHE_STEAL_RACY_CHECKED, (op, r) -> reader[0] = cache.lookup(2, new LookupStats()));
        assertEquals(StealOutcome.STOLEN, cache.stealRacy(2, mine));
        assertEquals(b, reader[0]);
        assertEquals(1, audit.count(Violation.STOLEN_WHILE_SHARED));
        assertEquals(2, arena.refCount(b), "the stealer's and the reader's");
        arena.put(reader[0]);
        arena.put(b);

        final long c = cached(3);
        final long c1 = cache.lookup(3, stats);
        onceAt(SchedulePoints.Op.CACHE_STEAL_RACY_CHECKED, (op, r) -> {
            assertTrue(cache.removeLocked(3, c), "a truncate takes it meanwhile");
            assertTrue(arena.put(c) == false);
        });
        assertEquals(StealOutcome.REMOVED, cache.stealRacy(3, c1));
        assertEquals(1, arena.refCount(c), "the caller's, once the truncate put the cache's");
        assertTrue(arena.put(c1));
    }

    @Test
    void shouldWaitOutAFreezeAndRetryWhenTheSlotChangesUnderTheReference() {
        final long a = cached(1);
        assertTrue(arena.freeze(a, 1));
        onceAt(SchedulePoints.Op.CACHE_LOOKUP_FROZEN, (op, r) -> arena.unfreeze(r, 1));
        final long got = cache.lookup(1, stats);
        assertEquals(a, got);
        assertEquals(1, stats.retriesFrozen);
        assertEquals(1, stats.hits);
        arena.put(got);

        final long[] thief = new long[1];
        onceAt(SchedulePoints.Op.CACHE_LOOKUP_REFERENCED, (op, r) -> {
            arena.schedulePoints(null);
            // a truncate removes the page while this lookup holds its speculative reference
            assertTrue(cache.removeLocked(1, a));
            thief[0] = a;
        });
        assertEquals(PageRef.NULL, cache.lookup(1, stats));
        assertEquals(1, stats.retriesChanged);
        assertEquals(1, arena.refCount(a), "the speculative reference was put back; the cache's is the truncate's");
        assertTrue(arena.put(thief[0]));
        assertEquals(0, audit.total());
    }

    @Test
    void shouldRetryWhenThePageIsFreedBeforeTheReferenceAndNameAFreedPageStillCached() {
        final long a = cached(1);
        onceAt(SchedulePoints.Op.CACHE_LOOKUP_LOADED, (op, r) -> {
            arena.schedulePoints(null);
            assertTrue(cache.removeLocked(1, a));
            assertTrue(arena.put(a));
        });
        assertEquals(PageRef.NULL, cache.lookup(1, stats));
        assertEquals(1, stats.retriesChanged);
        assertEquals(1, stats.misses);
        assertEquals(0, audit.total());

        final long b = cached(2);
        arena.clearFlags(b, PageFlags.IN_PAGE_CACHE);
        assertTrue(arena.put(b), "the cache's reference dropped behind its back");
        assertEquals(PageRef.NULL, cache.lookup(2, stats));
        assertEquals(2, stats.misses, "a miss");
        assertEquals(1, audit.count(Violation.USE_AFTER_FREE));
        assertEquals("page-cache lookup", audit.events().get(0).operation());
    }

    @Test
    void shouldTakeAStalePageWithoutTheRecheckAndNameIt() {
        final long a = cached(1);
        final long hit = cache.lookupNoRecheck(1, stats);
        assertEquals(a, hit);
        assertEquals(PageRef.NULL, cache.lookupNoRecheck(9, stats));
        assertEquals(2, stats.lookups);
        assertEquals(1, stats.hits);
        assertEquals(1, stats.misses);
        arena.put(hit);
        assertEquals(0, audit.total());

        assertTrue(arena.freeze(a, 1));
        onceAt(SchedulePoints.Op.CACHE_LOOKUP_FROZEN, (op, r) -> arena.unfreeze(r, 1));
        final long afterFreeze = cache.lookupNoRecheck(1, stats);
        assertEquals(a, afterFreeze);
        assertEquals(1, stats.retriesFrozen);
        arena.put(afterFreeze);

        onceAt(SchedulePoints.Op.CACHE_LOOKUP_LOADED, (op, r) -> {
            arena.schedulePoints(null);
            final long stealer = cache.lookup(1, new LookupStats());
            assertEquals(StealOutcome.STOLEN, cache.steal(1, stealer));
        });
        final long stale = cache.lookupNoRecheck(1, stats);
        assertEquals(a, stale, "it took the stolen page");
        assertEquals(1, audit.count(Violation.STALE_PAGE_CACHE_LOOKUP));
        assertEquals(2, arena.refCount(a), "the stealer's and the stale one");
        arena.put(stale);
        arena.put(a);

        final long b = cached(2);
        onceAt(SchedulePoints.Op.CACHE_LOOKUP_LOADED, (op, r) -> {
            arena.schedulePoints(null);
            assertTrue(cache.removeLocked(2, b));
            assertTrue(arena.put(b));
        });
        assertEquals(PageRef.NULL, cache.lookupNoRecheck(2, stats), "freed before the reference: retry, then miss");
        assertEquals(1, stats.retriesChanged);
    }

    @Test
    void shouldForgetShadowsOnlyAndPutTheCachesReferencesWhenDestroyed() {
        final long a = cached(1);
        final long ref = cache.lookup(1, stats);
        assertTrue(cache.evict(1, ref));
        arena.put(ref);
        final long b = cached(2);
        cache.forgetShadow(1);
        assertEquals(PageIndex.EMPTY, cache.peek(1));
        cache.forgetShadow(2);
        assertEquals(b, cache.peek(2), "a page is no shadow");
        cache.forgetShadow(3);
        assertEquals(PageIndex.EMPTY, cache.peek(3));
        assertFalse(cache.removeLocked(1, a), "already gone");
        final long held = cache.lookup(2, stats);
        cache.destroyQuiescent();
        assertEquals(1, arena.refCount(held), "the cache's reference was put; the holder's lives on");
        assertFalse(arena.hasFlags(held, PageFlags.IN_PAGE_CACHE));
        assertTrue(arena.put(held));
        assertEquals(0, arena.framesInUse());
        assertEquals(0, audit.total());
    }
}
