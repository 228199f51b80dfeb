package org.splicelab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The node pool's bounds and counts, the free list's reuse after a full cycle, direct reclaim's choices. */
class PoolsAndReclaimTest {
    @Test
    void shouldHandOutEveryIndexOnceAcrossManyCyclesAndCountTheFree() {
        try (IndexFreeList list = new IndexFreeList(1)) {
            assertEquals(1, list.capacity());
            assertEquals(1, list.countFreeQuiescent());
            for (int cycle = 0; cycle < 5; cycle++) {
                assertEquals(0, list.pop());
                assertEquals(IndexFreeList.EMPTY, list.pop());
                assertEquals(0, list.countFreeQuiescent());
                list.push(0);
                assertEquals(1, list.countFreeQuiescent());
            }
        }
        try (IndexFreeList list = new IndexFreeList(4)) {
            assertEquals(4, list.countFreeQuiescent());
            final Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                assertTrue(seen.add(list.pop()));
            }
            assertEquals(Set.of(0, 1, 2, 3), seen);
            list.push(3);
            list.push(0);
            assertEquals(2, list.countFreeQuiescent());
            assertEquals(0, list.pop());
            assertEquals(3, list.pop());
            assertEquals(IndexFreeList.EMPTY, list.pop());
            list.close();
            list.close();   // once
        }
        assertThrows(IllegalArgumentException.class, () -> new IndexFreeList(-1));
        new IndexFreeList(1).close();
    }

    @Test
    void shouldSizeItsNodesAndKeepNodeZeroForItself() {
        assertThrows(IllegalArgumentException.class, () -> new PageIndexPool(1));
        try (PageIndexPool pool = new PageIndexPool(2)) {
            assertEquals(2, pool.capacity());
            assertEquals(0, pool.nodesInUseQuiescent());
            final int node = pool.allocNode();
            assertEquals(1, node, "node 0 is never handed out");
            assertEquals(1, pool.nodesInUseQuiescent());
            assertEquals(0, pool.allocNode(), "exhausted");
            pool.storeOrdered(node, 63, 5);
            assertEquals(5, pool.load(node, 63));
            assertEquals(5, PageIndexPool.loadAt(pool.slotAddress(node, 63)));
            assertEquals(12, pool.addAndGet(node, 63, 7));
            assertEquals(12, pool.load(node, 63));
            assertTrue(pool.compareAndSet(node, 0, 0, 9));
            assertEquals(9, pool.load(node, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> pool.load(node, 64));
            assertThrows(IndexOutOfBoundsException.class, () -> pool.load(node, -1));
            assertThrows(IndexOutOfBoundsException.class, () -> pool.load(0, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> pool.load(2, 0));
            pool.freeNode(node);
            assertEquals(0, pool.nodesInUseQuiescent());
            assertEquals(1, pool.allocNode());
            assertEquals(0, pool.load(node, 63), "a node comes back zeroed");
            assertEquals(0, pool.load(node, 0));
        }
        try (PageIndexPool sized = PageIndexPool.forFrames(1024)) {
            assertEquals(1024 + 64 + 4096, sized.capacity());
        }
    }

    @Test
    void shouldReclaimOnlyCleanUnlockedCachedPagesNobodyHolds() {
        final PageAudit audit = new PageAudit();
        try (PageArena arena = new PageArena(6, audit)) {
            final PageReclaim reclaim = new PageReclaim(arena);
            final PageCache cache = new PageCache(arena, arena.indexPool(), 9);
            reclaim.register(cache);
            final long[] pages = new long[5];
            for (int i = 0; i < 5; i++) {
                pages[i] = arena.alloc();
                arena.setFlags(pages[i], PageFlags.UPTODATE);
                cache.insert(i, pages[i]);
            }
            arena.setFlags(pages[0], PageFlags.DIRTY);
            arena.setFlags(pages[1], PageFlags.WRITEBACK);
            assertTrue(arena.tryLock(pages[2]));
            assertTrue(arena.get(pages[3]));   // someone holds it
            final long anon = arena.alloc();   // not in any cache
            assertEquals(6, arena.framesInUse());
            final long fresh = reclaim.alloc();
            assertNotEquals(PageRef.NULL, fresh, "page 4 was evicted for it");
            assertEquals(1, reclaim.stalls.sum());
            assertEquals(1, reclaim.evicted.sum());
            assertEquals(PageIndex.SHADOW_EVICTED, cache.peek(4));
            for (int i = 0; i < 4; i++) {
                assertEquals(pages[i], cache.peek(i), "page " + i + " stays");
            }
            assertEquals(PageRef.NULL, reclaim.alloc(), "nothing else may go");
            assertEquals(2, reclaim.stalls.sum());
            assertEquals(0, reclaim.reclaim(4));
            arena.unlock(pages[2]);
            assertEquals(1, reclaim.reclaim(4), "unlocked, page 2 may go now");
            reclaim.unregister(cache);
            arena.put(pages[3]);
            assertEquals(0, reclaim.reclaim(4), "an unregistered cache is left alone");
            arena.put(fresh);
            arena.put(anon);
            cache.destroyQuiescent();
            assertEquals(0, arena.framesInUse());
            assertEquals(0, audit.total(), () -> audit.events().toString());
        }
    }
}
