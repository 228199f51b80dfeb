package org.splicelab.actors.iter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.splicelab.actors.iter.IterFixtures.PAGE;
import static org.splicelab.actors.iter.IterFixtures.cachePage;
import static org.splicelab.actors.iter.IterFixtures.concat;
import static org.splicelab.actors.iter.IterFixtures.pattern;
import static org.splicelab.actors.iter.IterFixtures.ring;
import static org.splicelab.actors.iter.IterFixtures.slice;

import java.util.Arrays;
import java.util.Random;
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
 * Seeded random operation sequences against a plain byte-array model of what a reader of the pipe
 * sees: the bytes queued before the current splice ({@code committed}) followed by the splice's bytes
 * ({@code region}: up to the position for ITER_PIPE, up to the end of the buffers for the seekable
 * variant). After every step: contents, position, extent, slot windows, one reference per slot and per
 * ZC buffer on each page-cache page, and no write into a page-cache page; after each sequence:
 * page-cache checksums unchanged, only the test's page-cache pages left after release, no violation.
 * A failure names the seed and the steps.
 */
class PipeIteratorPropertyTest {
    private static final int SEQUENCES = 2_000;
    private static final int MAX_OPS = 40;
    private static final int CACHE_PAGES = 3;
    private static final long FILE = 42;
    private static final int[] RING_SIZES = {1, 2, 4, 8};

    enum Variant { ITER_PIPE, ITER_PIPE_STALE_FLAGS, SEEKABLE }

    @Test
    void seekableShouldMatchTheByteModelAndNeverWriteABorrowedPage() {
        final Totals t = runAll(Variant.SEEKABLE, 0x5EED_0000L);
        assertEquals(0, t.pageCacheWrites, "the iterator wrote into a page-cache page");
        assertEquals(0, t.borrowedHandedOut, "get_pages handed out a page-cache page for writing");
        assertTrue(t.zcOverlaps > 200, "rules 2-4 exercised on ZC buffers: " + t);
        assertTrue(t.zcInserted > 1_000, "zero-copy buffers created: " + t);
    }

    @Test
    void iterPipeShouldMatchTheByteModelAndNeverWriteABorrowedPageItself() {
        final Totals t = runAll(Variant.ITER_PIPE, 0x5EED_1000L);
        assertEquals(0, t.pageCacheWrites);
        assertEquals(0, t.borrowedHandedOut);
        assertTrue(t.zcInserted > 1_000, "zero-copy buffers created: " + t);
    }

    /** Same sequences with 5.8–5.16.10's stale flags: random sequences find Dirty Pipe on their own. */
    @Test
    void iterPipeWithStaleFlagsShouldLetPipeWriteReachThePageCache() {
        final Totals t = runAll(Variant.ITER_PIPE_STALE_FLAGS, 0x5EED_1000L);
        assertTrue(t.sequencesWritingPageCache > 5, "Dirty Pipe found by random sequences: " + t);
        assertEquals(0, t.borrowedHandedOut);
    }

    private static Totals runAll(final Variant variant, final long baseSeed) {
        final Totals totals = new Totals();
        for (int i = 0; i < SEQUENCES; i++) {
            final long seed = baseSeed + i;
            try (Sequence s = new Sequence(variant, seed)) {
                s.run(totals);
            } catch (AssertionError | RuntimeException e) {
                System.err.println("FAILED " + variant + " seed=0x" + Long.toHexString(seed));
                throw new AssertionError(variant + " seed=0x" + Long.toHexString(seed) + ": " + e.getMessage(), e);
            }
        }
        return totals;
    }

    static final class Totals {
        long ops;
        long zcInserted;
        long zcOverlaps;
        long pageCacheWrites;
        long borrowedHandedOut;
        long sequencesWritingPageCache;

        @Override
        public String toString() {
            return "ops=" + ops + " zcInserted=" + zcInserted + " zcOverlaps=" + zcOverlaps + " pageCacheWrites="
                + pageCacheWrites + " borrowedHandedOut=" + borrowedHandedOut + " sequencesWritingPageCache="
                + sequencesWritingPageCache;
        }
    }

    /** One seeded sequence: a fresh arena, page-cache pages, the iterator and the byte model. */
    private static final class Sequence implements AutoCloseable {
        private final Variant variant;
        private final Random rnd;
        private final PageArena arena = new PageArena(1024, new PageAudit());
        private final PageVectorPool pool = new PageVectorPool(2, 64);
        private final long[] cache = new long[CACHE_PAGES];
        private final long[] sums = new long[CACHE_PAGES];
        private final PipeIterator it;
        private final PipeBuffers ring;
        private final StringBuilder log = new StringBuilder();
        private byte[] committed = new byte[0];
        private byte[] region = new byte[0];
        private int p;
        private int lastPage = -1;
        private int lastEnd;
        private Totals totals;

