package org.splicelab.memory;

import org.splicelab.memory.testing.ArenaCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@ArenaCheck
class PageCacheTest {
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

    @AfterEach
    void tearDown() {
        cache.destroyQuiescent();
        assertEquals(0, arena.framesInUse(), "every page back in the arena");
        arena.close();
        pool.close();
    }

    /** The owner's fill: a fresh, up-to-date page published at {@code index}. */
    private long cached(final long index, final byte fill) {
        final long ref = arena.alloc();
        arena.fill(ref, 0, PageArena.PAGE_SIZE, fill);
        arena.setFlags(ref, PageFlags.UPTODATE | PageFlags.LRU);
        assertEquals(PageIndex.EMPTY, cache.insert(index, ref));
        return ref;
    }

    private void assertNoViolations() {
        assertEquals(0, audit.total(), () -> "violations: " + audit.events());
    }

    @Test
    void shouldHitWithAReferenceAndMissOnAbsentPages() {
        final long ref = cached(2, (byte) 'A');
        assertEquals(ref, cache.lookup(2, stats));
        assertEquals(2, arena.refCount(ref), "the cache's reference and the caller's");
        assertEquals(7, arena.owner(ref));
        assertEquals(2, arena.index(ref));
        assertEquals(PageRef.NULL, cache.lookup(3, stats));
        assertEquals(2, stats.lookups);
        assertEquals(1, stats.hits);
        assertEquals(1, stats.misses);
        arena.put(ref);
        assertNoViolations();
    }

    @Test
    void shouldStealOnlyWhenTheCacheAndTheCallerAreTheOnlyHolders() {
        final long ref = cached(0, (byte) 'S');
        final long mine = cache.lookup(0, stats);
        final long other = cache.lookup(0, stats);
        assertEquals(StealOutcome.SHARED, cache.steal(0, mine), "a second holder makes the freeze fail");
        arena.put(other);
        assertEquals(StealOutcome.STOLEN, cache.steal(0, mine));
        assertEquals(1, arena.refCount(ref), "the stealer holds the only reference");
        assertEquals(0, arena.owner(ref), "out of the cache");
        assertFalse(arena.hasFlags(ref, PageFlags.LOCKED | PageFlags.LRU));
        assertEquals(PageIndex.SHADOW_STOLEN, cache.peek(0), "a shadow tells a refill that a steal caused it");
        assertEquals(PageRef.NULL, cache.lookup(0, stats), "a shadow is a miss");
        assertEquals(0, cache.nrPages());
        arena.put(mine);
        assertNoViolations();
    }

    @Test
    void shouldRefuseToStealDirtyLockedOrRemovedPages() {
        final long ref = cached(0, (byte) 'D');
        final long mine = cache.lookup(0, stats);
        arena.setFlags(ref, PageFlags.DIRTY);
        assertEquals(StealOutcome.DIRTY, cache.steal(0, mine));
        arena.clearFlags(ref, PageFlags.DIRTY);
        arena.setFlags(ref, PageFlags.WRITEBACK);
        assertEquals(StealOutcome.WRITEBACK, cache.steal(0, mine));
        arena.clearFlags(ref, PageFlags.WRITEBACK);
        assertTrue(arena.tryLock(ref));
        assertEquals(StealOutcome.LOCKED, cache.steal(0, mine));
        assertTrue(cache.removeLocked(0, ref), "truncate removes whatever the refcount");
        arena.unlock(ref);
        assertEquals(StealOutcome.REMOVED, cache.steal(0, mine));
        arena.put(ref);   // the cache's reference, which truncate puts
        arena.put(mine);
        assertNoViolations();
    }

    @Test
    void shouldEvictOnlyPagesNobodyElseHolds() {
        final long ref = cached(5, (byte) 'E');
        final long pipe = cache.lookup(5, stats);   // a pipe buffer's reference
        final long mine = cache.lookup(5, stats);
        assertFalse(cache.evict(5, mine), "a pipe reference pins the page (SEMANTICS 1.1)");
        arena.put(pipe);
        assertTrue(cache.evict(5, mine));
        assertEquals(PageIndex.SHADOW_EVICTED, cache.peek(5));
        assertTrue(arena.put(mine), "the evictor's put frees it");
        assertFalse(arena.isLive(ref));
        assertNoViolations();
    }

