package org.splicelab.actors;

import org.splicelab.memory.testing.ArenaCheck;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.PageFlags;
import org.splicelab.memory.PageRef;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PageVectorPool;

@ArenaCheck
class PageCacheFileTest {
    private static final long FILE_ID = 7;
    private static final int PAGE = PageArena.PAGE_SIZE;

    private Kernel kernel;
    private PageArena arena;
    private PageCacheFile file;

    @BeforeEach
    void setUp() {
        kernel = new Kernel(new PageArena(256, new PageAudit()), new PageVectorPool(64, 64), KernelModel.LINUX);
        arena = kernel.arena();
    }

    @AfterEach
    void tearDown() {
        if (file != null) {
            file.releaseAll();
        }
        assertEquals(0, arena.framesInUse(), "every frame released");
        assertEquals(0, kernel.vectors().inUse(), "every vector released");
        assertEquals(0, kernel.audit().total(), () -> "violations: " + kernel.audit().events());
        kernel.vectors().close();
        arena.close();
    }

    @Test
    void shouldCacheEveryPageUpToDateAtCreation() {
        final byte[] data = pattern(10_000, 1);
        file = new PageCacheFile(kernel, FILE_ID, data);
        assertEquals(3, file.cachedPages());
        assertEquals(10_000, file.size());
        for (int i = 0; i < 3; i++) {
            final long ref = file.cachedPage(i);
            assertEquals(1, arena.refCount(ref), "the cache holds exactly one reference");
            assertTrue(arena.hasFlags(ref, PageFlags.UPTODATE | PageFlags.LRU | PageFlags.IN_PAGE_CACHE));
            assertEquals(FILE_ID, arena.owner(ref));
            assertEquals(i, arena.index(ref));
        }
        assertArrayEquals(new byte[3 * PAGE - 10_000], pageBytes(file.cachedPage(2), 10_000 - 2 * PAGE,
            3 * PAGE - 10_000), "the last page is zero past EOF");
        assertEquals(PageRef.NULL, file.cachedPage(3));
    }

    @Test
    void shouldReadShortAtEofAndNothingPastIt() {
        final byte[] data = pattern(10_000, 2);
        file = new PageCacheFile(kernel, FILE_ID, data);
        assertArrayEquals(Arrays.copyOfRange(data, 4000, 10_000), read(4000, 20_000));
        assertEquals(0, read(10_000, 10).length);
        assertEquals(0, read(50_000, 10).length);
        assertEquals(0, kernel.stats().bytesCopied.sum(), "a read into the reader's buffer is delivery, not a counted copy");
    }

    @Test
    void shouldWriteInPlaceAppendAndZeroFillHoles() {
        final byte[] data = pattern(5000, 3);
        file = new PageCacheFile(kernel, FILE_ID, data);
        assertEquals(3, file.write(4094, new byte[] {9, 9, 9}, false));
        assertTrue(arena.hasFlags(file.cachedPage(0), PageFlags.DIRTY));
        assertTrue(arena.hasFlags(file.cachedPage(1), PageFlags.DIRTY));
        assertEquals(2, file.write(0, new byte[] {5, 5}, true), "O_APPEND writes at the end whatever pos says");
        assertEquals(5002, file.size());
        assertEquals(1, file.write(20_000, new byte[] {1}, false));
        assertEquals(20_001, file.size());

        final byte[] expected = Arrays.copyOf(data, 20_001);
        expected[4094] = 9;
        expected[4095] = 9;
        expected[4096] = 9;
        expected[5000] = 5;
        expected[5001] = 5;
        expected[20_000] = 1;
        assertArrayEquals(expected, read(0, 30_000));
        assertEquals(0, file.refills(), "new pages past the disk's end are not refills");
    }

    @Test
    void shouldSpliceReadReferencesToCachedPages() {
        final byte[] data = pattern(3 * PAGE, 4);
        file = new PageCacheFile(kernel, FILE_ID, data);
        final PageVector v = kernel.vectors().vector().open();
        assertEquals(10_000, spliceRead(100, 10_000, 16, v));
        assertEquals(3, v.count());
        assertEntry(v, 0, file.cachedPage(0), 100, PAGE - 100, OpsKind.PAGE_CACHE);
        assertEntry(v, 1, file.cachedPage(1), 0, PAGE, OpsKind.PAGE_CACHE);
        assertEntry(v, 2, file.cachedPage(2), 0, 10_100 - 2 * PAGE, OpsKind.PAGE_CACHE);
        for (int i = 0; i < 3; i++) {
            assertEquals(2, arena.refCount(v.ref(i)), "the cache's reference and the vector's");
            assertEquals(0, v.flags(i));
        }
        assertArrayEquals(Arrays.copyOfRange(data, 100, 10_100), vectorBytes(v));
        // a splice-read counts nothing itself: the pipe counts bytes by how they enter it
        assertEquals(0, kernel.stats().bytesByReference.sum());
        assertEquals(0, kernel.stats().bytesCopied.sum());
        v.discard(arena);
        assertEquals(1, arena.refCount(file.cachedPage(0)));
    }