        Sequence(final Variant variant, final long seed) {
            this.variant = variant;
            this.rnd = new Random(seed);
            for (int c = 0; c < CACHE_PAGES; c++) {
                cache[c] = cachePage(arena, FILE, c);
                sums[c] = arena.checksum(cache[c], 0, PAGE);
            }
            final int slots = RING_SIZES[rnd.nextInt(RING_SIZES.length)];
            it = switch (variant) {
                case ITER_PIPE -> new IterPipe(pipe(KernelModel.ITER_PIPE, slots));
                case ITER_PIPE_STALE_FLAGS -> new IterPipe(pipe(KernelModel.DIRTY_PIPE, slots));
                case SEEKABLE -> new SeekableIterPipe(pipe(KernelModel.ITER_PIPE_SEEKABLE, slots));
            };
            ring = ring(it);
            log.append("slots=").append(slots);
        }

        /** The pipe's ring; under {@code dirty-pipe} a page-cache buffer keeps its slot's stale flags. */
        private PipeRing pipe(final KernelModel model, final int slots) {
            return new PipeRing(new Kernel(arena, pool, model), slots);
        }

        void run(final Totals t) {
            totals = t;
            final int ops = 1 + rnd.nextInt(MAX_OPS);
            for (int i = 0; i < ops; i++) {
                step();
                totals.ops++;
                if (it.pageCacheWrites() > 0) {
                    dirtyPipeFound();
                    return;
                }
                check();
            }
            if (rnd.nextBoolean()) {
                truncate();
                check();
            }
            checkPageCacheUntouched();
        }

        private void step() {
            final int op = rnd.nextInt(100);
            if (op < 18) {
                copy();
            } else if (op < 42) {
                pageTo();
            } else if (op < 50) {
                advance();
            } else if (op < 62) {
                revert();
            } else if (op < 74) {
                getPages();
            } else if (op < 82) {
                truncate();
            } else if (op < 85) {
                abort();
            } else if (op < 93) {
                pipeWrite();
            } else {
                pipeRead();
            }
        }

        // ------------------------------------------------------------------ operations and their model

        private void copy() {
            final int len = randomLength();
            final byte[] src = randomBytes(len + 2);
            countZcOverlap(len);
            final int n = it.copyTo(src, 2, len);
            log("copyTo(" + len + ")=" + n);
            checkShort(n, len);
            modelWrite(src, 2, n);
            p += n;
        }

        private void pageTo() {
            final boolean contiguous = lastPage >= 0 && lastEnd < PAGE && rnd.nextInt(3) == 0;
            final int c = contiguous ? lastPage : rnd.nextInt(CACHE_PAGES);
            final int offset = contiguous ? lastEnd : rnd.nextInt(PAGE);
            final int len = rnd.nextInt(4) == 0 ? PAGE - offset : rnd.nextInt(Math.min(600, PAGE - offset) + 1);
            countZcOverlap(len);
            final int zcBefore = zcBuffers();
            final int n = it.pageTo(cache[c], offset, len);
            log("pageTo(c" + c + "," + offset + "," + len + ")=" + n);
            checkShort(n, len);
            totals.zcInserted += Math.max(0, zcBuffers() - zcBefore);
            modelWrite(pattern(FILE, c), offset, n);
            p += n;
            lastPage = c;
            lastEnd = offset + n;
        }

        private void advance() {
            final int n = rnd.nextInt(6000);
            final int past = region.length - p;
            final int moved = it.advance(n);
            log("advance(" + n + ")=" + moved);
            if (variant == Variant.SEEKABLE) {
                assertTrue(moved >= Math.min(n, past) && moved <= n, "advance moved " + moved);
                checkShort(moved, n);
                modelAdvance(moved);
            } else {
                assertEquals(0, moved, "nothing lies past an ITER_PIPE position outside get_pages");
            }
        }

        private void revert() {
            final int n = rnd.nextInt(p + 200);
            final int moved = it.revert(n);
            log("revert(" + n + ")=" + moved);
            assertEquals(Math.min(n, p), moved);
            p -= moved;
            if (variant != Variant.SEEKABLE) {
                region = Arrays.copyOf(region, p);
            }
        }

