package org.splicelab.protocols;

import org.splicelab.memory.testing.ArenaCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;

@ArenaCheck
class PageVectorTest {
    private PageArena arena;
    private PageVectorPool pool;

    @BeforeEach
    void setUp() {
        arena = new PageArena(64, new PageAudit());
        pool = new PageVectorPool(4, 16);
    }

    @AfterEach
    void tearDown() {
        assertEquals(0, pool.inUse(), "every slab returned to the pool");
        pool.close();
        arena.close();
        assertEquals(0, arena.audit().total(), () -> "violations: " + arena.audit().events());
    }

    @Test
    void shouldCarryEntriesFromSenderToReceiver() {
        final PageVector sender = pool.vector();
        final long a = arena.alloc();
        final long b = arena.alloc();
        sender.open()
            .add(a, 0, 4096, PipeBufFlag.CAN_MERGE.bit(), OpsKind.ANON)
            .add(b, 100, 7, PipeBufFlag.GIFT.bit() | PipeBufFlag.LRU.bit(), OpsKind.USER_PAGE);
        assertEquals(2, sender.count());
        assertEquals(14, sender.remaining());
        final long handle = sender.send();
        assertFalse(sender.isWrapped(), "send unwraps the sender's flyweight");

        final PageVector receiver = pool.vector().receive(handle);
        assertEquals(2, receiver.count());
        assertEquals(a, receiver.ref(0));
        assertEquals(0, receiver.offset(0));
        assertEquals(4096, receiver.len(0));
        assertEquals(PipeBufFlag.CAN_MERGE.bit(), receiver.flags(0));
        assertEquals(OpsKind.ANON, receiver.ops(0));
        assertEquals(b, receiver.ref(1));
        assertEquals(100, receiver.offset(1));
        assertEquals(7, receiver.len(1));
        assertEquals(OpsKind.USER_PAGE, receiver.ops(1));
        assertEquals("lru|gift", PipeBufFlag.toString(receiver.flags(1)));
        assertEquals(4103, receiver.bytes());
        receiver.discard(arena);
        assertEquals(0, arena.framesInUse(), "discard put every reference");
    }

    @Test
    void shouldCarryEachEntrysPrivateWordBesideItsOpsKind() {
        final long a = arena.alloc();
        final long b = arena.alloc();
        final long handle = pool.vector().open().add(a, 0, 100, 0, OpsKind.RELAY, 4096)
            .add(b, 0, 1, 0, OpsKind.NOSTEAL, PageVector.MAX_PRIVATE).send();
        final PageVector in = pool.vector().receive(handle);
        assertEquals(OpsKind.RELAY, in.ops(0));
        assertEquals(4096, in.priv(0));
        assertEquals(OpsKind.NOSTEAL, in.ops(1));
        assertEquals(PageVector.MAX_PRIVATE, in.priv(1));
        in.discard(arena);
        final PageVector open = pool.vector().open();
        final long c = arena.alloc();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> open.add(c, 0, 1, 0, OpsKind.RELAY, PageVector.MAX_PRIVATE + 1));
        open.release();
        arena.put(c);
    }

    @Test
    void shouldFailLoudlyWhenAVectorIsReceivedTwice() {
        final long page = arena.alloc();
        final long handle = pool.vector().open().add(page, 0, 1, 0, OpsKind.ANON).send();
        final PageVector first = pool.vector().receive(handle);
        final PageVectorStateException again =
            assertThrows(PageVectorStateException.class, () -> pool.vector().receive(handle));
        assertTrue(again.getMessage().contains("RECEIVED"), again.getMessage());
        first.discard(arena);
        final PageVectorStateException afterRelease =
            assertThrows(PageVectorStateException.class, () -> pool.vector().receive(handle));
        assertTrue(afterRelease.getMessage().contains("already consumed"), afterRelease.getMessage());
    }

    @Test
    void shouldRejectUseOfAnUnwrappedOrBusyFlyweight() {
        final PageVector v = pool.vector();
        assertThrows(PageVectorStateException.class, () -> v.add(1, 0, 0, 0, OpsKind.ANON));
        assertThrows(PageVectorStateException.class, v::send);
        assertThrows(PageVectorStateException.class, v::release);
        v.open();
        assertThrows(PageVectorStateException.class, v::open, "still wrapping a slab");
        v.release();
        assertThrows(PageVectorStateException.class, () -> v.receive(0x1_0000_0099L), "forged handle");
    }

    @Test
    void shouldRefuseMoreEntriesThanASlabHolds() {
        final PageVector v = pool.vector().open();
        for (int i = 0; i < 16; i++) {
            v.add(0, 0, 0, 0, OpsKind.ZERO);
        }
        assertTrue(v.isFull());
        assertThrows(IndexOutOfBoundsException.class, () -> v.add(0, 0, 0, 0, OpsKind.ZERO));
        v.discard(arena);
    }

    @Test
    void shouldReportPoolExhaustion() {
        final long[] handles = new long[4];
        for (int i = 0; i < 4; i++) {
            handles[i] = pool.vector().open().send();
        }
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.vector().open());
        assertTrue(e.getMessage().contains("exhausted"), e.getMessage());
        final PageVector r = pool.vector();
        for (final long h : handles) {
            r.receive(h).release();
        }
    }

    @Test
    void shouldReuseSlabsUnderANewGeneration() {
        final long h1 = pool.vector().open().send();
        pool.vector().receive(h1).release();
        final PageVector v = pool.vector();
        long h2 = 0;
        for (int i = 0; i < 4; i++) {
            h2 = v.open().send();
            if ((int) h2 == (int) h1) {
                break;
            }
            pool.vector().receive(h2).release();
        }
        assertEquals((int) h1, (int) h2, "the freed slab comes back");
        assertTrue(h1 != h2, "with a new generation");
        final long stale = h1;
        assertThrows(PageVectorStateException.class, () -> pool.vector().receive(stale));
        pool.vector().receive(h2).release();
    }
}
