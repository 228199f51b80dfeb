package org.splicelab.actors.iter;

import org.splicelab.memory.testing.ArenaCheck;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.splicelab.actors.iter.IterFixtures.PAGE;
import static org.splicelab.actors.iter.IterFixtures.bytes;
import static org.splicelab.actors.iter.IterFixtures.cachePage;
import static org.splicelab.actors.iter.IterFixtures.concat;
import static org.splicelab.actors.iter.IterFixtures.pattern;
import static org.splicelab.actors.iter.IterFixtures.slice;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.splicelab.actors.Kernel;
import org.splicelab.actors.PipeRing;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.PageFlags;
import org.splicelab.memory.Violation;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PageVectorPool;

/**
 * The 4.9–6.4 ITER_PIPE. Its own operations never write a borrowed page: copies go only into a buffer
 * whose ops are {@code default} ({@code data_start}'s {@code allocated()} check), get_pages hands out
 * only pages {@code push_pipe} allocated, and extending a page_cache buffer only grows its length. The
 * one way it lets a page-cache page be written is Dirty Pipe: the pipe's own write() merging into a ZC
 * buffer whose stale flags say CAN_MERGE (5.8–5.16.10: the {@code dirty-pipe} model's ring).
 */
@ArenaCheck
class IterPipeTest {
    private PageArena arena;
    private PageVectorPool pool;
    private Kernel kernel;
    private long cache;

    @BeforeEach
    void setUp() {
        arena = new PageArena(1024, new PageAudit());
        pool = new PageVectorPool(4, 32);
        kernel = new Kernel(arena, pool, KernelModel.ITER_PIPE);
        cache = cachePage(arena, 7, 0);
    }

    @AfterEach
    void tearDown() {
        IterFixtures.uncache(arena, cache);
        assertEquals(0, arena.framesInUse(), "no page left behind");
        assertEquals(0, pool.inUse());
        pool.close();
        arena.close();
    }

    @Test
    void shouldAppendCopiesToItsOwnPageButNeverToAZeroCopyBuffer() {
        try (IterPipe it = new IterPipe(new PipeRing(kernel, 4))) {
            assertEquals(100, it.copyTo(bytes(100, 'a'), 0, 100));
            assertEquals(50, it.copyTo(bytes(50, 'b'), 0, 50));
            assertEquals(1, it.ring().occupancy(), "copy_pipe_to_iter extends our default buffer");
            assertEquals(10, it.pageTo(cache, 0, 10));
            assertEquals(20, it.copyTo(bytes(20, 'c'), 0, 20));
            assertEquals(3, it.ring().occupancy(), "data_start: a page_cache buffer is not ours, so a new page");
            assertEquals(OpsKind.DEFAULT, it.ring().ops(2));
            assertArrayEquals(concat(concat(concat(bytes(100, 'a'), bytes(50, 'b')), slice(pattern(7, 0), 0, 10)),
                bytes(20, 'c')), it.contents());
            assertEquals(180, it.truncate());
            assertEquals(0, it.pageCacheWrites());
            assertArrayEquals(pattern(7, 0), read(cache));
        }
    }

    @Test
    void shouldExtendAZeroCopyBufferWhenTheSamePageContinuesAtThePosition() {
        try (IterPipe it = new IterPipe(new PipeRing(kernel, 4))) {
            it.pageTo(cache, 0, 100);
            it.pageTo(cache, 100, 50);
            assertEquals(1, it.ring().occupancy(), "merge with the last one: same page, offset == iov_offset");
            assertEquals(150, it.ring().len(it.ring().tail()));
            assertEquals(2, arena.refCount(cache), "the cache's reference and one for the buffer");
            it.pageTo(cache, 300, 10);
            assertEquals(2, it.ring().occupancy(), "not contiguous: a second buffer, a second reference");
            assertEquals(3, arena.refCount(cache));
            assertEquals(160, it.position());
        }
        assertEquals(1, arena.refCount(cache));
    }

    @Test
    void shouldTruncateWhatGetPagesPushedWhenAdvancingByZero() {
        try (IterPipe it = new IterPipe(new PipeRing(kernel, 4))) {
            it.copyTo(bytes(100, 'a'), 0, 100);
            final PageVector v = pool.vector().open();
            assertEquals(5000, it.getPages(5000, 4, v));
            assertEquals(2, v.count(), "the rest of our page, then one new page");
            assertEquals(100, v.offset(0));
            assertEquals(5100, it.bytes(), "push_pipe grew the pipe past the position");
            v.discard(arena);
            assertEquals(0, it.advance(0));
            assertEquals(100, it.bytes(), "pipe_advance(0) still runs pipe_truncate");
            assertEquals(1, it.ring().occupancy());
        }
    }

    @Test
    void shouldTruncateOnAdvanceToWhatTheCallerFilled() {
        try (IterPipe it = new IterPipe(new PipeRing(kernel, 4))) {
            final PageVector v = pool.vector().open();
            assertEquals(8192, it.getPages(8192, 4, v));
            arena.write(v.ref(0), 0, bytes(4096, 'x'), 0, 4096);
            arena.write(v.ref(1), 0, bytes(10, 'y'), 0, 10);
            v.discard(arena);
            assertEquals(4106, it.advance(4106));
            assertArrayEquals(concat(bytes(4096, 'x'), bytes(10, 'y')), it.contents());
            assertEquals(4106, it.truncate());
        }
    }