        /** get_pages, then the caller (a DMA) fills a prefix; ITER_PIPE's caller then advances over it. */
        private void getPages() {
            final int maxBytes = randomLength();
            final int maxPages = 1 + rnd.nextInt(4);
            countZcOverlap(maxBytes);
            final int extentBefore = it.extent();
            final PageVector v = pool.vector().open();
            final int got = it.getPages(maxBytes, maxPages, v);
            log("getPages(" + maxBytes + "," + maxPages + ")=" + got + " in " + v.count());
            checkHandedOut(v, got, maxBytes, maxPages);
            final byte[] data = randomBytes(rnd.nextInt(got + 1));
            fill(v, data);
            v.discard(arena);
            if (variant == Variant.SEEKABLE) {
                assertEquals(Math.max(extentBefore, p + got), it.extent(), "rule 4 grows the pipe to cover the range");
                modelGrow(p + got);
                modelWrite(data, 0, data.length);
            } else {
                assertEquals(data.length, it.advance(data.length));
                log("advance(" + data.length + ")");
                modelWrite(data, 0, data.length);
                p += data.length;
            }
        }

        private void truncate() {
            final int result = it.truncate();
            log("truncate()=" + result);
            assertEquals(p, result, "a splice returns its position");
            committed = concat(committed, Arrays.copyOf(region, p));
            endSplice();
        }

        private void abort() {
            it.abort();
            log("abort()");
            endSplice();
        }

        private void pipeWrite() {
            truncate();
            final int len = randomLength();
            final byte[] src = randomBytes(len);
            final int n = it.pipeWrite(src, 0, len);
            log("pipeWrite(" + len + ")=" + n);
            checkShort(n, len);
            committed = concat(committed, Arrays.copyOf(src, n));
        }

        private void pipeRead() {
            truncate();
            final int max = rnd.nextInt(9000);
            final byte[] got = it.pipeRead(max);
            log("pipeRead(" + max + ")=" + got.length);
            final int n = Math.min(max, committed.length);
            assertArrayEquals(Arrays.copyOf(committed, n), got, "pipe_read returns the oldest bytes");
            committed = slice(committed, n, committed.length);
        }

        private void endSplice() {
            region = new byte[0];
            p = 0;
            lastPage = -1;
        }

        private void modelWrite(final byte[] src, final int off, final int n) {
            modelGrow(p + n);
            System.arraycopy(src, off, region, p, n);
        }

        private void modelAdvance(final int moved) {
            modelGrow(p + moved);
            p += moved;
        }

        /** Bytes appended past the end are zero-filled DATA (rules 1 and 4). */
        private void modelGrow(final int length) {
            if (length > region.length) {
                region = Arrays.copyOf(region, length);
            }
        }

        // ------------------------------------------------------------------ checks

        private void check() {
            final byte[] visible = variant == Variant.SEEKABLE ? region : Arrays.copyOf(region, p);
            final byte[] expected = concat(committed, visible);
            assertArrayEquals(expected, it.contents(), () -> "reader's view after " + log + "\n" + it.describe());
            assertEquals(expected.length, it.bytes());
            assertEquals(p, it.position(), () -> "position after " + log);
            assertEquals(visible.length, it.extent(), () -> "extent after " + log);
            checkSlots();
            assertEquals(0, arena.audit().total(), () -> "violations " + arena.audit().counts() + " after " + log);
        }

        /** Windows inside the page; one reference per slot; a page-cache page = 1 + its ZC buffers. */
        private void checkSlots() {
            assertTrue(ring.occupancy() >= 0 && ring.occupancy() <= ring.slots());
            final int[] zc = new int[CACHE_PAGES];
            for (int i = ring.tail(); i != ring.head(); i++) {
                final long page = ring.page(i);
                assertNotNull(ring.ops(i));
                assertTrue(ring.len(i) > 0 && ring.offset(i) >= 0 && ring.end(i) <= PAGE,
                    () -> "slot window after " + log + "\n" + it.describe());
                final int c = cacheIndex(page);
                if (ring.ops(i) == OpsKind.PAGE_CACHE) {
                    assertTrue(c >= 0, "a page_cache buffer holds a page-cache page");
                    zc[c]++;
                } else {
                    assertEquals(-1, c, () -> "a private buffer holds a page-cache page after " + log);
                    assertEquals(1, arena.refCount(page), "one reference per private buffer");
                }
            }
            for (int c = 0; c < CACHE_PAGES; c++) {
                assertEquals(1 + zc[c], arena.refCount(cache[c]), "cache page " + c + " after " + log);
            }
        }

