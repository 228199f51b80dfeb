package org.splicelab.actors;

import org.splicelab.memory.testing.ArenaCheck;
import org.splicelab.memory.testing.ExpectViolations;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.PageFlags;
import org.splicelab.memory.Violation;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PageVectorPool;
import org.splicelab.protocols.PipeBufFlag;

@ArenaCheck
class PipeRingTest {
    private PageArena arena;
    private PageVectorPool pool;
    private Kernel kernel;

    @BeforeEach
    void setUp() {
        arena = new PageArena(64, new PageAudit());
        pool = new PageVectorPool(8, 32);
        kernel = new Kernel(arena, pool, KernelModel.LINUX);
    }

    @AfterEach
    void tearDown() {
        assertEquals(0, arena.framesInUse(), "no page left behind");
        assertEquals(0, pool.inUse());
        pool.close();
        arena.close();
    }

    private static byte[] bytes(final int n, final char c) {
        final byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) c);
        return b;
    }

    @Test
    void shouldMergeSmallWritesExactlyAsTheKernelDoesOnAOneSlotPipe() {
        final PipeRing ring = new PipeRing(kernel, 1);
        assertEquals(100, ring.write(bytes(100, 'a'), 0, true));
        assertEquals(100, ring.write(bytes(100, 'b'), 0, true), "merges into the CAN_MERGE page");
        assertEquals(1, ring.occupancy());
        assertEquals(0, ring.write(bytes(4000, 'c'), 0, true), "4000 does not fit: 200+4000 > 4096, no slot");
        assertEquals(3896, ring.write(bytes(3896, 'd'), 0, true), "3896 fills the page exactly");
        assertEquals(4096, ring.queuedBytes());
        final byte[] all = ring.read(4096);
        assertEquals('a', all[0]);
        assertEquals('b', all[100]);
        assertEquals('d', all[4095]);
        assertTrue(ring.isEmpty());
        assertEquals(0, kernel.audit().total());
    }

    @Test
    void shouldNeverMergeIntoAPageCachePage() {
        final PipeRing ring = new PipeRing(kernel, 1);
        final long page = arena.alloc();   // the cache's reference
        arena.setMapping(page, 7, 0);
        assertTrue(arena.get(page));        // the pipe buffer's
        ring.insert(page, 0, 1, 0, OpsKind.PAGE_CACHE, true);
        assertEquals(0, ring.write("16 bytes of data".getBytes(StandardCharsets.US_ASCII), 0, true),
            "no CAN_MERGE on a page-cache buffer: no merge, and no free slot");
        assertEquals(0, kernel.audit().total());
        ring.releaseAll(KernelStats.Discard.END_OF_RUN);
        arena.clearMapping(page);
        arena.put(page);
    }

    @Test
    @ExpectViolations({Violation.PAGE_CACHE_WRITTEN_THROUGH_PIPE})
    void shouldLetAStaleCanMergeFlagReachThePageCacheAndReportIt() {
        final PipeRing ring = new PipeRing(kernel, 1);
        ring.write(bytes(4096, 'x'), 0, true);
        ring.read(4096);
        final long page = arena.alloc();   // the cache's reference
        arena.fill(page, 0, PageArena.PAGE_SIZE, (byte) 'A');
        arena.setMapping(page, 7, 0);
        assertTrue(arena.get(page));        // the pipe buffer's
        ring.insert(page, 99, 1, 0, OpsKind.PAGE_CACHE, false);
        assertEquals(5, ring.write("PWNED".getBytes(StandardCharsets.US_ASCII), 0, true));
        assertEquals('P', arena.readByte(page, 100), "the write landed in the page-cache page");
        assertEquals(1, kernel.audit().count(Violation.PAGE_CACHE_WRITTEN_THROUGH_PIPE));
        ring.releaseAll(KernelStats.Discard.END_OF_RUN);
        arena.clearMapping(page);
        arena.put(page);
    }

    @Test
    void shouldLetOneIteratorFillTheRingItselfBeforeAndAfterAResize() {
        final Kernel iterKernel = new Kernel(arena, pool, KernelModel.ITER_PIPE);
        final PipeRing ring = new PipeRing(iterKernel, 4);
        final org.splicelab.actors.iter.IterPipe it = new org.splicelab.actors.iter.IterPipe(ring);
        final long page = arena.alloc();   // the cache's reference
        arena.fill(page, 0, PageArena.PAGE_SIZE, (byte) 'C');
        arena.setMapping(page, 7, 0);
        ring.write(bytes(10, 'w'), 0, true);
        assertEquals(100, it.pageTo(page, 0, 100));
        assertEquals(100, it.truncate());
        assertEquals(2, ring.occupancy(), "the iterator's buffer is the pipe's, after the written one");
        assertEquals(OpsKind.PAGE_CACHE, ring.ops(ring.tail() + 1));
        assertEquals(0, ring.flags(ring.tail() + 1), "a new buffer's flags are written under iter-pipe");
        ring.countArrivals(ring.tail() + 1);
        assertEquals(100, iterKernel.stats().bytesByReference.sum());
        ring.read(10);
        assertTrue(ring.resize(8), "F_SETPIPE_SZ renumbers the ring between splices");
        assertEquals(50, it.pageTo(page, 200, 50));
        assertEquals(50, it.truncate());
        assertEquals(2, ring.occupancy());
        assertEquals(3, arena.refCount(page), "the cache's and one per buffer");
        final byte[] all = ring.read(150);
        assertEquals(150, all.length);
        assertEquals('C', all[149]);
        assertTrue(ring.isEmpty());
        assertEquals(0, kernel.audit().total());
        arena.clearMapping(page);
        arena.put(page);
    }

    @Test
    void shouldReadIntoAUserPageAsReadDoesIntoTheHeap() {
        final PipeRing ring = new PipeRing(kernel, 4);
        final byte[] data = new byte[6000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 251);
        }
        ring.write(data, 0, true);
        final long user = arena.alloc();
        assertEquals(4500, ring.readInto(4500, user));
        assertEquals(1500, ring.queuedBytes());
        assertEquals(1, ring.occupancy(), "the emptied page was released");
        assertEquals(data[4499], arena.readByte(user, 4499 - PageArena.PAGE_SIZE), "wrapped in the page");
        assertEquals(data[4095], arena.readByte(user, 4095));
        assertEquals(1500, ring.readInto(9999, user));
        assertTrue(ring.isEmpty());
        arena.put(user);
        assertEquals(6000, kernel.stats().bytesOut.sum());
    }

    @Test
    void shouldWriteASourcesPagesPageToPageMergingAsWriteDoes() {
        final PipeRing ring = new PipeRing(kernel, 4);
        ring.write(bytes(100, 'a'), 0, true);
        final long src = arena.alloc();
        arena.fill(src, 0, PageArena.PAGE_SIZE, (byte) 's');
        final PageVector v = pool.vector().open();
        assertTrue(arena.get(src));
        v.add(src, 10, 4096 - 10, 0, OpsKind.PAGE_CACHE);
        assertTrue(arena.get(src));
        v.add(src, 0, 200, 0, OpsKind.PAGE_CACHE);
        assertEquals(4286, ring.writeFrom(v, true));
        assertEquals(2, ring.occupancy(), "the sub-page part (190) merged into the CAN_MERGE page, then one new page");
        assertEquals(3, arena.refCount(src), "the vector keeps its references");
        v.discard(arena);
        final byte[] all = ring.read(10_000);
        assertEquals(4386, all.length);
        assertEquals('a', all[99]);
        assertEquals('s', all[100]);
        assertEquals('s', all[4385]);
        assertEquals(0, kernel.audit().total());
        arena.put(src);
    }

    @Test
    void shouldMoveWholeBuffersAndDuplicatePartialOnes() {
        final PipeRing ring = new PipeRing(kernel, 4);
        ring.write(bytes(8192, 'm'), 0, true);
        final PageVector v = pool.vector().open();
        assertEquals(6000, ring.transfer(6000, 4, false, v));
        assertEquals(2, v.count());
        assertEquals(4096, v.len(0));
        assertEquals(PipeBufFlag.CAN_MERGE.bit(), v.flags(0), "a moved buffer keeps its flags");
        assertEquals(1904, v.len(1));
        assertEquals(0, v.flags(1), "a partial duplicate loses CAN_MERGE");
        assertEquals(2, arena.refCount(v.ref(1)), "the partial page is shared by both");
        assertEquals(2192, ring.queuedBytes());
        v.discard(arena);
        ring.releaseAll(KernelStats.Discard.END_OF_RUN);
    }

    @Test
    void shouldTeeWithoutConsuming() {
        final PipeRing ring = new PipeRing(kernel, 4);
        ring.write(bytes(5000, 't'), 0, true);
        final PageVector v = pool.vector().open();
        assertEquals(4500, ring.transfer(4500, 4, true, v));
        assertEquals(5000, ring.queuedBytes(), "tee consumes nothing");
        assertEquals(2, v.count());
        assertEquals(404, v.len(1), "the last copy is trimmed");
        for (int i = 0; i < v.count(); i++) {
            assertEquals(0, v.flags(i) & (PipeBufFlag.CAN_MERGE.bit() | PipeBufFlag.GIFT.bit()));
            assertEquals(2, arena.refCount(v.ref(i)));
        }
        v.discard(arena);
        ring.releaseAll(KernelStats.Discard.END_OF_RUN);
    }

    @Test
    void shouldRefuseToShrinkBelowOccupancyAndCompactOnResize() {
        final PipeRing ring = new PipeRing(kernel, 4);
        ring.write(bytes(4096 * 3, 'r'), 0, true);
        ring.read(4096);
        assertFalse(ring.resize(1), "EBUSY: 2 occupied");
        assertTrue(ring.resize(2));
        assertEquals(2 * 4096, ring.sizeBytes());
        assertArrayEquals(bytes(8192, 'r'), ring.read(8192));
        ring.releaseAll(KernelStats.Discard.END_OF_RUN);
    }

    @Test
    void shouldShareThenConsume() {
        final PipeRing ring = new PipeRing(kernel, 4);
        ring.write(bytes(6000, 's'), 0, true);
        final PageVector v = pool.vector().open();
        assertEquals(6000, ring.share(10000, 16, v));
        assertEquals(2, arena.refCount(v.ref(0)));
        ring.consume(5000);
        assertEquals(1000, ring.queuedBytes());
        assertEquals(1, arena.refCount(v.ref(0)), "the consumed buffer was released by the pipe");
        v.discard(arena);
        ring.releaseAll(KernelStats.Discard.END_OF_RUN);
    }

    @Test
    void shouldMarkPipePagesAnonymous() {
        final PipeRing ring = new PipeRing(kernel, 1);
        ring.write(bytes(10, 'z'), 0, true);
        final PageVector v = pool.vector().open();
        ring.share(10, 1, v);
        assertTrue(arena.hasFlags(v.ref(0), PageFlags.ANON));
        assertEquals(OpsKind.ANON, v.ops(0));
        v.discard(arena);
        ring.releaseAll(KernelStats.Discard.END_OF_RUN);
    }

    // ------------------------------------------------------------------ notification pipes (kernel/watch_queue.c)

    private PipeRing notificationRing(final int notes) {
        final PipeRing ring = new PipeRing(kernel, PipeRing.DEFAULT_SLOTS);
        ring.watch(new WatchQueue(kernel, PipeRing.DEFAULT_SLOTS));
        assertEquals(null, ring.setWatchSize(notes));
        return ring;
    }

    private static void release(final PipeRing ring) {
        ring.releaseAll(KernelStats.Discard.END_OF_RUN);
        ring.watch().free();
    }

    @Test
    void shouldPostNotesIntoThePreallocatedPagesWithoutAllocating() {
        final PipeRing ring = notificationRing(40);
        assertEquals(2, arena.framesInUse(), "40 notes: two note pages preallocated");
        assertEquals(2, ring.watch().maxUsage(), "max_usage: the pages charged");
        assertEquals(64, ring.slots(), "the ring: roundup_pow_of_two(64 note slots)");
        for (int i = 0; i < 64; i++) {
            assertTrue(ring.postNote(bytes(16, 'n')), "note " + i);
        }
        assertEquals(2, arena.framesInUse(), "posting allocated nothing");
        assertEquals(33, arena.refCount(ring.watch().page(0)), "the queue's reference and one per note in the pipe");
        assertFalse(ring.postNote(bytes(16, 'x')), "the 65th is lost: the ring is full up to ring_size");
        release(ring);
    }

    @Test
    void shouldReadANoteWholeAndGiveItsSlotBack() {
        final PipeRing ring = notificationRing(1);
        assertTrue(ring.postNote(bytes(20, 'a')));
        assertEquals(null, ring.readNotes(19), "WHOLE: less room than the note is ENOBUFS");
        assertArrayEquals(bytes(20, 'a'), ring.readNotes(100));
        for (int i = 0; i < 32; i++) {
            assertTrue(ring.postNote(bytes(8, 'b')), "every slot is free again, " + i);
        }
        assertFalse(ring.postNote(bytes(8, 'c')));
        assertEquals(256, ring.readNotes(256).length);
        assertEquals(null, ring.readNotes(7), "the loss record needs 8 bytes");
        assertArrayEquals(WatchQueue.LOSS_RECORD, ring.readNotes(100));
        release(ring);
    }

    @Test
    void shouldRefuseASecondSizeAndSizesOutOfRange() {
        final PipeRing ring = new PipeRing(kernel, PipeRing.DEFAULT_SLOTS);
        ring.watch(new WatchQueue(kernel, PipeRing.DEFAULT_SLOTS));
        assertFalse(ring.postNote(bytes(8, 'a')), "no note pages yet: lost");
        assertEquals(org.splicelab.protocols.Errno.EINVAL, ring.setWatchSize(0));
        assertEquals(org.splicelab.protocols.Errno.EINVAL, ring.setWatchSize(513));
        assertEquals(null, ring.setWatchSize(512));
        assertEquals(16, ring.watch().maxUsage());
        assertEquals(512, ring.slots());
        assertEquals(org.splicelab.protocols.Errno.EBUSY, ring.setWatchSize(1));
        release(ring);
    }
}