    @Test
    void shouldTruncateOnRevert() {
        try (IterPipe it = new IterPipe(new PipeRing(kernel, 4))) {
            it.copyTo(bytes(5000, 'a'), 0, 5000);
            assertEquals(1000, it.revert(1000));
            assertEquals(4000, it.position());
            assertEquals(4000, it.bytes(), "revert runs pipe_truncate");
            assertEquals(1, it.ring().occupancy());
            assertEquals(4000, it.revert(9999), "at most back to start_head");
            assertEquals(0, it.bytes());
        }
    }

    @Test
    void shouldHandOutOnlyItsOwnPagesFromGetPages() {
        try (IterPipe it = new IterPipe(new PipeRing(kernel, 4))) {
            it.pageTo(cache, 0, 100);
            final PageVector v = pool.vector().open();
            assertEquals(5000, it.getPages(5000, 4, v));
            for (int i = 0; i < v.count(); i++) {
                assertNotEquals(cache, v.ref(i));
                assertFalse(arena.hasFlags(v.ref(i), PageFlags.IN_PAGE_CACHE));
            }
            assertEquals(0, v.offset(0), "data_start skipped the page_cache buffer");
            v.discard(arena);
            it.advance(0);
        }
    }

    @Test
    void shouldRefuseToEmitBetweenGetPagesAndAdvanceAsSanityWould() {
        try (IterPipe it = new IterPipe(new PipeRing(kernel, 4))) {
            final PageVector v = pool.vector().open();
            it.getPages(100, 1, v);
            v.discard(arena);
            assertThrows(IllegalStateException.class, () -> it.copyTo(bytes(1, 'a'), 0, 1));
            assertThrows(IllegalStateException.class, () -> it.pageTo(cache, 0, 1));
            assertEquals(0, it.revert(0), "revert(0) returns before truncating, as in the kernel");
            assertEquals(100, it.bytes());
        }
    }

    @Test
    void shouldLeaveBuffersNobodyAdvancedOverInThePipeOnSuccess() {
        try (IterPipe it = new IterPipe(new PipeRing(kernel, 4))) {
            final PageVector v = pool.vector().open();
            assertEquals(100, it.getPages(100, 1, v));
            v.discard(arena);
            assertEquals(0, it.truncate(), "generic_file_splice_read returns 0 bytes...");
            assertEquals(100, it.bytes(), "...but truncates only on error: 100 unwritten bytes stay queued");
        }
    }

    @Test
    void shouldDiscardEverythingEmittedOnAbort() {
        try (IterPipe it = new IterPipe(new PipeRing(kernel, 4))) {
            it.pipeWrite(bytes(10, 'w'), 0, 10);
            it.copyTo(bytes(5000, 'a'), 0, 5000);
            it.pageTo(cache, 0, 10);
            it.abort();
            assertArrayEquals(bytes(10, 'w'), it.contents(), "what was queued before the splice stays");
            assertEquals(1, arena.refCount(cache));
        }
    }

    @Test
    void shouldRefusePipeWriteWhileASpliceReadHoldsThePipe() {
        try (IterPipe it = new IterPipe(new PipeRing(kernel, 4))) {
            it.copyTo(bytes(1, 'a'), 0, 1);
            assertThrows(IllegalStateException.class, () -> it.pipeWrite(bytes(1, 'b'), 0, 1));
            assertThrows(IllegalStateException.class, () -> it.pipeRead(1));
        }
    }

    @Test
    void shouldLetAStaleCanMergeFlagReachThePageCacheOnADirtyPipeRing() {
        final byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        try (IterPipe it = new IterPipe(new PipeRing(new Kernel(arena, pool, KernelModel.DIRTY_PIPE), 16))) {
            final long before = arena.checksum(cache, 0, PAGE);
            dirtyPipe(it, hello);
            assertEquals(1, it.pageCacheWrites());
            assertEquals(1, arena.audit().count(Violation.PAGE_CACHE_WRITTEN_THROUGH_PIPE));
            assertArrayEquals(hello, slice(read(cache), 100, 105), "the file's cached page now says hello");
            assertNotEquals(before, arena.checksum(cache, 0, PAGE));
            assertArrayEquals(concat(slice(pattern(7, 0), 99, 100), hello), it.contents());
        }
        arena.audit().reset();
    }

    @Test
    void shouldNotMergeIntoThePageCacheWhenNewBuffersGetTheirFlagsWritten() {
        final byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        try (IterPipe it = new IterPipe(new PipeRing(kernel, 16))) {
            dirtyPipe(it, hello);
            assertEquals(0, it.pageCacheWrites());
            assertEquals(0, arena.audit().total());
            assertArrayEquals(pattern(7, 0), read(cache));
            assertArrayEquals(concat(slice(pattern(7, 0), 99, 100), hello), it.contents(), "a new anon page");
        }
    }

    /** SEMANTICS §4 steps 2-5: fill and drain every slot, splice one byte, write a short record. */
    private void dirtyPipe(final IterPipe it, final byte[] data) {
        assertEquals(16 * PAGE, it.pipeWrite(new byte[16 * PAGE], 0, 16 * PAGE));
        assertEquals(16 * PAGE, it.pipeRead(16 * PAGE).length);
        assertEquals(1, it.pageTo(cache, 99, 1));
        assertEquals(1, it.truncate());
        assertEquals(data.length, it.pipeWrite(data, 0, data.length));
    }

    private byte[] read(final long ref) {
        final byte[] b = new byte[PAGE];
        arena.read(ref, 0, b, 0, PAGE);
        return b;
    }
}
