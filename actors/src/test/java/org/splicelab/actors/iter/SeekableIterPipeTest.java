package org.splicelab.actors.iter;

import org.splicelab.memory.testing.ArenaCheck;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.splicelab.actors.iter.IterFixtures.PAGE;
import static org.splicelab.actors.iter.IterFixtures.bytes;
import static org.splicelab.actors.iter.IterFixtures.cachePage;
import static org.splicelab.actors.iter.IterFixtures.concat;
import static org.splicelab.actors.iter.IterFixtures.pattern;
import static org.splicelab.actors.iter.IterFixtures.slice;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.splicelab.actors.Kernel;
import org.splicelab.actors.PipeRing;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.PageFlags;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PageVectorPool;

/** Viro's seekable ITER_PIPE, one test per rule of SEMANTICS §3.3. */
@ArenaCheck
class SeekableIterPipeTest {
    private PageArena arena;
    private PageVectorPool pool;
    private Kernel kernel;
    private long cacheA;
    private long cacheB;

    @BeforeEach
    void setUp() {
        arena = new PageArena(1024, new PageAudit());
        pool = new PageVectorPool(4, 32);
        kernel = new Kernel(arena, pool, KernelModel.ITER_PIPE_SEEKABLE);
        cacheA = cachePage(arena, 7, 0);
        cacheB = cachePage(arena, 7, 1);
    }

    @AfterEach
    void tearDown() {
        assertArrayEquals(pattern(7, 0), read(cacheA), "a borrowed page is never written");
        assertArrayEquals(pattern(7, 1), read(cacheB), "a borrowed page is never written");
        IterFixtures.uncache(arena, cacheA);
        IterFixtures.uncache(arena, cacheB);
        assertEquals(0, arena.framesInUse(), "no page left behind");
        assertEquals(0, arena.audit().total());
        assertEquals(0, pool.inUse());
        pool.close();
        arena.close();
    }

    @Test
    void shouldAppendZeroFilledDataWhenAdvancingPastTheEnd() {
        try (SeekableIterPipe it = new SeekableIterPipe(new PipeRing(kernel, 4))) {
            it.copyTo(bytes(10, 'a'), 0, 10);
            assertEquals(5000, it.advance(5000));
            assertEquals(5010, it.position());
            assertArrayEquals(concat(bytes(10, 'a'), new byte[5000]), it.contents());
            assertEquals(2, it.ring().occupancy(), "our page's room first, then one new page");
            assertEquals(4 * PAGE - 5010, it.advance(1 << 20), "capped by the pipe's slots");
        }
    }

    @Test
    void shouldTurnAnOverlappedZeroCopyBufferIntoDataBeforeCopyingOverIt() {
        try (SeekableIterPipe it = new SeekableIterPipe(new PipeRing(kernel, 4))) {
            it.pageTo(cacheA, 0, 1000);
            assertEquals(2, arena.refCount(cacheA));
            it.revert(1000);
            assertEquals(10, it.copyTo(bytes(10, 'x'), 0, 10));
            assertEquals(OpsKind.DEFAULT, it.ring().ops(0));
            assertNotEquals(cacheA, it.ring().page(0));
            assertEquals(1, arena.refCount(cacheA), "the borrowed reference was dropped");
            assertArrayEquals(concat(bytes(10, 'x'), slice(pattern(7, 0), 10, 1000)), it.contents());
            assertEquals(0, it.pageCacheWrites());
        }
    }