        private void checkShort(final int n, final int wanted) {
            assertTrue(n >= 0 && n <= wanted, "count " + n + " of " + wanted);
            if (n < wanted) {
                assertTrue(ring.isFull(), () -> "short count without a full pipe after " + log + "\n" + it.describe());
            }
        }

        private void checkHandedOut(final PageVector v, final int got, final int maxBytes, final int maxPages) {
            assertTrue(got >= 0 && got <= maxBytes);
            assertEquals(got, v.bytes());
            assertTrue(v.count() <= maxPages);
            for (int i = 0; i < v.count(); i++) {
                assertTrue(v.offset(i) + v.len(i) <= PAGE);
                if (arena.hasFlags(v.ref(i), PageFlags.IN_PAGE_CACHE)) {
                    totals.borrowedHandedOut++;
                }
            }
        }

        private void checkPageCacheUntouched() {
            assertEquals(0, it.pageCacheWrites());
            for (int c = 0; c < CACHE_PAGES; c++) {
                assertEquals(sums[c], arena.checksum(cache[c], 0, PAGE), "page-cache page " + c + " was written");
            }
        }

        /** Only the stale-flags variant may get here: check the write is real, reported and end the sequence. */
        private void dirtyPipeFound() {
            assertEquals(Variant.ITER_PIPE_STALE_FLAGS, variant, () -> "page-cache write after " + log);
            totals.sequencesWritingPageCache++;
            totals.pageCacheWrites += it.pageCacheWrites();
            assertEquals(it.pageCacheWrites(), arena.audit().count(Violation.PAGE_CACHE_WRITTEN_THROUGH_PIPE));
            assertEquals(it.pageCacheWrites(), arena.audit().total());
            boolean changed = false;
            for (int c = 0; c < CACHE_PAGES; c++) {
                changed |= sums[c] != arena.checksum(cache[c], 0, PAGE);
            }
            assertTrue(changed, "the merge changed a page-cache page");
            arena.audit().reset();
        }

        // ------------------------------------------------------------------ helpers

        private void fill(final PageVector v, final byte[] data) {
            int done = 0;
            for (int i = 0; i < v.count() && done < data.length; i++) {
                final int n = Math.min(v.len(i), data.length - done);
                arena.write(v.ref(i), v.offset(i), data, done, n);
                done += n;
            }
        }

        /** Counts operations whose range [p, p+len) meets a ZC buffer of the current splice. */
        private void countZcOverlap(final int len) {
            int at = 0;
            for (int i = ring.tail(); i != ring.head(); i++) {
                final int start = at - committed.length;
                at += ring.len(i);
                if (start >= 0 && ring.ops(i) == OpsKind.PAGE_CACHE && start < p + len && at - committed.length > p) {
                    totals.zcOverlaps++;
                    return;
                }
            }
        }

        private int zcBuffers() {
            int n = 0;
            for (int i = ring.tail(); i != ring.head(); i++) {
                n += ring.ops(i) == OpsKind.PAGE_CACHE ? 1 : 0;
            }
            return n;
        }

        private int cacheIndex(final long page) {
            for (int c = 0; c < CACHE_PAGES; c++) {
                if (cache[c] == page) {
                    return c;
                }
            }
            return -1;
        }

        private int randomLength() {
            switch (rnd.nextInt(4)) {
                case 0:
                    return rnd.nextInt(64);
                case 1:
                    return rnd.nextInt(PAGE + 1);
                case 2:
                    return PAGE - 8 + rnd.nextInt(17);
                default:
                    return rnd.nextInt(3 * PAGE);
            }
        }

        /** Bytes with the high bit set: never equal to page-cache bytes, so any overwrite shows. */
        private byte[] randomBytes(final int n) {
            final byte[] b = new byte[n];
            rnd.nextBytes(b);
            for (int i = 0; i < n; i++) {
                b[i] |= (byte) 0x80;
            }
            return b;
        }

        private void log(final String step) {
            log.append(' ').append(step);
        }

        @Override
        public void close() {
            try {
                it.release();
                assertEquals(CACHE_PAGES, arena.framesInUse(), () -> "after release only the test's pages: " + log);
                for (final long c : cache) {
                    assertEquals(1, arena.refCount(c));
                    IterFixtures.uncache(arena, c);
                }
                assertEquals(0, arena.framesInUse());
                assertEquals(0, arena.audit().total(), () -> "violations " + arena.audit().counts());
                assertEquals(0, pool.inUse());
            } finally {
                pool.close();
                arena.close();
            }
        }
    }
}
