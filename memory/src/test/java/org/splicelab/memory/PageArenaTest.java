package org.splicelab.memory;

import org.splicelab.memory.testing.ArenaCheck;
import org.splicelab.memory.testing.ExpectViolations;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@ArenaCheck
class PageArenaTest {
    private PageAudit audit;
    private PageArena arena;

    @BeforeEach
    void setUp() {
        audit = new PageAudit();
        arena = new PageArena(8, audit);
    }

    @AfterEach
    void tearDown() {
        arena.close();
    }

    private void assertNoViolations() {
        assertEquals(0, audit.total(), () -> "violations: " + audit.events());
    }

    private ViolationEvent onlyEvent(final Violation expected) {
        final List<ViolationEvent> events = audit.events();
        assertEquals(1, events.size(), () -> "events: " + events);
        assertEquals(expected, events.get(0).violation());
        assertEquals(1, audit.count(expected));
        return events.get(0);
    }

    @Test
    void shouldAllocateDistinctFramesWithRefcountOneUntilExhausted() {
        final Set<Integer> frames = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            final long ref = arena.alloc();
            assertNotEquals(PageRef.NULL, ref);
            assertTrue(frames.add(PageRef.frame(ref)), "frame handed out twice");
            assertEquals(1, arena.refCount(ref));
            assertEquals(0, arena.flags(ref));
        }
        assertEquals(PageRef.NULL, arena.alloc(), "a full arena returns NULL");
        assertEquals(8, arena.framesInUse());
        assertNoViolations();
        arena.reclaimAllQuiescent();
    }

    @Test
    void shouldFreeAtZeroAndBumpTheGeneration() {
        final long ref = arena.alloc();
        assertTrue(arena.get(ref));
        assertEquals(2, arena.refCount(ref));
        assertFalse(arena.put(ref), "not freed at 1");
        assertTrue(arena.put(ref), "freed at 0");
        assertEquals(0, arena.framesInUse());
        final long again = arena.alloc();
        assertEquals(PageRef.frame(ref), PageRef.frame(again), "LIFO free list reuses the frame");
        assertEquals(PageRef.generation(ref) + 1, PageRef.generation(again));
        assertEquals(0, arena.refCount(ref), "stale reference sees no refs");
        assertTrue(arena.put(again));
        assertNoViolations();
    }

    @Test
    void shouldRefuseTryGetOnAFreeFrameWithoutViolation() {
        final long ref = arena.alloc();
        assertTrue(arena.tryGet(ref));
        arena.put(ref);
        arena.put(ref);
        assertFalse(arena.tryGet(ref), "tryGet on a freed page must fail");
        assertNoViolations();
    }

    @Test
    @ExpectViolations({Violation.REFCOUNT_UNDERFLOW})
    void shouldRecordUnderflowWhenPutBelowZero() {
        final long ref = arena.alloc();
        final long forged = PageRef.of(PageRef.frame(ref), PageRef.generation(ref));
        assertTrue(arena.put(ref));
        // the frame is free now with generation+1; a reference of that generation is a bogus "live" ref
        final long nextLife = PageRef.of(PageRef.frame(forged), PageRef.generation(forged) + 1);
        assertFalse(arena.put(nextLife));
        final ViolationEvent e = onlyEvent(Violation.REFCOUNT_UNDERFLOW);
        assertEquals("put", e.operation());
        assertTrue(e.detail().contains("refcount=0"), e.detail());
    }

    @Test
    @ExpectViolations({Violation.USE_AFTER_FREE})
    void shouldRecordUseAfterFreeOnAStaleReference() {
        final long ref = arena.alloc();
        arena.put(ref);
        final long reused = arena.alloc();
        assertFalse(arena.put(ref), "stale put refused");
        assertFalse(arena.get(ref), "stale get refused");
        assertFalse(arena.write(ref, 0, new byte[1], 0, 1), "stale write refused");
        assertEquals(3, audit.count(Violation.USE_AFTER_FREE));
        assertEquals(1, arena.refCount(reused), "the frame's new life is untouched");
        assertTrue(arena.put(reused));
    }

    @Test
    @ExpectViolations({Violation.USE_AFTER_FREE})
    void shouldRecordUseAfterFreeWhenGettingAFreedPage() {
        final long ref = arena.alloc();
        arena.put(ref);
        assertFalse(arena.get(ref));
        onlyEvent(Violation.USE_AFTER_FREE);
    }

    @Test
    void shouldFreezeOnlyAtTheExpectedCount() {
        final long ref = arena.alloc();
        arena.get(ref);
        assertFalse(arena.freeze(ref, 1), "two holders, expected one");
        assertTrue(arena.freeze(ref, 2));
        assertTrue(arena.isFrozen(ref));
        assertFalse(arena.tryGet(ref), "tryGet fails on a frozen page");
        assertEquals(0, arena.refCount(ref));
        arena.unfreeze(ref, 1);
        assertEquals(1, arena.refCount(ref));
        assertTrue(arena.claimExclusive(ref));
        assertTrue(arena.put(ref));
        assertNoViolations();
    }

    @Test
    @ExpectViolations({Violation.STOLEN_WHILE_SHARED})
    void shouldRecordStolenWhileSharedWhenAHolderTouchesAFrozenPage() {
        final long ref = arena.alloc();
        arena.get(ref);
        // the stealer counted only its own reference... but froze at 2 (as if one of them were the cache)
        assertTrue(arena.freeze(ref, 2));
        assertFalse(arena.put(ref), "the forgotten holder's put is refused");
        final ViolationEvent e = onlyEvent(Violation.STOLEN_WHILE_SHARED);
        assertEquals("put", e.operation());
        assertFalse(arena.get(ref));
        assertEquals(2, audit.count(Violation.STOLEN_WHILE_SHARED));
        arena.unfreeze(ref, 2);
        arena.put(ref);
        arena.put(ref);
    }

    @Test
    @ExpectViolations({Violation.STOLEN_WHILE_SHARED})
    void shouldRecordStolenWhileSharedWhenClaimingASharedPage() {
        final long ref = arena.alloc();
        arena.get(ref);
        assertFalse(arena.claimExclusive(ref));
        final ViolationEvent e = onlyEvent(Violation.STOLEN_WHILE_SHARED);
        assertTrue(e.detail().contains("refcount=2"), e.detail());
        arena.put(ref);
        arena.put(ref);
    }

    @Test
    void shouldRejectUnfreezeOfAPageThatIsNotFrozen() {
        final long ref = arena.alloc();
        assertThrows(IllegalStateException.class, () -> arena.unfreeze(ref, 1));
        assertThrows(IllegalArgumentException.class, () -> arena.freeze(ref, 0));
        arena.put(ref);
    }

    @Test
    void shouldLockExclusively() {
        final long ref = arena.alloc();
        assertTrue(arena.tryLock(ref));
        assertFalse(arena.tryLock(ref));
        assertTrue(arena.hasFlags(ref, PageFlags.LOCKED));
        arena.unlock(ref);
        assertFalse(arena.hasFlags(ref, PageFlags.LOCKED));
        assertThrows(IllegalStateException.class, () -> arena.unlock(ref));
        arena.put(ref);
        assertNoViolations();
    }

    @Test
    void shouldSetClearAndTestFlags() {
        final long ref = arena.alloc();
        assertEquals(0, arena.setFlags(ref, PageFlags.UPTODATE | PageFlags.LRU));
        assertTrue(arena.hasFlags(ref, PageFlags.UPTODATE | PageFlags.LRU));
        assertFalse(arena.hasFlags(ref, PageFlags.DIRTY));
        assertEquals(PageFlags.UPTODATE | PageFlags.LRU, arena.clearFlags(ref, PageFlags.LRU));
        assertEquals(PageFlags.UPTODATE, arena.flags(ref));
        assertEquals("uptodate", PageFlags.toString(arena.flags(ref)));
        arena.put(ref);
        final long next = arena.alloc();
        assertEquals(0, arena.flags(next), "a new life starts with no flags");
        arena.put(next);
        assertNoViolations();
    }

    @Test
    void shouldRecordPageCacheMembership() {
        final long ref = arena.alloc();
        assertEquals(0L, arena.owner(ref));
        arena.setMapping(ref, 42L, 7L);
        assertTrue(arena.hasFlags(ref, PageFlags.IN_PAGE_CACHE));
        assertEquals(42L, arena.owner(ref));
        assertEquals(7L, arena.index(ref));
        arena.clearMapping(ref);
        assertEquals(0L, arena.owner(ref));
        assertFalse(arena.hasFlags(ref, PageFlags.IN_PAGE_CACHE));
        arena.put(ref);
        assertNoViolations();
    }

    @Test
    void shouldWriteReadFillCopyAndChecksum() {
        final long a = arena.alloc();
        final long b = arena.alloc();
        arena.fill(a, 0, PageArena.PAGE_SIZE, (byte) 'A');
        final byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        arena.write(a, 100, hello, 0, hello.length);
        final byte[] out = new byte[7];
        arena.read(a, 99, out, 0, 7);
        assertArrayEquals("AhelloA".getBytes(StandardCharsets.US_ASCII), out);
        assertEquals((byte) 'h', arena.readByte(a, 100));

        arena.fill(b, 0, PageArena.PAGE_SIZE, (byte) 0);
        assertNotEquals(arena.checksum(a, 0, PageArena.PAGE_SIZE), arena.checksum(b, 0, PageArena.PAGE_SIZE));
        arena.copy(a, 0, b, 0, PageArena.PAGE_SIZE);
        assertEquals(arena.checksum(a, 0, PageArena.PAGE_SIZE), arena.checksum(b, 0, PageArena.PAGE_SIZE));
        arena.fill(b, 4095, 1, (byte) 'Z');
        assertNotEquals(arena.checksum(a, 0, PageArena.PAGE_SIZE), arena.checksum(b, 0, PageArena.PAGE_SIZE));
        assertEquals(arena.checksum(a, 1, 13), arena.checksum(b, 1, 13), "checksum covers only the range");

        arena.copy(a, 100, a, 101, 5);
        final byte[] shifted = new byte[6];
        arena.read(a, 100, shifted, 0, 6);
        assertArrayEquals("hhello".getBytes(StandardCharsets.US_ASCII), shifted, "overlapping copy is a memmove");
        arena.put(a);
        arena.put(b);
        assertNoViolations();
    }

    @Test
    void shouldRejectRangesBeyondThePage() {
        final long ref = arena.alloc();
        assertThrows(IndexOutOfBoundsException.class, () -> arena.fill(ref, 4000, 97, (byte) 1));
        assertThrows(IndexOutOfBoundsException.class, () -> arena.read(ref, -1, new byte[1], 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> arena.copy(ref, 0, ref, 1, 4096));
        assertThrows(IndexOutOfBoundsException.class, () -> arena.get(PageRef.of(8, 1)));
        arena.put(ref);
        assertNoViolations();
    }

    @Test
    @ExpectViolations({Violation.PAGE_LEAK})
    void shouldReportEachLeakedFrameAtClose() {
        final long leaked = arena.alloc();
        arena.get(leaked);
        final long freed = arena.alloc();
        arena.put(freed);
        arena.close();
        final ViolationEvent e = onlyEvent(Violation.PAGE_LEAK);
        assertEquals(leaked, e.pageRef());
        assertTrue(e.detail().contains("refcount=2"), e.detail());
        assertTrue(arena.isClosed());
        arena.close(); // idempotent: stores released exactly once
        assertEquals(1, audit.count(Violation.PAGE_LEAK));
    }

    @Test
    @ExpectViolations({Violation.USE_AFTER_FREE})
    void shouldThrowOnViolationWhenStrict() {
        audit.strict(true);
        final long ref = arena.alloc();
        arena.put(ref);
        final PageStateException e = assertThrows(PageStateException.class, () -> arena.put(ref));
        assertEquals(Violation.USE_AFTER_FREE, e.event().violation());
        assertEquals(1, audit.count(Violation.USE_AFTER_FREE), "recorded before throwing");
    }

    @Test
    void shouldRefuseGetAtTheRefcountLimit() {
        final long ref = arena.alloc();
        // drive the count to the limit quickly through freeze/unfreeze
        assertTrue(arena.freeze(ref, 1));
        arena.unfreeze(ref, Integer.MAX_VALUE);
        assertFalse(arena.get(ref), "get at the limit fails (EFAULT in tee), no wrap");
        assertFalse(arena.tryGet(ref));
        assertEquals(Integer.MAX_VALUE, arena.refCount(ref));
        assertNoViolations();
        assertTrue(arena.freeze(ref, Integer.MAX_VALUE));
        arena.unfreeze(ref, 1);
        arena.put(ref);
    }

    @Test
    void shouldSupportAMillionFrames() {
        try (PageArena big = new PageArena(1 << 20, new PageAudit())) {
            final long first = big.alloc();
            long last = PageRef.NULL;
            for (int i = 1; i < (1 << 20); i++) {
                last = big.alloc();
            }
            assertEquals((1 << 20) - 1, PageRef.frame(last));
            assertEquals(PageRef.NULL, big.alloc());
            big.fill(last, 0, PageArena.PAGE_SIZE, (byte) 7);
            assertEquals(7, big.readByte(last, 4095));
            assertEquals(1 << 20, big.reclaimAllQuiescent());
            assertEquals(0, big.framesInUse());
            assertEquals(0, big.audit().total());
            assertNotEquals(PageRef.NULL, first);
        }
    }
}
