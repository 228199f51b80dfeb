package org.splicelab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PageIndexTest {
    private final PageIndexPool pool = new PageIndexPool(4096);

    @AfterEach
    void tearDown() {
        pool.close();
    }

    private static long page(final int frame) {
        return PageRef.of(frame, 1);
    }

    @Test
    void shouldStartEmptyAndMissEverywhere() {
        final PageIndex index = new PageIndex(pool);
        assertEquals(PageIndex.EMPTY, index.load(0));
        assertEquals(PageIndex.EMPTY, index.load(1L << 40));
        assertEquals(PageIndex.EMPTY, index.load(-1));
        assertEquals(-1, index.nextPage(0));
        assertEquals(0, index.entries());
        index.destroy();
    }

    @Test
    void shouldGrowTheTreeForLargeIndexesAndKeepTheSmallOnes() {
        final PageIndex index = new PageIndex(pool);
        assertTrue(index.insert(3, PageIndex.EMPTY, page(3)));
        final long beyond2GiB = (3L << 30) >>> 12;     // byte offset 3 GiB: page index past 2^19
        final long beyond4TiB = (5L << 40) >>> 12;     // past 2^30
        assertTrue(index.insert(beyond2GiB, PageIndex.EMPTY, page(7)));
        assertTrue(index.insert(beyond4TiB, PageIndex.EMPTY, page(9)));
        assertEquals(page(3), index.load(3), "growing the root keeps what was below it");
        assertEquals(page(7), index.load(beyond2GiB));
        assertEquals(page(9), index.load(beyond4TiB));
        assertEquals(PageIndex.EMPTY, index.load(beyond2GiB + 1));
        assertEquals(3, index.entries());
        assertEquals(3, index.nextPage(0));
        assertEquals(beyond2GiB, index.nextPage(4));
        assertEquals(beyond4TiB, index.nextPage(beyond2GiB + 1));
        assertEquals(-1, index.nextPage(beyond4TiB + 1));
        index.destroy();
    }

    @Test
    void shouldCountPagesButNotShadows() {
        final PageIndex index = new PageIndex(pool);
        index.insert(1, PageIndex.EMPTY, page(1));
        index.insert(2, PageIndex.EMPTY, page(2));
        assertTrue(index.compareAndSet(1, page(1), PageIndex.SHADOW_STOLEN));
        assertFalse(index.compareAndSet(1, page(1), PageIndex.EMPTY), "CAS with a stale expectation fails");
        assertEquals(1, index.entries());
        assertTrue(PageIndex.isShadow(index.load(1)));
        assertEquals(2, index.nextPage(0), "a shadow is not a page");
        assertTrue(index.insert(1, PageIndex.SHADOW_STOLEN, page(5)), "a refill replaces the shadow");
        assertEquals(2, index.entries());
        assertFalse(index.compareAndSet(1L << 30, PageIndex.EMPTY, page(6)), "CAS never creates the path");
        index.destroy();
    }

    @Test
    void shouldRejectIndexesBeyondTheLargestTree() {
        final PageIndex index = new PageIndex(pool);
        assertThrows(IllegalArgumentException.class, () -> index.insert(1L << 36, PageIndex.EMPTY, page(1)));
        index.destroy();
    }

    @Test
    void shouldReturnEveryNodeWhenDestroyed() {
        final int before = pool.nodesInUseQuiescent();
        final PageIndex index = new PageIndex(pool);
        for (long i = 0; i < 10_000; i += 7) {
            index.insert(i * 13, PageIndex.EMPTY, page((int) i + 1));
        }
        assertTrue(pool.nodesInUseQuiescent() > before + 100);
        index.destroy();
        index.destroy();
        assertEquals(before, pool.nodesInUseQuiescent());
    }

    @Test
    void shouldAgreeWithASortedMapOnRandomInsertsAndRemovals() {
        try (PageIndexPool big = new PageIndexPool(1 << 16)) {
            agreeWithASortedMap(big);
        }
    }

    private static void agreeWithASortedMap(final PageIndexPool pool) {
        final PageIndex index = new PageIndex(pool);
        final TreeMap<Long, Long> model = new TreeMap<>();
        final SplittableRandom random = new SplittableRandom(11);
        for (int step = 0; step < 20_000; step++) {
            final long i = random.nextInt(4) == 0 ? random.nextLong(1L << 34) : random.nextLong(2048);
            final long current = model.getOrDefault(i, PageIndex.EMPTY);
            if (current == PageIndex.EMPTY) {
                final long ref = page(1 + random.nextInt(1 << 20));
                assertTrue(index.insert(i, PageIndex.EMPTY, ref));
                model.put(i, ref);
            } else {
                assertTrue(index.compareAndSet(i, current, PageIndex.EMPTY));
                model.remove(i);
            }
        }
        assertEquals(model.size(), index.entries());
        long at = -1;
        for (final var e : model.entrySet()) {
            assertEquals(e.getKey(), index.nextPage(at + 1));
            assertEquals(e.getValue(), index.load(e.getKey()));
            at = e.getKey();
        }
        assertEquals(-1, index.nextPage(at + 1));
        index.destroy();
    }

    @Test
    void shouldFailCleanlyWhenThePoolIsExhausted() {
        try (PageIndexPool tiny = new PageIndexPool(4)) {
            final PageIndex index = new PageIndex(tiny);
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> index.insert(1L << 20, PageIndex.EMPTY, page(1)));
            assertTrue(e.getMessage().contains("exhausted"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> new PageIndex(tiny));
        }
    }
}