    @Test
    void shouldStopSpliceReadAtMaxBufsAndEof() {
        file = new PageCacheFile(kernel, FILE_ID, pattern(10_000, 5));
        final PageVector v = kernel.vectors().vector().open();
        assertEquals(PAGE - 10 + PAGE, spliceRead(10, 100_000, 2, v));
        assertEquals(2, v.count());
        v.discard(arena);
        final PageVector w = kernel.vectors().vector().open();
        assertEquals(10_000 - 9000, spliceRead(9000, 100_000, 16, w));
        assertEquals(0, spliceRead(10_000, 100, 16, w), "0 at EOF");
        w.discard(arena);
    }

    @Test
    void shouldShowLaterPwriteThroughSplicedReference() {
        file = new PageCacheFile(kernel, FILE_ID, pattern(PAGE, 6));
        final PageVector v = kernel.vectors().vector().open();
        spliceRead(0, PAGE, 16, v);
        file.write(10, new byte[] {42, 43}, false);
        assertEquals(42, arena.readByte(v.ref(0), 10), "SEMANTICS 2.1: the reader sees the page at read time");
        assertEquals(43, arena.readByte(v.ref(0), 11));
        v.discard(arena);
    }

    @Test
    void shouldKeepOldDataOfRemovedPagesAndZeroTheStraddlingTailOnTruncate() {
        final byte[] data = pattern(3 * PAGE, 7);
        file = new PageCacheFile(kernel, FILE_ID, data);
        final PageVector v = kernel.vectors().vector().open();
        spliceRead(0, 3 * PAGE, 16, v);

        file.truncate(5000);
        assertEquals(5000, file.size());
        assertEquals(2, file.cachedPages());
        assertEquals(PageRef.NULL, file.cachedPage(2));
        assertEquals(1, arena.refCount(v.ref(2)), "only the pipe's reference is left");
        assertFalse(arena.hasFlags(v.ref(2), PageFlags.IN_PAGE_CACHE));
        assertArrayEquals(Arrays.copyOfRange(data, 2 * PAGE, 3 * PAGE), pageBytes(v.ref(2), 0, PAGE),
            "R3: a removed page keeps its old data");
        final byte[] straddling = Arrays.copyOfRange(data, PAGE, 2 * PAGE);
        Arrays.fill(straddling, 5000 - PAGE, PAGE, (byte) 0);
        assertArrayEquals(straddling, pageBytes(v.ref(1), 0, PAGE), "R3: the straddling page's tail reads zeros");
        assertArrayEquals(Arrays.copyOf(data, 5000), read(0, 100_000));

        file.truncate(12_000);
        final byte[] grown = Arrays.copyOf(Arrays.copyOf(data, 5000), 12_000);
        assertArrayEquals(grown, read(0, 100_000), "growing reads zeros, not the old data");
        v.discard(arena);
    }

    @Test
    void shouldKeepReferencedPagesOnFadviseDontneed() {
        final byte[] data = pattern(3 * PAGE, 8);
        file = new PageCacheFile(kernel, FILE_ID, data);
        final PageVector v = kernel.vectors().vector().open();
        spliceRead(0, 10, 16, v);
        file.write(PAGE + 1, new byte[] {77}, false);

        file.fadviseDontneed();
        assertEquals(1, file.cachedPages(), "the page the pipe references stays cached [V]");
        assertEquals(v.ref(0), file.cachedPage(0));
        assertTrue(arena.hasFlags(v.ref(0), PageFlags.IN_PAGE_CACHE));

        final byte[] expected = data.clone();
        expected[PAGE + 1] = 77;
        assertArrayEquals(expected, read(0, 3 * PAGE), "dirty data was written back before the drop");
        assertEquals(2, file.refills());
        v.discard(arena);
    }

    @Test
    void shouldGiveSnapshotCopiesOnDirectSpliceRead() {
        final byte[] data = pattern(2 * PAGE, 9);
        file = new PageCacheFile(kernel, FILE_ID, data);
        file.write(300, new byte[] {1, 2, 3}, false);
        final PageVector v = kernel.vectors().vector().open();
        assertEquals(PAGE + 100, file.spliceReadDirect(200, PAGE + 100, 16, v));
        assertFalse(arena.hasFlags(file.cachedPage(0), PageFlags.DIRTY), "O_DIRECT wrote the range back");
        assertEntry(v, 0, v.ref(0), 0, PAGE, OpsKind.DEFAULT);
        assertEntry(v, 1, v.ref(1), 0, 100, OpsKind.DEFAULT);
        assertEquals(1, arena.refCount(v.ref(0)), "a fresh page: the vector's reference only");
        assertNotEquals(file.cachedPage(0), v.ref(0));

        file.write(300, new byte[] {9, 9, 9}, false);
        final byte[] expected = Arrays.copyOfRange(data, 200, PAGE + 300);
        expected[100] = 1;
        expected[101] = 2;
        expected[102] = 3;
        assertArrayEquals(expected, vectorBytes(v), "a copy is a snapshot");
        assertEquals(6, kernel.stats().bytesCopied.sum(), "only the two 3-byte writes counted; the pipe counts the copies");
        v.discard(arena);
    }

