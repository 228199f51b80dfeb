package org.splicelab.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The arena's contract operation by operation, in the cases PIT found unasserted (docs/mutation.md):
 * every operation through a stale reference (refused, named once as use-after-free, the frame's next
 * life untouched), what each refcount change shows the tracer, what a freed frame's next life starts
 * with, the exact bounds of data ranges, and the checksum's fixed values.
 */
class PageArenaContractTest {
    private PageAudit audit;
    private PageArena arena;
    private final List<String> traced = new ArrayList<>();

    @BeforeEach
    void setUp() {
        audit = new PageAudit();
        arena = new PageArena(4, audit);
    }

    @AfterEach
    void tearDown() {
        arena.tracer(null);
        arena.reclaimAllQuiescent();
        arena.close();
    }

    private void trace() {
        arena.tracer((op, ref, before, after) -> traced.add(op + " " + PageRef.toString(ref) + " " + before + "->"
            + after));
    }

    /** A reference whose frame was freed and allocated again: the frame's next life is {@code next[0]}. */
    private long stale(final long[] next) {
        final long ref = arena.alloc();
        assertTrue(arena.put(ref));
        next[0] = arena.alloc();
        assertEquals(PageRef.frame(ref), PageRef.frame(next[0]));
        return ref;
    }

    private void assertUseAfterFree(final String operation) {
        assertEquals(1, audit.count(Violation.USE_AFTER_FREE), () -> operation + ": " + audit.events());
        assertEquals(1, audit.total(), () -> operation + ": " + audit.events());
        assertEquals(operation, audit.events().get(0).operation());
        audit.reset();
    }

    // ------------------------------------------------------------------ construction and accessors

    @Test
    void shouldNeedAtLeastOneFrameAndStartEveryFrameAtGenerationOne() {
        assertThrows(IllegalArgumentException.class, () -> new PageArena(0));
        assertThrows(IllegalArgumentException.class, () -> new PageArena(-1));
        try (PageArena one = new PageArena(1)) {
            assertEquals(1, one.capacity());
            final long ref = one.alloc();
            assertEquals(1, PageRef.generation(ref));
            assertEquals(PageRef.NULL, one.alloc());
            assertTrue(one.put(ref));
        }
        final long[] refs = new long[4];
        for (int i = 0; i < 4; i++) {
            refs[i] = arena.alloc();
            assertEquals(1, PageRef.generation(refs[i]), "frame " + PageRef.frame(refs[i]));
            assertEquals(1, arena.refCount(refs[i]));
        }
        for (final long r : refs) {
            assertTrue(arena.put(r));
        }
        assertEquals(0, audit.total());
    }

    @Test
    void shouldKeepTheTracerAndSchedulePointsItWasGivenAndItsIndexPoolUntilClosed() {
        final PageTracer t = (op, ref, b, a) -> { };
        arena.tracer(t);
        assertSame(t, arena.tracer());
        final SchedulePoints p = (op, ref) -> { };
        arena.schedulePoints(p);
        assertSame(p, arena.schedulePoints());
        arena.schedulePoints(null);
        assertSame(arena.indexPool(), arena.indexPool());
        final PageArena other = new PageArena(2);
        assertFalse(other.isClosed());
        other.close();
        assertTrue(other.isClosed());
        assertThrows(IllegalStateException.class, other::indexPool);
        other.close();   // a second close does nothing
        assertTrue(other.isClosed());
    }

    // ------------------------------------------------------------------ a frame's next life

    @Test
    void shouldStartAFreedFramesNextLifeWithNoFlagsVersionOwnerOrIndex() {
        final long ref = arena.alloc();
        arena.setMapping(ref, 5, 7);
        arena.setFlags(ref, PageFlags.DIRTY | PageFlags.LRU);
        arena.markModified(ref);
        arena.clearFlags(ref, PageFlags.IN_PAGE_CACHE);   // as the cache does before its own put
        assertTrue(arena.put(ref));
        final long next = arena.alloc();
        assertEquals(PageRef.frame(ref), PageRef.frame(next));
        assertEquals(PageRef.generation(ref) + 1, PageRef.generation(next));
        assertEquals(0, arena.flags(next));
        assertEquals(0, arena.version(next));
        assertEquals(0L, arena.owner(next));
        assertEquals(0L, arena.index(next));
        assertTrue(arena.put(next));
        assertEquals(0, audit.total());
    }