    @Test
    void shouldRetryALookupWhileThePageIsFrozenAndSeeTheStealsOutcome() throws Exception {
        final long ref = cached(1, (byte) 'F');
        final long stealer = cache.lookup(1, stats);
        assertTrue(arena.tryLock(ref));
        assertTrue(arena.freeze(ref, 2));
        final CountDownLatch started = new CountDownLatch(1);
        final long[] found = new long[1];
        final Thread reader = new Thread(() -> {
            started.countDown();
            found[0] = cache.lookup(1, stats);
        });
        reader.start();
        started.await();
        while (stats.retriesFrozen == 0) {
            Thread.onSpinWait();
        }
        // finish the steal by hand, as PageCache.steal would
        assertTrue(cache.removeLocked(1, ref));
        arena.unfreeze(ref, 1);
        arena.unlock(ref);
        reader.join(10_000);
        assertFalse(reader.isAlive());
        assertEquals(PageRef.NULL, found[0], "after the steal the page is gone: a miss, not the stolen page");
        assertTrue(stats.retriesFrozen > 0);
        arena.put(stealer);
        assertNoViolations();
    }

    @Test
    void shouldMissAStolenPageEvenWhileItLivesOnInAPipe() {
        final long ref = cached(0, (byte) 'R');
        final long stealer = cache.lookup(0, stats);
        assertEquals(StealOutcome.STOLEN, cache.steal(0, stealer));
        assertTrue(arena.isLive(ref), "the stealer's page lives on");
        assertEquals(PageRef.NULL, cache.lookup(0, stats), "but no lookup can find it");
        assertEquals(PageRef.NULL, cache.lookupNoRecheck(0, stats), "nor a racy one that loads after the removal");
        arena.put(stealer);
        assertNoViolations();
    }

    @Test
    void shouldReportThePutThatTookTheCachesReferenceAway() {
        final long ref = cached(0, (byte) 'P');
        final long pipe = cache.lookup(0, stats);
        arena.put(pipe);
        arena.put(pipe);   // one too many: the cache still holds the page
        assertEquals(1, audit.count(Violation.REFCOUNT_UNDERFLOW), () -> "events: " + audit.events());
        assertTrue(audit.events().get(0).detail().contains("page cache (file=7 index=0)"),
            audit.events().get(0).detail());
        assertTrue(arena.isLive(ref), "the extra put was refused: the cache's page lives on");
        audit.reset();
    }

    @Test
    void shouldReclaimCleanUnreferencedPagesWhenTheArenaIsEmpty() {
        final PageReclaim reclaim = new PageReclaim(arena);
        reclaim.register(cache);
        for (int i = 0; i < 8; i++) {
            cached(i, (byte) i);
        }
        final long held = cache.lookup(0, stats);   // a pipe holds page 0
        arena.setFlags(cache.peek(1), PageFlags.DIRTY);   // page 1 is dirty
        final long[] mine = new long[8];
        for (int i = 0; i < 8; i++) {
            mine[i] = arena.alloc();
        }
        assertEquals(PageRef.NULL, arena.alloc(), "the arena is full");
        final long fresh = reclaim.alloc();
        assertNotEquals(PageRef.NULL, fresh, "reclaim made room");
        assertTrue(reclaim.evicted.sum() >= 1);
        assertEquals(held, cache.peek(0), "a held page is not evicted");
        assertTrue(PageIndex.isPage(cache.peek(1)), "a dirty page is not evicted");
        arena.put(fresh);
        arena.put(held);
        for (final long m : mine) {
            arena.put(m);
        }
        arena.clearFlags(cache.peek(1), PageFlags.DIRTY);
        assertNoViolations();
    }
}