    @Test
    void shouldCopyEveryEntryOnWritePagesAndPutTheReferences() {
        file = new PageCacheFile(kernel, FILE_ID, pattern(100, 10));
        final long a = arena.alloc();
        final long b = arena.alloc();
        arena.write(a, 0, pattern(PAGE, 11), 0, PAGE);
        arena.write(b, 0, pattern(PAGE, 12), 0, PAGE);
        final PageVector v = kernel.vectors().vector().open();
        v.add(a, 50, 4000, 0, OpsKind.ANON).add(b, 0, 3000, 0, OpsKind.ANON).add(PageRef.NULL, 0, 10, 0, OpsKind.ZERO);
        final long handle = v.send();

        assertEquals(7010, file.writePages(1000, false, kernel.vectors().vector().receive(handle)));
        assertFalse(arena.isLive(a) || arena.isLive(b), "the file put the pipe's references");
        assertEquals(8010, file.size());
        final byte[] content = read(0, 10_000);
        assertArrayEquals(Arrays.copyOfRange(pattern(PAGE, 11), 50, 4050), Arrays.copyOfRange(content, 1000, 5000));
        assertArrayEquals(Arrays.copyOf(pattern(PAGE, 12), 3000), Arrays.copyOfRange(content, 5000, 8000));
        assertArrayEquals(new byte[10], Arrays.copyOfRange(content, 8000, 8010));
        assertArrayEquals(new byte[900], Arrays.copyOfRange(content, 100, 1000), "the hole reads zeros");
    }

    @Test
    void shouldWriteBackOnFsyncAndReadItBackDirectly() {
        file = new PageCacheFile(kernel, FILE_ID, pattern(PAGE, 13));
        file.write(PAGE, new byte[] {4, 5}, false);
        assertArrayEquals(new byte[] {4, 5}, file.readDirect(PAGE, 10), "O_DIRECT read writes the range back first");
        file.write(0, new byte[] {6}, false);
        file.fsync();
        assertFalse(arena.hasFlags(file.cachedPage(0), PageFlags.DIRTY));
        file.fadviseDontneed();
        assertEquals(0, file.cachedPages());
        assertEquals(6, read(0, 1)[0]);
        assertEquals(1, file.refills());
    }

    @Test
    void shouldHandleSparseFilesBeyondFourGigabytes() {
        file = new PageCacheFile(kernel, FILE_ID, new byte[0]);
        final long far = 3L << 30;
        assertEquals(2, file.write(far, new byte[] {1, 2}, false));
        assertEquals(far + 2, file.size());
        assertEquals(1, file.cachedPages());
        file.fadviseDontneed();
        assertArrayEquals(new byte[] {0, 1, 2}, read(far - 1, 10));
        assertEquals(2, file.refills(), "the hole page below the disk's end is read from disk too");
        assertEquals(0, file.write(PageCacheFile.MAX_FILE_SIZE, new byte[] {1}, false), "EFBIG");
    }

    // ------------------------------------------------------------------ helpers

    /** read(2) as a process does it: lock-free lookups, the owner filling each miss. */
    private byte[] read(final long pos, final int len) {
        final FileReader reader = new FileReader(kernel);
        final byte[] out = new byte[(int) FileReader.available(file.pages(), pos, len)];
        int done = 0;
        while (done < out.length) {
            done += reader.read(file.pages(), pos + done, out, done);
            if (reader.missed() >= 0) {
                assertTrue(file.fill(reader.missed(), reader.missedPages(), null) > 0, "the owner filled the miss");
            }
        }
        return out;
    }

    /** filemap_splice_read as a pipe does it: lookups in the caller, the owner filling each miss. */
    private long spliceRead(final long pos, final long maxLen, final int maxBufs, final PageVector v) {
        final FileReader reader = new FileReader(kernel);
        long done = 0;
        while (true) {
            done += reader.spliceRead(file.pages(), pos + done, maxLen - done, maxBufs - v.count(), 0, v);
            if (reader.missed() < 0) {
                return done;
            }
            assertTrue(file.fill(reader.missed(), reader.missedPages(), null) > 0, "the owner filled the miss");
        }
    }

    static byte[] pattern(final int len, final int seed) {
        final byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (seed * 31 + i * 7 + (i >>> 12));
        }
        return b;
    }

    private byte[] pageBytes(final long ref, final int offset, final int len) {
        final byte[] b = new byte[len];
        arena.read(ref, offset, b, 0, len);
        return b;
    }

    private byte[] vectorBytes(final PageVector v) {
        final byte[] out = new byte[(int) v.bytes()];
        for (int i = 0, at = 0; i < v.count(); at += v.len(i), i++) {
            arena.read(v.ref(i), v.offset(i), out, at, v.len(i));
        }
        return out;
    }

    private static void assertEntry(final PageVector v, final int i, final long ref, final int offset, final int len,
                                    final OpsKind ops) {
        assertEquals(ref, v.ref(i), "ref of entry " + i);
        assertEquals(offset, v.offset(i), "offset of entry " + i);
        assertEquals(len, v.len(i), "len of entry " + i);
        assertEquals(ops, v.ops(i), "ops of entry " + i);
    }
}