    // ------------------------------------------------------------------ stale references

    @Test
    void shouldRefuseEveryOperationThroughAStaleReferenceAndLeaveTheNextLifeAlone() {
        final long[] next = new long[1];
        final long old = stale(next);
        final long n = next[0];
        arena.setFlags(n, PageFlags.UPTODATE);
        assertTrue(arena.write(n, 0, new byte[] {1, 2, 3}, 0, 3));

        assertFalse(arena.get(old));
        assertUseAfterFree("get");
        assertFalse(arena.put(old));
        assertUseAfterFree("put");
        assertFalse(arena.freeze(old, 1));
        assertUseAfterFree("freeze");
        assertFalse(arena.claimExclusive(old));
        assertUseAfterFree("claimExclusive");
        assertFalse(arena.tryLock(old));
        assertUseAfterFree("tryLock");
        arena.unlock(old);
        assertUseAfterFree("unlock");
        assertEquals(0, arena.setFlags(old, PageFlags.DIRTY));
        assertUseAfterFree("setFlags");
        assertEquals(0, arena.clearFlags(old, PageFlags.UPTODATE));
        assertUseAfterFree("clearFlags");
        assertEquals(0, arena.flags(old));
        assertUseAfterFree("flags");
        assertFalse(arena.hasFlags(old, PageFlags.UPTODATE));
        assertUseAfterFree("flags");
        arena.markModified(old);
        assertUseAfterFree("markModified");
        assertEquals(0, arena.version(old));
        assertUseAfterFree("version");
        arena.setMapping(old, 9, 9);
        assertUseAfterFree("setMapping");
        arena.clearMapping(old);
        assertUseAfterFree("clearMapping");
        assertEquals(0L, arena.owner(old));
        assertUseAfterFree("owner");
        assertEquals(0L, arena.index(old));
        assertUseAfterFree("index");
        assertFalse(arena.copy(old, 0, n, 0, 1));
        assertUseAfterFree("copy");
        assertFalse(arena.copy(n, 0, old, 0, 1));
        assertUseAfterFree("copy");
        assertFalse(arena.fill(old, 0, 3, (byte) 9));
        assertUseAfterFree("fill");
        assertFalse(arena.write(old, 0, new byte[] {9}, 0, 1));
        assertUseAfterFree("write");
        final byte[] got = {7, 7, 7};
        assertFalse(arena.read(old, 0, got, 0, 3));
        assertUseAfterFree("read");
        assertArrayEquals(new byte[] {7, 7, 7}, got, "a refused read copies nothing");
        assertEquals(0, arena.readByte(old, 0));
        assertUseAfterFree("readByte");
        assertEquals(0L, arena.checksum(old, 0, 3));
        assertUseAfterFree("checksum");

        assertFalse(arena.tryGet(old), "the speculative lookup fails quietly");
        assertEquals(0, audit.total());
        assertEquals(0, arena.refCount(old));
        assertFalse(arena.isLive(old));
        assertFalse(arena.isFrozen(old));

        // the next life saw none of it
        assertEquals(1, arena.refCount(n));
        assertTrue(arena.isLive(n));
        assertEquals(PageFlags.UPTODATE, arena.flags(n));
        assertEquals(0, arena.version(n));
        assertEquals(0L, arena.owner(n));
        final byte[] data = new byte[3];
        assertTrue(arena.read(n, 0, data, 0, 3));
        assertArrayEquals(new byte[] {1, 2, 3}, data);
        assertTrue(arena.put(n));
        assertEquals(0, audit.total());
    }