    @Test
    void shouldCopyTheOverlapOfAZeroCopyInsertionAndAppendTheRestAsZeroCopy() {
        try (SeekableIterPipe it = new SeekableIterPipe(new PipeRing(kernel, 4))) {
            it.pageTo(cacheA, 0, 100);
            it.revert(50);
            assertEquals(200, it.pageTo(cacheB, 0, 200));
            final PipeBuffers ring = it.ring();
            assertEquals(2, ring.occupancy());
            assertEquals(OpsKind.DEFAULT, ring.ops(0), "the overlap was done as a copy");
            assertEquals(OpsKind.PAGE_CACHE, ring.ops(1));
            assertEquals(cacheB, ring.page(1));
            assertEquals(50, ring.offset(1));
            assertEquals(150, ring.len(1));
            assertEquals(1, arena.refCount(cacheA));
            assertEquals(2, arena.refCount(cacheB));
            assertArrayEquals(concat(slice(pattern(7, 0), 0, 50), slice(pattern(7, 1), 0, 200)), it.contents());
        }
    }

    @Test
    void shouldMergeContiguousZeroCopyInsertionsOfOnePage() {
        try (SeekableIterPipe it = new SeekableIterPipe(new PipeRing(kernel, 4))) {
            it.pageTo(cacheA, 0, 100);
            it.pageTo(cacheA, 100, 100);
            assertEquals(1, it.ring().occupancy());
            assertEquals(2, arena.refCount(cacheA));
        }
    }

    @Test
    void shouldHandOutOnlyDataPagesFromGetPages() {
        try (SeekableIterPipe it = new SeekableIterPipe(new PipeRing(kernel, 4))) {
            it.pageTo(cacheA, 0, 100);
            it.revert(100);
            final PageVector v = pool.vector().open();
            assertEquals(6000, it.getPages(6000, 4, v));
            assertEquals(2, v.count(), "the converted page grown to its end, then one zero-filled page");
            for (int i = 0; i < v.count(); i++) {
                assertFalse(arena.hasFlags(v.ref(i), PageFlags.IN_PAGE_CACHE));
            }
            assertEquals(0, it.position(), "get_pages does not move the position");
            arena.write(v.ref(0), 0, bytes(10, 'd'), 0, 10);
            v.discard(arena);
            assertArrayEquals(concat(concat(bytes(10, 'd'), slice(pattern(7, 0), 10, 100)), new byte[5900]),
                it.contents());
            assertEquals(1, arena.refCount(cacheA));
        }
    }

    @Test
    void shouldRevertWithoutTruncating() {
        try (SeekableIterPipe it = new SeekableIterPipe(new PipeRing(kernel, 4))) {
            it.copyTo(bytes(300, 'a'), 0, 300);
            assertEquals(200, it.revert(200));
            assertEquals(100, it.position());
            assertEquals(300, it.bytes());
            assertEquals(100, it.revert(500), "at most back to the start");
        }
    }

    @Test
    void shouldTruncatePastThePositionAtTheEndOfASplice() {
        try (SeekableIterPipe it = new SeekableIterPipe(new PipeRing(kernel, 4))) {
            it.copyTo(bytes(300, 'a'), 0, 300);
            it.pageTo(cacheA, 0, 5);
            it.revert(205);
            assertEquals(100, it.truncate());
            assertArrayEquals(bytes(100, 'a'), it.contents());
            assertEquals(1, arena.refCount(cacheA));
            final PageVector v = pool.vector().open();
            assertEquals(100, it.getPages(100, 1, v));
            v.discard(arena);
            assertEquals(0, it.truncate(), "buffers get_pages added and nobody advanced over are dropped");
            assertEquals(100, it.bytes());
        }
    }

    @Test
    void shouldDropEverythingTheSpliceEmittedOnError() {
        try (SeekableIterPipe it = new SeekableIterPipe(new PipeRing(kernel, 4))) {
            it.pipeWrite(bytes(10, 'w'), 0, 10);
            it.copyTo(bytes(300, 'a'), 0, 300);
            it.pageTo(cacheA, 0, 5);
            it.revert(100);
            it.abort();
            assertArrayEquals(bytes(10, 'w'), it.contents());
            assertEquals(1, arena.refCount(cacheA));
        }
    }

    private byte[] read(final long ref) {
        final byte[] b = new byte[PAGE];
        arena.read(ref, 0, b, 0, PAGE);
        return b;
    }
}
