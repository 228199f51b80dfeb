package org.splicelab.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.splicelab.memory.LookupStats;
import org.splicelab.memory.LookupTotals;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.PageCache;
import org.splicelab.memory.PageFlags;
import org.splicelab.memory.PageRef;
import org.splicelab.memory.StealOutcome;
import org.splicelab.memory.Violation;

/**
 * Real threads on one shared page cache: readers look pages up lock-free and check every byte they
 * got is the file's, while one thread (the stealer, which is also the owner that refills) steals pages
 * and scribbles over what it stole, as the new exclusive owner may. With the kernel's steal
 * (lock + freeze + remove) no reader ever sees a scribble and no violation is reported; with the racy
 * steal (check the count, then remove) both happen. Each test prints its seed.
 */
class PageCacheStressTest {
    private static final int PAGES = 4;
    private static final int READERS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private record Result(long steals, long torn, LookupTotals stats, PageAudit audit) {
    }

    private static Result hammer(final String name, final boolean racy, final boolean recheck) throws Exception {
        final StressRun run = StressRun.configured(name);
        final PageAudit audit = new PageAudit();
        final LookupStats[] perThread = new LookupStats[READERS + 1];
        for (int t = 0; t < perThread.length; t++) {
            perThread[t] = new LookupStats();
        }
        final LookupTotals totals = new LookupTotals();
        final AtomicLong steals = new AtomicLong();
        final AtomicLong torn = new AtomicLong();
        try (PageArena arena = new PageArena(64, audit)) {
            final PageCache cache = new PageCache(arena, arena.indexPool(), 9);
            final long[] expected = new long[PAGES];
            for (int i = 0; i < PAGES; i++) {
                refill(arena, cache, i);
                expected[i] = arena.checksum(cache.peek(i), 0, PageArena.PAGE_SIZE);
            }
            run.run(name, READERS + 1, (t, random) -> {
                final int i = random.nextInt(PAGES);
                final LookupStats stats = perThread[t];
                final long ref = recheck ? cache.lookup(i, stats) : cache.lookupNoRecheck(i, stats);
                if (t == 0) {
                    if (ref == PageRef.NULL) {
                        refill(arena, cache, i);
                        return;
                    }
                    final StealOutcome o = racy ? cache.stealRacy(i, ref) : cache.steal(i, ref);
                    if (o == StealOutcome.STOLEN) {
                        steals.incrementAndGet();
                        arena.fill(ref, 0, PageArena.PAGE_SIZE, (byte) 0x5A);   // the new owner's page now
                    }
                    arena.put(ref);
                } else if (ref != PageRef.NULL) {
                    if (arena.checksum(ref, 0, PageArena.PAGE_SIZE) != expected[i]) {
                        torn.incrementAndGet();
                    }
                    arena.put(ref);
                }
            });
            cache.destroyQuiescent();
            for (final LookupStats t : perThread) {
                t.flushTo(totals);
            }
            assertEquals(0, arena.framesInUse(), "every page freed");
        }
        System.out.printf("[%s] steals=%d lookups=%d retries-frozen=%d retries-changed=%d torn reads=%d violations=%s%n",
            name, steals.get(), totals.lookups.sum(), totals.retriesFrozen.sum(), totals.retriesChanged.sum(), torn.get(),
            audit.counts());
        return new Result(steals.get(), torn.get(), totals, audit);
    }

    private static void refill(final PageArena arena, final PageCache cache, final int index) {
        final long ref = arena.alloc();
        arena.fill(ref, 0, PageArena.PAGE_SIZE, (byte) ('a' + index));
        arena.setFlags(ref, PageFlags.UPTODATE | PageFlags.LRU);
        cache.insert(index, ref);
    }

    /**
     * A race on real threads shows when the threads really run at once: on a loaded machine that may
     * take more than one round, so each test runs rounds (each of the configured time) until it has
     * seen what it looks for, at most {@value #ROUNDS}.
     */
    private static final int ROUNDS = 10;

    /** The kernel's discipline: readers never get a stolen page, and lookups do meet steals in flight. */
    @Test
    @Timeout(1200)
    void shouldNeverHandAReaderAPageAStealTook() throws Exception {
        long retries = 0;
        for (int round = 0; round < ROUNDS && retries == 0; round++) {
            final Result r = hammer("page-cache-steal", false, true);
            assertTrue(r.steals() > 1000, "steals happened: " + r.steals());
            assertEquals(0, r.torn(), "a reader saw bytes that are not the file's");
            assertEquals(0, r.audit().total(), () -> "violations: " + r.audit().events());
            retries += r.stats().retriesFrozen.sum() + r.stats().retriesChanged.sum();
        }
        assertTrue(retries > 0, "lookups met frozen or removed pages (real contention) within " + ROUNDS + " rounds");
    }

    /** private-pages-racy's steal: a lookup's reference slips in between the check and the removal. */
    @Test
    @Timeout(1200)
    void shouldCatchTheStealThatChecksThenRemoves() throws Exception {
        long caught = 0;
        for (int round = 0; round < ROUNDS && caught == 0; round++) {
            caught = hammer("page-cache-racy-steal", true, true).audit().count(Violation.STOLEN_WHILE_SHARED);
        }
        assertTrue(caught > 0, "the racy steal was caught stealing a page a reader held within " + ROUNDS + " rounds");
    }

    /** lookup-no-recheck: a lookup that loaded the slot before a steal takes a reference after it. */
    @Test
    @Timeout(1200)
    void shouldNameTheLookupThatSkipsTheRecheck() throws Exception {
        long named = 0;
        long torn = 0;
        for (int round = 0; round < ROUNDS && (named == 0 || torn == 0); round++) {
            final Result r = hammer("page-cache-no-recheck", false, false);
            named += r.audit().count(Violation.STALE_PAGE_CACHE_LOOKUP);
            torn += r.torn();
        }
        assertTrue(named > 0, "the checker named the stale lookup within " + ROUNDS + " rounds");
        assertTrue(torn > 0, "and a reader saw the stealer's bytes instead of the file's");
    }
}