    @Test
    void shouldSeeAFrozenPageAsFrozenOnlyThroughItsOwnLife() {
        final long ref = arena.alloc();
        assertTrue(arena.isLive(ref));
        assertFalse(arena.isFrozen(ref));
        assertTrue(arena.freeze(ref, 1));
        assertTrue(arena.isFrozen(ref));
        assertTrue(arena.isLive(ref), "a frozen page is not free");
        assertEquals(0, arena.refCount(ref), "page_count of a frozen page");
        final long sameFrameOtherLife = PageRef.of(PageRef.frame(ref), PageRef.generation(ref) + 1);
        assertFalse(arena.isFrozen(sameFrameOtherLife));
        assertFalse(arena.isLive(sameFrameOtherLife));
        assertEquals(0, arena.refCount(sameFrameOtherLife));
        assertEquals(PageRef.NULL, arena.currentRef(PageRef.frame(ref)), "scanners skip a frozen frame");
        arena.unfreeze(ref, 1);
        assertEquals(ref, arena.currentRef(PageRef.frame(ref)));
        assertTrue(arena.put(ref));
        assertEquals(PageRef.NULL, arena.currentRef(PageRef.frame(ref)), "and a free one");
        assertFalse(arena.isLive(ref));
        assertEquals(0, audit.total());
    }

    @Test
    void shouldNeverLetTheSpeculativeLookupTakeANeverAllocatedFrame() {
        final long neverAllocated = PageRef.of(3, 1);   // generation 1 is what frame 3 will have
        assertFalse(arena.tryGet(neverAllocated));
        assertFalse(arena.isLive(neverAllocated));
        assertFalse(arena.get(neverAllocated));
        assertUseAfterFree("get");
        assertFalse(arena.freeze(neverAllocated, 1));
        assertUseAfterFree("freeze");
        assertFalse(arena.claimExclusive(neverAllocated));
        assertUseAfterFree("claimExclusive");
        assertFalse(arena.tryLock(neverAllocated));
        assertUseAfterFree("tryLock");
        arena.markModified(neverAllocated);
        assertUseAfterFree("markModified");
        assertEquals(0, arena.framesInUse());
    }

    // ------------------------------------------------------------------ what the tracer sees

    @Test
    void shouldShowTheTracerEveryRefcountChangeWithItsBeforeAndAfter() {
        trace();
        final long ref = arena.alloc();
        final String r = PageRef.toString(ref);
        assertTrue(arena.get(ref));
        assertTrue(arena.tryGet(ref));
        assertFalse(arena.put(ref));
        assertFalse(arena.freeze(ref, 1));
        assertTrue(arena.freeze(ref, 2));
        assertFalse(arena.tryGet(ref));
        arena.unfreeze(ref, 1);
        assertTrue(arena.claimExclusive(ref));
        assertTrue(arena.put(ref));
        assertFalse(arena.tryGet(ref));
        assertEquals(List.of("alloc " + r + " 0->1", "get " + r + " 1->2", "tryGet " + r + " 2->3", "put " + r + " 3->2",
            "freeze-failed " + r + " 2->2", "freeze " + r + " 2->" + PageArena.FROZEN,
            "tryGet-failed " + r + " " + PageArena.FROZEN + "->" + PageArena.FROZEN,
            "unfreeze " + r + " " + PageArena.FROZEN + "->1", "claimExclusive " + r + " 1->1", "put " + r + " 1->0",
            "tryGet-failed " + r + " 0->0"), traced);
        assertEquals(0, audit.total());
    }

    @Test
    void shouldShowAFailedSpeculativeReferenceThroughAStaleReferenceAsNoCountAtAll() {
        final long[] next = new long[1];
        final long old = stale(next);
        trace();
        assertFalse(arena.tryGet(old));
        assertEquals(List.of("tryGet-failed " + PageRef.toString(old) + " 0->0"), traced,
            "not the count of the frame's next life");
        assertTrue(arena.put(next[0]));
    }

    // ------------------------------------------------------------------ refcounts, freeze, claim

    @Test
    void shouldNameWhatAFrozenPageRefusesAndKeepItFrozen() {
        final long ref = arena.alloc();
        assertTrue(arena.freeze(ref, 1));
        assertFalse(arena.get(ref));
        assertFalse(arena.put(ref));
        assertEquals(2, audit.count(Violation.STOLEN_WHILE_SHARED));
        assertEquals(List.of("get", "put"), audit.events().stream().map(ViolationEvent::operation).toList());
        assertTrue(arena.isFrozen(ref), "neither changed the count");
        assertFalse(arena.claimExclusive(ref));
        assertEquals("refcount=frozen", audit.events().get(2).detail());
        arena.unfreeze(ref, 1);
        assertEquals(1, arena.refCount(ref));
        assertTrue(arena.put(ref));
    }

    @Test
    void shouldClaimOnlyTheOnlyReferenceAndSayHowManyThereWere() {
        final long ref = arena.alloc();
        assertTrue(arena.claimExclusive(ref));
        assertEquals(0, audit.total());
        assertTrue(arena.get(ref));
        assertFalse(arena.claimExclusive(ref));
        assertEquals(1, audit.count(Violation.STOLEN_WHILE_SHARED));
        assertEquals("refcount=2", audit.events().get(0).detail());
        assertEquals(2, arena.refCount(ref), "a failed claim changes nothing");
        assertFalse(arena.put(ref));
        assertTrue(arena.put(ref));
    }

    @Test
    void shouldFreezeAndUnfreezeWithinTheirArguments() {
        final long ref = arena.alloc();
        assertThrows(IllegalArgumentException.class, () -> arena.freeze(ref, 0));
        assertThrows(IllegalStateException.class, () -> arena.unfreeze(ref, 1), "not frozen");
        assertTrue(arena.freeze(ref, 1));
        assertThrows(IllegalArgumentException.class, () -> arena.unfreeze(ref, 0));
        final long otherLife = PageRef.of(PageRef.frame(ref), PageRef.generation(ref) + 1);
        assertThrows(IllegalStateException.class, () -> arena.unfreeze(otherLife, 1));
        arena.unfreeze(ref, 3);
        assertEquals(3, arena.refCount(ref));
        assertFalse(arena.put(ref));
        assertFalse(arena.put(ref));
        assertTrue(arena.put(ref));
        assertEquals(0, audit.total());
    }

    @Test
    void shouldNameWhoStillHoldsAPageWhoseLastReferenceIsPutTooEarly() {
        final long cached = arena.alloc();
        arena.setMapping(cached, 5, 7);
        assertFalse(arena.put(cached));
        assertEquals(1, audit.count(Violation.REFCOUNT_UNDERFLOW));
        assertTrue(audit.events().get(0).detail().contains("in a page cache (file=5 index=7)"),
            audit.events().get(0).detail());
        assertEquals(1, arena.refCount(cached), "refused");
        final long mapped = arena.alloc();
        arena.setFlags(mapped, PageFlags.MAPPED);
        assertFalse(arena.put(mapped));
        assertTrue(audit.events().get(1).detail().contains("mapped by a process"), audit.events().get(1).detail());
        assertEquals(2, audit.count(Violation.REFCOUNT_UNDERFLOW));
        arena.clearMapping(cached);
        arena.clearFlags(mapped, PageFlags.MAPPED);
        assertTrue(arena.put(cached));
        assertTrue(arena.put(mapped));
        assertEquals(2, audit.total());
    }

    // ------------------------------------------------------------------ lock, flags, version, mapping

    @Test
    void shouldLockOnceAndRefuseToUnlockTwice() {
        final long ref = arena.alloc();
        assertTrue(arena.tryLock(ref));
        assertTrue(arena.hasFlags(ref, PageFlags.LOCKED));
        assertFalse(arena.tryLock(ref));
        arena.unlock(ref);
        assertFalse(arena.hasFlags(ref, PageFlags.LOCKED));
        assertThrows(IllegalStateException.class, () -> arena.unlock(ref));
        assertTrue(arena.tryLock(ref));
        arena.unlock(ref);
        assertTrue(arena.put(ref));
        assertEquals(0, audit.total());
    }

    @Test
    void shouldAnswerTheFlagsBeforeEachChange() {
        final long ref = arena.alloc();
        assertEquals(0, arena.setFlags(ref, PageFlags.DIRTY));
        assertEquals(PageFlags.DIRTY, arena.setFlags(ref, PageFlags.LRU));
        assertEquals(PageFlags.DIRTY | PageFlags.LRU, arena.clearFlags(ref, PageFlags.DIRTY));
        assertEquals(PageFlags.LRU, arena.flags(ref));
        assertTrue(arena.hasFlags(ref, PageFlags.LRU));
        assertFalse(arena.hasFlags(ref, PageFlags.LRU | PageFlags.DIRTY));
        assertTrue(arena.put(ref));
    }

    @Test
    void shouldCountModificationsOfThisLifeOnly() {
        final long ref = arena.alloc();
        assertEquals(0, arena.version(ref));
        arena.markModified(ref);
        arena.markModified(ref);
        assertEquals(2, arena.version(ref));
        assertTrue(arena.put(ref));
        final long next = arena.alloc();
        arena.markModified(ref);   // the old reference
        assertEquals(0, arena.version(next));
        assertUseAfterFree("markModified");
        arena.markModified(next);
        assertEquals(1, arena.version(next));
        assertTrue(arena.put(next));
    }

    @Test
    void shouldKnowItsFileAndIndexOnlyWhileInTheCache() {
        final long ref = arena.alloc();
        assertEquals(0L, arena.owner(ref));
        arena.setMapping(ref, 42, 9);
        assertTrue(arena.hasFlags(ref, PageFlags.IN_PAGE_CACHE));
        assertEquals(42L, arena.owner(ref));
        assertEquals(9L, arena.index(ref));
        arena.clearFlags(ref, PageFlags.IN_PAGE_CACHE);
        assertEquals(0L, arena.owner(ref), "owner counts only while the flag is set");
        arena.setMapping(ref, 43, 10);
        arena.clearMapping(ref);
        assertFalse(arena.hasFlags(ref, PageFlags.IN_PAGE_CACHE));
        assertEquals(0L, arena.owner(ref));
        assertEquals(0L, arena.index(ref));
        arena.setFlags(ref, PageFlags.IN_PAGE_CACHE);
        assertEquals(0L, arena.owner(ref), "clearMapping cleared the owner too");
        arena.clearFlags(ref, PageFlags.IN_PAGE_CACHE);
        assertTrue(arena.put(ref));
        assertEquals(0, audit.total());
    }

    // ------------------------------------------------------------------ data and its bounds

    private static byte[] bytes(final int n, final int seed) {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + 31 * i);
        }
        return b;
    }

    private byte[] page(final long ref) {
        final byte[] b = new byte[PageArena.PAGE_SIZE];
        assertTrue(arena.read(ref, 0, b, 0, b.length));
        return b;
    }

    @Test
    void shouldFillExactlyTheRangeWithAnyValueAndLength() {
        final long ref = arena.alloc();
        assertTrue(arena.fill(ref, 0, PageArena.PAGE_SIZE, (byte) 'a'));
        assertTrue(arena.fill(ref, 3, 13, (byte) 'b'));     // not a multiple of 8, unaligned
        assertTrue(arena.fill(ref, 100, 9, (byte) 0));      // zeroing path
        assertTrue(arena.fill(ref, 4090, 6, (byte) 'c'));   // up to the last byte
        final byte[] expect = new byte[PageArena.PAGE_SIZE];
        Arrays.fill(expect, (byte) 'a');
        Arrays.fill(expect, 3, 16, (byte) 'b');
        Arrays.fill(expect, 100, 109, (byte) 0);
        Arrays.fill(expect, 4090, 4096, (byte) 'c');
        assertArrayEquals(expect, page(ref));
        assertTrue(arena.fill(ref, 0, 0, (byte) 'z'));
        assertArrayEquals(expect, page(ref), "a fill of nothing");
        assertTrue(arena.put(ref));
    }

    @Test
    void shouldCopyWriteAndReadExactlyTheGivenRanges() {
        final long a = arena.alloc();
        final long b = arena.alloc();
        assertTrue(arena.fill(a, 0, PageArena.PAGE_SIZE, (byte) 1));
        assertTrue(arena.fill(b, 0, PageArena.PAGE_SIZE, (byte) 2));
        final byte[] data = bytes(50, 7);
        assertTrue(arena.write(a, 100, data, 5, 40));
        assertTrue(arena.copy(a, 100, b, 4000, 40));
        final byte[] expectA = new byte[PageArena.PAGE_SIZE];
        Arrays.fill(expectA, (byte) 1);
        System.arraycopy(data, 5, expectA, 100, 40);
        final byte[] expectB = new byte[PageArena.PAGE_SIZE];
        Arrays.fill(expectB, (byte) 2);
        System.arraycopy(data, 5, expectB, 4000, 40);
        assertArrayEquals(expectA, page(a));
        assertArrayEquals(expectB, page(b));
        final byte[] into = new byte[10];
        assertTrue(arena.read(b, 4001, into, 2, 5));
        assertArrayEquals(new byte[] {0, 0, data[6], data[7], data[8], data[9], data[10], 0, 0, 0}, into);
        assertEquals(data[5], arena.readByte(b, 4000));
        assertEquals(2, arena.readByte(b, 4095));
        assertTrue(arena.copy(a, 100, a, 102, 40), "overlapping ranges in one page");
        assertEquals(data[5], arena.readByte(a, 102));
        assertEquals(data[44], arena.readByte(a, 141));
        assertTrue(arena.put(a));
        assertTrue(arena.put(b));
        assertEquals(0, audit.total());
    }

    @Test
    void shouldAcceptRangesUpToTheLastByteAndRefuseOneMore() {
        final long a = arena.alloc();
        final long b = arena.alloc();
        final int p = PageArena.PAGE_SIZE;
        final byte[] buf = new byte[p + 1];
        assertTrue(arena.write(a, 0, buf, 0, p));
        assertTrue(arena.read(a, p - 1, buf, 0, 1));
        assertTrue(arena.fill(a, p, 0, (byte) 1), "an empty range at the end");
        assertTrue(arena.copy(a, 0, b, 0, p));
        assertEquals(0, arena.readByte(a, p - 1));
        assertThrows(IndexOutOfBoundsException.class, () -> arena.write(a, 1, buf, 0, p));
        assertThrows(IndexOutOfBoundsException.class, () -> arena.read(a, p, buf, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> arena.read(a, -1, buf, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> arena.fill(a, 0, -1, (byte) 1));
        assertThrows(IndexOutOfBoundsException.class, () -> arena.fill(a, 4000, 97, (byte) 1));
        assertThrows(IndexOutOfBoundsException.class, () -> arena.copy(a, 1, b, 0, p));
        assertThrows(IndexOutOfBoundsException.class, () -> arena.copy(a, 0, b, 1, p));
        assertThrows(IndexOutOfBoundsException.class, () -> arena.readByte(a, p));
        assertThrows(IndexOutOfBoundsException.class, () -> arena.readByte(a, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> arena.checksum(a, 1, p));
        assertThrows(IndexOutOfBoundsException.class, () -> arena.refCount(PageRef.of(4, 1)), "frame beyond the arena");
        assertThrows(IndexOutOfBoundsException.class, () -> arena.currentRef(-1));
        assertTrue(arena.put(a));
        assertTrue(arena.put(b));
    }

    /**
     * The checksum is the same on every run and machine (its javadoc): these values were computed once
     * and must never change, since traces and reports print them.
     */
    @Test
    void shouldGiveTheSameChecksumsAsAlways() {
        final long ref = arena.alloc();
        assertTrue(arena.fill(ref, 0, PageArena.PAGE_SIZE, (byte) 0));
        final byte[] data = bytes(PageArena.PAGE_SIZE, 3);
        assertTrue(arena.write(ref, 0, data, 0, data.length));
        final long whole = arena.checksum(ref, 0, PageArena.PAGE_SIZE);
        final long odd = arena.checksum(ref, 5, 13);
        final long tiny = arena.checksum(ref, 7, 3);
        final long empty = arena.checksum(ref, 0, 0);
        assertEquals(WHOLE, whole);
        assertEquals(ODD, odd);
        assertEquals(TINY, tiny);
        assertEquals(EMPTY, empty);
        assertNotEquals(odd, arena.checksum(ref, 6, 13), "the offset matters");
        assertNotEquals(odd, arena.checksum(ref, 5, 12), "so does the length");
        assertTrue(arena.write(ref, 17, new byte[] {(byte) (data[17] + 1)}, 0, 1));
        assertNotEquals(odd, arena.checksum(ref, 5, 13), "and the last byte of the range");
        assertTrue(arena.put(ref));
    }

    private static final long WHOLE = 0xbc027a82173fb3f1L;
    private static final long ODD = 0x1f235ab597ace728L;
    private static final long TINY = 0x1c838d6c4269f9f5L;
    private static final long EMPTY = 0xefd01f60ba992926L;

    // ------------------------------------------------------------------ the whole arena

    @Test
    void shouldCountLeaksReclaimThemAndFreeEveryFrameForItsNextLife() {
        final long a = arena.alloc();
        final long b = arena.alloc();
        assertTrue(arena.get(b));
        arena.setFlags(b, PageFlags.DIRTY);
        final long frozen = arena.alloc();
        assertTrue(arena.freeze(frozen, 1));
        assertEquals(3, arena.framesInUse());
        assertEquals(3, arena.reportLeaks());
        assertEquals(3, audit.count(Violation.PAGE_LEAK));
        assertTrue(audit.events().stream().anyMatch(e -> e.detail().equals("refcount=2 flags=dirty")),
            audit.events()::toString);
        assertTrue(audit.events().stream().anyMatch(e -> e.detail().equals("refcount=frozen flags=-")),
            audit.events()::toString);
        assertTrue(arena.describe(b).contains("refcount=2") && arena.describe(b).contains("flags=dirty"),
            arena.describe(b));
        assertTrue(arena.describe(frozen).contains("refcount=frozen"), arena.describe(frozen));
        assertEquals(3, arena.reclaimAllQuiescent());
        assertEquals(0, arena.framesInUse());
        assertEquals(0, arena.reclaimAllQuiescent());
        assertEquals(0, arena.reportLeaks());
        assertTrue(arena.describe(a).contains("free"), arena.describe(a));
        assertFalse(arena.isLive(a));
        assertFalse(arena.isLive(b));
        final long[] next = new long[4];
        for (int i = 0; i < 4; i++) {
            next[i] = arena.alloc();
            assertNotEquals(PageRef.NULL, next[i], "every frame is free again");
            assertEquals(0, arena.flags(next[i]));
        }
        assertEquals(PageRef.NULL, arena.alloc());
        for (final long n : next) {
            if (PageRef.frame(n) == PageRef.frame(b)) {
                assertEquals(PageRef.generation(b) + 1, PageRef.generation(n));
            }
            assertTrue(arena.put(n));
        }
    }

    @Test
    void shouldReportLeaksWhenClosed() {
        final PageAudit own = new PageAudit();
        final PageArena a = new PageArena(2, own);
        a.alloc();
        a.close();
        assertEquals(1, own.count(Violation.PAGE_LEAK));
        a.close();
        assertEquals(1, own.count(Violation.PAGE_LEAK), "once");
    }
}
